/**
 * The migrations of one database: status, apply (`up`), revert (`down`), the CI check and the
 * generator. Reached as `orm.migrator(options)`.
 */
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Database } from '../../dialects/index.js';
import { MigrationError } from '../../errors/index.js';
import type { MetadataRegistry } from '../../mapping/index.js';
import { desiredSchema } from '../desired.js';
import { diffSchemas, type SchemaDiff } from '../diff.js';
import type { SchemaModel } from '../model.js';
import { DEFAULT_JOURNAL_TABLE, Journal, type JournalRow } from './journal.js';
import type { MigrationSource, MigrationStatus } from './migration.js';
import { renderMigration, slug, timestamp } from './render.js';
import { type MigrationEvent, MigrationRunner } from './runner.js';
import { folderSources } from './sources.js';

export interface MigratorOptions {
  /** The migrations folder (default `migrations`, from the working directory). */
  readonly folder?: string | undefined;
  /** The journal table (default `tabula_migrations`). */
  readonly tableName?: string | undefined;
  /** How long to wait for another process's run to finish (default 60 s). */
  readonly lockTimeoutSeconds?: number | undefined;
  /** Called as the run goes: waiting for the lock, each migration started and done. */
  readonly onEvent?: ((event: MigrationEvent) => void) | undefined;
}

/** What `check()` found; `ok` is what CI wants. */
export interface MigrationCheck {
  /** No problem, and the mappers equal the database with the pending migrations applied. */
  readonly ok: boolean;
  /** Edited, missing or failed migrations, in words. */
  readonly problems: readonly string[];
  readonly pending: readonly string[];
  /** The differences left once the pending migrations are applied: a migration is missing for each. */
  readonly differences: readonly string[];
  /** Destructive differences the safe diff holds back (not failures: dropping is never required). */
  readonly heldBack: readonly string[];
  /** Set when the pending migrations could not be tried (MySQL: its DDL cannot be rolled back). */
  readonly unverified?: string | undefined;
}

/** A migration file written by `generate()`. */
export interface GeneratedMigration {
  readonly name: string;
  readonly path: string;
  readonly diff: SchemaDiff;
}

class Rollback<T> {
  constructor(readonly value: T) {}
}

/**
 * @example
 * const migrator = orm.migrator({ folder: 'migrations' });
 * await migrator.generate('add author bio');   // migrations/20261207184500_add_author_bio.ts
 * await migrator.up();                          // applies the pending ones, under the lock
 * console.table(await migrator.status());
 * await migrator.down();                        // reverts the last one
 */
export class Migrator {
  readonly folder: string;
  private readonly journal: Journal;
  private readonly runner: MigrationRunner;

  constructor(
    private readonly db: Database,
    private readonly registry: MetadataRegistry,
    options: MigratorOptions = {},
  ) {
    this.folder = resolve(options.folder ?? 'migrations');
    const table = options.tableName ?? DEFAULT_JOURNAL_TABLE;
    this.journal = new Journal(db.dialect, table);
    this.runner = new MigrationRunner(db, this.journal, {
      lockName: table,
      lockTimeoutSeconds: options.lockTimeoutSeconds ?? 60,
      onEvent: options.onEvent,
    });
  }

  /** The journal table's name. */
  get tableName(): string {
    return this.journal.table;
  }

  /** The migration files, in the order they apply. */
  sources(): MigrationSource[] {
    return folderSources(this.folder);
  }

  private async journalRows(): Promise<JournalRow[]> {
    return this.db.pool.withConnection(async (c) => ((await this.journal.exists(c)) ? this.journal.read(c) : []));
  }

  /** Every migration, applied or not, with its state (read without the lock). */
  async status(): Promise<MigrationStatus[]> {
    const sources = this.sources();
    const rows = new Map((await this.journalRows()).map((r) => [r.name, r]));
    const out: MigrationStatus[] = sources.map((s) => {
      const row = rows.get(s.name);
      if (row === undefined) return { name: s.name, state: 'pending' };
      if (row.state !== 'applied') {
        return {
          name: s.name,
          state: 'failed',
          appliedAt: row.appliedAt,
          step: row.step,
          error: row.error ?? 'interrupted',
        };
      }
      return { name: s.name, state: row.checksum === s.checksum ? 'applied' : 'edited', appliedAt: row.appliedAt };
    });
    const names = new Set(sources.map((s) => s.name));
    for (const row of rows.values()) {
      if (!names.has(row.name)) out.push({ name: row.name, state: 'missing', appliedAt: row.appliedAt });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The names of the migrations `up()` would apply (failed ones included), in order. */
  async pending(): Promise<string[]> {
    return (await this.status()).filter((s) => s.state === 'pending' || s.state === 'failed').map((s) => s.name);
  }

  /** Refuses to go on when an applied migration was edited or its file is gone. */
  private verify(sources: readonly MigrationSource[], rows: readonly JournalRow[]): void {
    const byName = new Map(sources.map((s) => [s.name, s]));
    for (const row of rows) {
      const source = byName.get(row.name);
      if (source === undefined) throw MigrationError.missing(row.name, this.folder);
      if (row.state === 'applied' && row.checksum !== source.checksum) {
        throw MigrationError.edited(row.name, row.checksum, source.checksum);
      }
    }
  }

  /**
   * Applies the pending migrations in name order (up to and including `to`), each at most once
   * however many processes run this at the same time. Returns the names it applied.
   */
  async up(options: { readonly to?: string | undefined } = {}): Promise<string[]> {
    const sources = this.sources();
    if (options.to !== undefined && !sources.some((s) => s.name === options.to)) {
      throw new MigrationError(`There is no migration ${options.to} in ${this.folder}.`, 'missing', options.to);
    }
    return this.runner.locked(async (connection) => {
      const rows = await this.journal.read(connection);
      this.verify(sources, rows);
      const applied = new Set(rows.filter((r) => r.state === 'applied').map((r) => r.name));
      const done: string[] = [];
      for (const source of sources) {
        if (options.to !== undefined && source.name > options.to) break;
        if (applied.has(source.name)) continue;
        if (await this.runner.apply(connection, source)) done.push(source.name);
      }
      return done;
    });
  }

  /** Reverts the last `steps` applied migrations (default 1), newest first. Returns their names. */
  async down(options: { readonly steps?: number | undefined } = {}): Promise<string[]> {
    const steps = options.steps ?? 1;
    const sources = this.sources();
    return this.runner.locked(async (connection) => {
      const rows = await this.journal.read(connection);
      this.verify(sources, rows);
      const failed = rows.find((r) => r.state !== 'applied');
      if (failed) {
        throw new MigrationError(
          `Migration ${failed.name} failed halfway (${failed.error ?? 'interrupted'}); revert it by hand and delete its journal row, or fix it and run up.`,
          'incomplete',
          failed.name,
        );
      }
      const targets = rows.slice(-steps).reverse();
      const byName = new Map(sources.map((s) => [s.name, s]));
      for (const row of targets) await this.runner.revert(connection, byName.get(row.name) as MigrationSource);
      return targets.map((r) => r.name);
    });
  }

  /**
   * For CI: no applied migration edited or missing, none failed, and the database with the pending
   * migrations applied equals the mappers. On PostgreSQL and SQLite the pending migrations are
   * applied in a transaction that is rolled back; MySQL cannot roll DDL back, so with pending
   * migrations there the check says it could not try them (`unverified`; run `up` first).
   */
  async check(): Promise<MigrationCheck> {
    const status = await this.status();
    const problems = status
      .filter((s) => s.state === 'edited' || s.state === 'missing' || s.state === 'failed')
      .map(
        (s) =>
          `${s.name}: ${s.state === 'failed' ? `failed (${s.error})` : s.state === 'edited' ? 'edited after it was applied' : 'applied, but its file is gone'}`,
      );
    const pending = status.filter((s) => s.state === 'pending').map((s) => s.name);
    const desired = desiredSchema(this.registry, this.db.dialect);
    let unverified: string | undefined;
    let diff: SchemaDiff;
    if (pending.length === 0 || problems.length > 0) {
      diff = diffSchemas(desired, await this.introspect(), this.db.dialect);
      if (pending.length > 0) unverified = 'pending migrations were not tried, because of the problems above';
    } else if (!this.db.dialect.migrationLock.transactionalDdl) {
      diff = diffSchemas(desired, await this.introspect(), this.db.dialect);
      unverified =
        'MySQL cannot roll DDL back, so the pending migrations were not tried: run `tabula migration up` on a CI database first, then check';
    } else {
      diff = diffSchemas(desired, await this.introspectAfter(pending), this.db.dialect);
    }
    const differences = diff.changes.map((c) => c.description);
    return {
      ok: problems.length === 0 && differences.length === 0 && unverified === undefined,
      problems,
      pending,
      differences,
      heldBack: diff.heldBack.map((c) => c.description),
      ...(unverified ? { unverified } : {}),
    };
  }

  /** The live schema without the journal table. */
  private async introspect(): Promise<SchemaModel> {
    return this.db.pool.withConnection((c) =>
      this.introspectOn((sql, params = []) => c.run({ sql, params: [...params] })),
    );
  }

  private async introspectOn(
    run: (sql: string, params?: readonly unknown[]) => Promise<{ rows: Record<string, unknown>[] }>,
  ): Promise<SchemaModel> {
    const model = await this.db.dialect.schema.introspect(async (sql, params) => (await run(sql, params)).rows);
    return { tables: model.tables.filter((t) => t.name !== this.journal.table && !INTERNAL.has(t.name)) };
  }

  /** The schema as it would be with `pending` applied: applied in a transaction that rolls back. */
  private async introspectAfter(pending: readonly string[]): Promise<SchemaModel> {
    const sources = this.sources().filter((s) => pending.includes(s.name));
    return this.runner.locked(async (connection) => {
      try {
        await this.runner.transaction(connection, async (tx) => {
          for (const source of sources) await this.runner.steps(tx, source);
          throw new Rollback(await this.introspectOn((sql, params = []) => tx.run({ sql, params: [...params] })));
        });
      } catch (e) {
        if (e instanceof Rollback) return e.value as SchemaModel;
        throw e;
      }
      throw new Error('unreachable');
    });
  }

  /**
   * Writes a migration with the statements that bring the database to the mappers, or returns
   * undefined when there is nothing to change. Refused while migrations are pending (the new one
   * would repeat their changes): apply them first.
   */
  async generate(
    name = 'migration',
    options: { readonly allowDestructive?: boolean | undefined; readonly now?: Date | undefined } = {},
  ): Promise<GeneratedMigration | undefined> {
    const status = await this.status();
    const waiting = status.filter((s) => s.state !== 'applied');
    if (waiting.length > 0) {
      throw new MigrationError(
        `Cannot generate a migration while ${waiting.map((s) => `${s.name} (${s.state})`).join(', ')} ${waiting.length === 1 ? 'is' : 'are'} not applied: ` +
          'the new migration would repeat their changes.\n  Run `tabula migration up` first (or resolve the problem shown by `tabula migration status`).',
        'pending',
        waiting[0]?.name,
      );
    }
    const diff = diffSchemas(desiredSchema(this.registry, this.db.dialect), await this.introspect(), this.db.dialect, {
      allowDestructive: options.allowDestructive,
    });
    if (diff.changes.length === 0) return undefined;
    const now = options.now ?? new Date();
    let stamp = now;
    const existing = new Set(this.sources().map((s) => s.name.slice(0, 14)));
    while (existing.has(timestamp(stamp))) stamp = new Date(stamp.getTime() + 1000);
    const fullName = `${timestamp(stamp)}_${slug(name)}`;
    mkdirSync(this.folder, { recursive: true });
    const file = join(this.folder, `${fullName}.ts`);
    if (existsSync(file)) throw new MigrationError(`${file} already exists.`, 'invalid', fullName);
    writeFileSync(file, renderMigration(diff, { name: fullName, dialect: this.db.dialect.name, createdAt: now }));
    return { name: fullName, path: file, diff };
  }
}

const INTERNAL: ReadonlySet<string> = new Set([DEFAULT_JOURNAL_TABLE, 'tabula_commit_log']);

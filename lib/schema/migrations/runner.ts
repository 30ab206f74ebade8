/**
 * Applies and reverts migrations under the lock. Where DDL is transactional (PostgreSQL, SQLite)
 * each migration and its journal row commit together in one transaction, and the journal is read
 * again inside it: a second process that waited for the lock finds the migration recorded and
 * skips it. On MySQL/MariaDB the session lock serialises runs, and each statement commits on its
 * own, so the journal row records the progress statement by statement.
 */
import { type Connection, runTransaction, type Transaction } from '../../connection/index.js';
import type { Database } from '../../dialects/index.js';
import { MigrationError } from '../../errors/index.js';
import { isSqlNode, type SqlNode } from '../../sql/index.js';
import type { Journal } from './journal.js';
import type { Migration, MigrationContext, MigrationSource } from './migration.js';

/** What the runner reports as it goes (the CLI prints it). */
export type MigrationEvent =
  | { readonly kind: 'lock-wait' }
  | { readonly kind: 'start'; readonly direction: 'up' | 'down'; readonly name: string }
  | { readonly kind: 'done'; readonly direction: 'up' | 'down'; readonly name: string; readonly ms: number }
  | { readonly kind: 'skipped'; readonly name: string; readonly why: string };

export interface RunnerOptions {
  readonly lockName: string;
  readonly lockTimeoutSeconds: number;
  readonly onEvent?: ((event: MigrationEvent) => void) | undefined;
}

type Runner = Pick<Connection, 'run'> | Pick<Transaction, 'run'>;

/** A migration that failed at one of its statements: which, and how many took effect before it. */
class StepFailure extends Error {
  constructor(
    readonly step: number,
    readonly statement: string,
    readonly error: unknown,
  ) {
    super(error instanceof Error ? error.message : String(error));
  }
}

export class MigrationRunner {
  constructor(
    private readonly db: Database,
    private readonly journal: Journal,
    private readonly options: RunnerOptions,
  ) {}

  private get lock() {
    return this.db.dialect.migrationLock;
  }

  /**
   * Runs `fn` with one connection holding the session lock (where the dialect has one), the
   * journal table created. Without a session lock, `fn` must take the write lock per migration.
   */
  async locked<T>(fn: (connection: Connection) => Promise<T>): Promise<T> {
    return this.db.pool.withConnection(async (connection) => {
      const { acquire, release } = this.lock;
      if (acquire) await this.acquire(connection, acquire);
      try {
        if (this.lock.transactionalDdl)
          await runTransaction(connection, this.db.dialect, (tx) => this.journal.ensure(tx), {});
        else await this.journal.ensure(connection);
        return await fn(connection);
      } finally {
        if (release) {
          await connection.run(release(this.options.lockName)).catch(() => connection.markBroken());
        }
      }
    });
  }

  private async acquire(connection: Connection, acquire: NonNullable<Database['dialect']['migrationLock']['acquire']>) {
    this.options.onEvent?.({ kind: 'lock-wait' });
    let locked = false;
    try {
      for (const query of acquire(this.options.lockName, this.options.lockTimeoutSeconds)) {
        const row = (await connection.run(query)).rows[0];
        if (row && 'locked' in row) locked = Number(row.locked) === 1;
      }
    } catch (e) {
      connection.markBroken();
      throw e instanceof Error && /lock timeout|canceling statement/i.test(e.message)
        ? Object.assign(MigrationError.locked(this.options.lockTimeoutSeconds), { cause: e })
        : e;
    }
    if (!locked) throw MigrationError.locked(this.options.lockTimeoutSeconds);
  }

  /**
   * One migration's transaction, with the dialect's settings around it (SQLite: foreign keys off,
   * then checked before COMMIT, so a table rebuild neither cascades nor leaves a dangling key).
   */
  async transaction<T>(connection: Connection, fn: (tx: Transaction) => Promise<T>): Promise<T> {
    const { around, foreignKeyCheck } = this.lock;
    for (const sql of around?.before ?? []) await connection.run({ sql, params: [] });
    try {
      return await runTransaction(
        connection,
        this.db.dialect,
        async (tx) => {
          const result = await fn(tx);
          if (around && foreignKeyCheck) {
            const dangling = (await tx.run({ sql: foreignKeyCheck, params: [] })).rows;
            if (dangling.length > 0) {
              const first = dangling[0] as Record<string, unknown>;
              throw new Error(
                `${dangling.length} row(s) reference a missing parent (first: table ${String(first.table)}, rowid ${String(first.rowid)}, parent ${String(first.parent)})`,
              );
            }
          }
          return result;
        },
        {},
      );
    } finally {
      for (const sql of around?.after ?? [])
        await connection.run({ sql, params: [] }).catch(() => connection.markBroken());
    }
  }

  /** Applies `source` unless the journal (read under the lock) already has it. True when it ran. */
  async apply(connection: Connection, source: MigrationSource): Promise<boolean> {
    const migration = await source.load();
    const started = Date.now();
    if (this.lock.transactionalDdl) {
      const ran = await this.transaction(connection, async (tx) => {
        const [row] = await this.journal.read(tx, source.name);
        if (row?.state === 'applied') return false;
        this.options.onEvent?.({ kind: 'start', direction: 'up', name: source.name });
        const steps = await this.runSteps(tx, migration.up.bind(migration), 0, source.name, 'up');
        await this.journal.record(tx, {
          name: source.name,
          checksum: source.checksum,
          state: 'applied',
          step: steps,
          error: null,
        });
        return true;
      });
      if (ran) this.options.onEvent?.({ kind: 'done', direction: 'up', name: source.name, ms: Date.now() - started });
      else this.options.onEvent?.({ kind: 'skipped', name: source.name, why: 'applied by another process meanwhile' });
      return ran;
    }
    const [row] = await this.journal.read(connection, source.name);
    if (row?.state === 'applied') return false;
    // A failed (or interrupted) attempt resumes after the statements that took effect.
    const resumeAt = row ? row.step : 0;
    this.options.onEvent?.({ kind: 'start', direction: 'up', name: source.name });
    await this.journal.record(connection, {
      name: source.name,
      checksum: source.checksum,
      state: 'running',
      step: resumeAt,
      error: null,
    });
    const steps = await this.runSteps(connection, migration.up.bind(migration), resumeAt, source.name, 'up');
    await this.journal.progress(connection, source.name, 'applied', steps, null);
    this.options.onEvent?.({ kind: 'done', direction: 'up', name: source.name, ms: Date.now() - started });
    return true;
  }

  /** Runs `source`'s up on `tx` without recording it (the check's rolled-back trial). */
  async steps(tx: Transaction, source: MigrationSource): Promise<void> {
    const migration = await source.load();
    await this.runSteps(tx, migration.up.bind(migration), 0, source.name, 'up');
  }

  /** Reverts `source` (recorded as applied) and removes its journal row. */
  async revert(connection: Connection, source: MigrationSource): Promise<void> {
    const migration: Migration = await source.load();
    const down = migration.down;
    if (down === undefined) {
      throw new MigrationError(
        `Migration ${source.name} has no down function, so it cannot be reverted.\n` +
          '  Write its down (the statements that undo its up), or revert it by hand and delete its journal row.',
        'irreversible',
        source.name,
      );
    }
    const started = Date.now();
    this.options.onEvent?.({ kind: 'start', direction: 'down', name: source.name });
    if (this.lock.transactionalDdl) {
      await this.transaction(connection, async (tx) => {
        const [row] = await this.journal.read(tx, source.name);
        if (row?.state !== 'applied') return;
        await this.runSteps(tx, down.bind(migration), 0, source.name, 'down');
        await this.journal.remove(tx, source.name);
      });
    } else {
      await this.runSteps(connection, down.bind(migration), 0, source.name, 'down');
      await this.journal.remove(connection, source.name);
    }
    this.options.onEvent?.({ kind: 'done', direction: 'down', name: source.name, ms: Date.now() - started });
  }

  /**
   * Runs a migration function; returns how many statements it executed. `resumeAt` statements are
   * skipped (MySQL's resume). Where DDL is not transactional, each statement's success is recorded.
   */
  private async runSteps(
    runner: Runner,
    fn: (m: MigrationContext) => Promise<void>,
    resumeAt: number,
    name: string,
    direction: 'up' | 'down',
  ): Promise<number> {
    const dialect = this.db.dialect;
    const record = !this.lock.transactionalDdl && direction === 'up';
    const compile = (statement: string | SqlNode) =>
      typeof statement === 'string'
        ? { sql: statement, params: [] }
        : isSqlNode(statement)
          ? dialect.compile(statement)
          : undefined;
    let step = 0;
    const context: MigrationContext = {
      dialect: dialect.name,
      execute: async (statement) => {
        const query = compile(statement);
        if (query === undefined) throw new TypeError('m.execute takes SQL text or a node of the sql tag');
        step++;
        if (step <= resumeAt) return { affectedRows: 0 };
        try {
          const result = await runner.run(query);
          if (record) await this.journal.progress(runner, name, 'running', step, null);
          return { affectedRows: result.affectedRows };
        } catch (e) {
          throw new StepFailure(step, query.sql, e);
        }
      },
      query: async <Row>(statement: string | SqlNode) => {
        const query = compile(statement);
        if (query === undefined) throw new TypeError('m.query takes SQL text or a node of the sql tag');
        return (await runner.run(query)).rows as Row[];
      },
    };
    try {
      await fn(context);
    } catch (e) {
      throw await this.failed(runner, name, direction, e, step);
    }
    return step;
  }

  private async failed(runner: Runner, name: string, direction: 'up' | 'down', e: unknown, step: number) {
    const failure = e instanceof StepFailure ? e : undefined;
    const cause = failure ? failure.error : e;
    const message = cause instanceof Error ? cause.message : String(cause);
    const at = failure ? `statement ${failure.step} (${oneLine(failure.statement)})` : `after statement ${step}`;
    const done = failure ? failure.step - 1 : step;
    let consequence: string;
    if (this.lock.transactionalDdl) {
      consequence = 'Its transaction was rolled back: nothing of it took effect. Fix the migration and run it again.';
    } else if (direction === 'up') {
      // Each DDL statement has committed on its own: the journal keeps how far the migration got.
      await this.journal.progress(runner, name, 'failed', done, `${at}: ${message}`).catch(() => undefined);
      consequence =
        `MySQL commits each DDL statement on its own: the ${done} statement(s) before it took effect and stay. ` +
        '`tabula migration status` shows it as failed. Fix the failing statement and run `migration up` again ' +
        '(it resumes after the statements that took effect), or repair by hand and delete its journal row.';
    } else {
      consequence = `MySQL commits each DDL statement on its own: the ${done} statement(s) of down before it took effect. Repair by hand.`;
    }
    return new MigrationError(
      `Migration ${name} (${direction}) failed at ${at}: ${message}\n  ${consequence}`,
      'failed',
      name,
      {
        cause,
      },
    );
  }
}

function oneLine(sql: string): string {
  const text = sql.replace(/\s+/g, ' ').trim();
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

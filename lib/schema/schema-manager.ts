/**
 * Creates and drops the tables the mappers describe, compares them with the live database
 * (`diff`, `verify`) and brings the database up to them (`update`).
 */
import type { Database } from '../dialects/index.js';
import { SchemaDriftError } from '../errors/index.js';
import { desiredSchema } from './desired.js';
import { diffSchemas, type SchemaDiff, type SchemaDiffOptions } from './diff.js';
import { introspectSchema } from './introspect.js';
import type { SchemaModel } from './model.js';
import type { MappedTable, MetadataRegistry } from '../mapping/index.js';
import type { TableDescription } from '../sql/index.js';

/** The options of `orm.schema.diff` and `orm.schema.update`. */
export interface SchemaManagerDiffOptions extends SchemaDiffOptions {
  /**
   * Tables of the database that no mapper names: `'ignore'` (the default) leaves them out of the
   * comparison; `'drop'` compares them too, so they are dropped (with `allowDestructive`).
   */
  readonly unmappedTables?: 'ignore' | 'drop' | undefined;
}

/**
 * Runs schema statements as one unit: `session.before` on the connection, then `statements` in
 * one transaction (all or nothing where the database's DDL is transactional), then `session.after`
 * whatever happened.
 */
export async function applySchemaStatements(
  db: Database,
  statements: readonly string[],
  session: SchemaDiff['session'] = { before: [], after: [] },
): Promise<void> {
  if (statements.length === 0) return;
  await db.pool.withConnection(async (c) => {
    for (const sql of session.before) await c.run({ sql, params: [] });
  });
  try {
    await db.pool.transaction(async (tx) => {
      for (const sql of statements) await tx.run({ sql, params: [] });
    });
  } finally {
    await db.pool.withConnection(async (c) => {
      for (const sql of session.after) await c.run({ sql, params: [] });
    });
  }
}

/**
 * Indexes for foreign-key columns that no key or index already leads with. PostgreSQL and SQLite
 * do not index them by themselves, and without one every delete of a parent row scans the child
 * table (10,000 deletes: a quadratic scan).
 */
function foreignKeyIndexes(table: MappedTable): { name: string; columns: readonly string[] }[] {
  const leading = [table.primaryKey, ...table.uniques.map((u) => u.columns), ...table.indexes.map((i) => i.columns)];
  const covered = (columns: readonly string[]) => leading.some((lead) => columns.every((c, i) => lead[i] === c));
  return table.foreignKeys
    .filter((f) => !covered(f.columns))
    .map((f) => ({ name: fitIdentifier(`${table.name}_${f.columns.join('_')}_fk_idx`), columns: f.columns }));
}

/** Identifiers are at most 63 characters (PostgreSQL's limit); a longer name keeps a hash of the rest. */
function fitIdentifier(name: string): string {
  if (name.length <= 63) return name;
  let hash = 0;
  for (const ch of name) hash = (Math.imul(hash, 31) + (ch.codePointAt(0) ?? 0)) >>> 0;
  return `${name.slice(0, 54)}_${hash.toString(16).padStart(8, '0')}`;
}

/**
 * The registry's plain table listing as the DDL compiler's TableDescription (the shapes match one
 * to one). A soft-deletable table's unique constraints become partial unique indexes over the
 * live rows where the database has them (`partial`), so a soft-deleted row frees its values.
 */
export function toTableDescription(table: MappedTable, partial = false): TableDescription {
  const isPartial = (u: MappedTable['uniques'][number]) => partial && u.softDeleteColumn !== undefined;
  return {
    name: table.name,
    columns: table.columns.map((c) => ({
      name: c.name,
      type: c.type,
      nullable: c.nullable,
      ...(c.default !== undefined ? { default: c.default } : {}),
      ...(c.autoIncrement ? { autoIncrement: true, primaryKey: true } : {}),
    })),
    ...(table.columns.some((c) => c.autoIncrement) ? {} : { primaryKey: { columns: table.primaryKey } }),
    uniques: table.uniques
      .filter((u) => !isPartial(u))
      .map((u) => ({ columns: u.columns, ...(u.name ? { name: u.name } : {}) })),
    indexes: [
      ...table.uniques.filter(isPartial).map((u) => ({
        name: u.name ?? fitIdentifier(`${table.name}_${u.columns.join('_')}_live_key`),
        columns: u.columns,
        unique: true,
        whereNull: u.softDeleteColumn as string,
      })),
      ...table.indexes.map((i) => ({ columns: i.columns, name: i.name ?? `${table.name}_${i.columns.join('_')}_idx` })),
      ...foreignKeyIndexes(table),
    ],
    foreignKeys: table.foreignKeys.map((f) => ({
      columns: f.columns,
      referencedTable: f.referencedTable,
      referencedColumns: f.referencedColumns,
      ...(f.onDelete ? { onDelete: f.onDelete } : {}),
    })),
  };
}

/**
 * Orders tables so each comes after the tables its NOT NULL foreign keys reference, and after
 * those its nullable ones reference where a cycle allows; a cycle is broken at a nullable key,
 * which the DDL then adds afterwards.
 */
export function creationOrder(tables: readonly MappedTable[]): MappedTable[] {
  const names = new Set(tables.map((t) => t.name));
  const deps = (t: MappedTable, notNullOnly: boolean) =>
    t.foreignKeys
      .filter((f) => f.referencedTable !== t.name && names.has(f.referencedTable))
      .filter((f) => !notNullOnly || f.columns.some((c) => t.columns.find((col) => col.name === c)?.nullable === false))
      .map((f) => f.referencedTable);
  const placed = new Set<string>();
  const remaining = [...tables];
  const out: MappedTable[] = [];
  while (remaining.length > 0) {
    const ready = (t: MappedTable, notNullOnly: boolean) => deps(t, notNullOnly).every((d) => placed.has(d));
    // Prefer a table whose every dependency is placed; else one whose NOT NULL ones are; else any.
    const index =
      [(t: MappedTable) => ready(t, false), (t: MappedTable) => ready(t, true)]
        .map((test) => remaining.findIndex(test))
        .find((i) => i >= 0) ?? 0;
    const [next] = remaining.splice(index, 1) as [MappedTable];
    placed.add(next.name);
    out.push(next);
  }
  return out;
}

/**
 * Schema operations for the mapped tables.
 * @example
 * await orm.schema.create();   // CREATE TABLE … for every mapper, parents first
 * await orm.schema.drop();     // DROP TABLE IF EXISTS …, children first
 */
export class SchemaManager {
  constructor(
    private readonly db: Database,
    private readonly registry: MetadataRegistry,
  ) {}

  /** The CREATE statements, in an order that satisfies every foreign key (of the tables not in `skip`). */
  createStatements(skip: ReadonlySet<string> = new Set()): string[] {
    const ddl = this.db.dialect.ddl;
    const tables = this.registry.tables().filter((t) => !skip.has(t.name));
    return ddl.createTables(creationOrder(tables).map((t) => toTableDescription(t, ddl.supportsPartialIndexes)));
  }

  /** The names of the tables that exist in the connection's current schema (database). */
  async existingTables(): Promise<Set<string>> {
    const rows = await this.db.pool.withConnection((c) => c.run({ sql: this.db.dialect.ddl.listTables(), params: [] }));
    return new Set(rows.rows.map((r) => String(r.name)));
  }

  /** The DROP statements, children before parents. */
  dropStatements(): string[] {
    const ddl = this.db.dialect.ddl;
    return ddl.dropTables(
      creationOrder(this.registry.tables())
        .reverse()
        .map((t) => t.name),
    );
  }

  /**
   * Creates every mapped table, in one transaction: all or nothing on PostgreSQL and SQLite
   * (MySQL commits each CREATE on its own, so a failure there leaves the tables made before it).
   * With `ifNotExists`, a table that already exists is left as it is (not compared with its mapper:
   * that is the schema diff's job) and only the missing ones are created, so a program can run it
   * at every start.
   * @example await orm.schema.create({ ifNotExists: true });
   */
  async create(options: { readonly ifNotExists?: boolean | undefined } = {}): Promise<void> {
    const statements = this.createStatements(options.ifNotExists ? await this.existingTables() : undefined);
    if (statements.length === 0) return;
    await this.db.pool.transaction(async (tx) => {
      for (const sql of statements) await tx.run({ sql, params: [] });
    });
  }

  /**
   * The live schema: the mapped tables (and the old names of renamed ones), or every table of the
   * database with `unmappedTables: 'drop'`.
   */
  async introspect(options: Pick<SchemaManagerDiffOptions, 'unmappedTables'> = {}): Promise<SchemaModel> {
    if (options.unmappedTables === 'drop') return introspectSchema(this.db);
    const tables = this.registry.tables().flatMap((t) => (t.renamedFrom ? [t.name, t.renamedFrom] : [t.name]));
    return introspectSchema(this.db, { tables });
  }

  /** The mappers as this database will report them. */
  desired(): SchemaModel {
    return desiredSchema(this.registry, this.db.dialect);
  }

  /**
   * What it takes to bring the database to the mappers: changes in words, the statements, what was
   * held back as destructive, probable renames, table rewrites. Nothing is run.
   * @example const diff = await orm.schema.diff(); console.log(diff.up.join(';\n'));
   */
  async diff(options: SchemaManagerDiffOptions = {}): Promise<SchemaDiff> {
    return diffSchemas(this.desired(), await this.introspect(options), this.db.dialect, options);
  }

  /**
   * Applies {@link diff}: in one transaction on PostgreSQL and SQLite (all or nothing); MySQL commits
   * each DDL statement by itself, so a failure there leaves the changes before it applied.
   * Destructive changes only with `allowDestructive`. Resolves to the diff it applied.
   * @example await orm.schema.update();  // development: bring the tables to the mappers, keeping data
   */
  async update(options: SchemaManagerDiffOptions = {}): Promise<SchemaDiff> {
    const diff = await this.diff(options);
    await applySchemaStatements(this.db, diff.up, diff.session);
    return diff;
  }

  /**
   * Throws a {@link SchemaDriftError} listing each difference between the mappers and the live
   * database in words; resolves when there is none. Tables no mapper names are not compared.
   * @example await orm.schema.verify();  // at start-up, or in CI against a migrated database
   */
  async verify(): Promise<void> {
    const diff = await this.diff({ allowDestructive: true });
    const differences = [...diff.changes, ...diff.heldBack]
      .filter((c) => c.kind !== 'rebuild-table')
      .map(
        (c) =>
          `${c.description} — ${c.kind === 'create-table' || c.kind.startsWith('add') ? 'generate a migration' : 'generate a migration, or change the mappers'}`,
      );
    if (differences.length > 0) throw new SchemaDriftError(differences);
  }

  /** Drops every mapped table that exists. */
  async drop(): Promise<void> {
    await this.run(this.dropStatements());
  }

  private async run(statements: readonly string[]): Promise<void> {
    await this.db.pool.withConnection(async (c) => {
      try {
        for (const sql of statements) await c.run({ sql, params: [] });
      } catch (e) {
        // The statements may have switched session settings (foreign-key checks) they never restored.
        c.markBroken();
        throw e;
      }
    });
  }
}

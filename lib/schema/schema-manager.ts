/**
 * Creates and drops the tables the mappers describe. (Diffing against a live database and
 * migrations are a later issue.)
 */
import type { Database } from '../dialects/database';
import type { MappedTable, MetadataRegistry } from '../mapping';
import type { TableDescription } from '../sql/ddl';

/** The registry's plain table listing as the DDL compiler's TableDescription (the shapes match one to one). */
export function toTableDescription(table: MappedTable): TableDescription {
  return {
    name: table.name,
    columns: table.columns.map((c) => ({
      name: c.name,
      type: c.type,
      nullable: c.nullable,
      ...(c.default !== undefined ? { default: { kind: 'value' as const, value: c.default.value } } : {}),
      ...(c.autoIncrement ? { autoIncrement: true, primaryKey: true } : {}),
    })),
    ...(table.columns.some((c) => c.autoIncrement) ? {} : { primaryKey: { columns: table.primaryKey } }),
    uniques: table.uniques.map((u) => ({ columns: u.columns, ...(u.name ? { name: u.name } : {}) })),
    indexes: table.indexes.map((i) => ({
      columns: i.columns,
      name: i.name ?? `${table.name}_${i.columns.join('_')}_idx`,
    })),
    foreignKeys: table.foreignKeys.map((f) => ({
      columns: f.columns,
      referencedTable: f.referencedTable,
      referencedColumns: f.referencedColumns,
      ...(f.onDelete ? { onDelete: f.onDelete } : {}),
    })),
  };
}

/** Orders tables so each comes after the tables it references (self-references and cycles aside). */
export function creationOrder(tables: readonly MappedTable[]): MappedTable[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: MappedTable[] = [];
  const visit = (t: MappedTable) => {
    if (done.has(t.name) || visiting.has(t.name)) return;
    visiting.add(t.name);
    for (const fk of t.foreignKeys) {
      const target = byName.get(fk.referencedTable);
      if (target && target !== t) visit(target);
    }
    visiting.delete(t.name);
    done.add(t.name);
    out.push(t);
  };
  for (const t of tables) visit(t);
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

  /** The CREATE statements, in an order that satisfies every foreign key. */
  createStatements(): string[] {
    const ddl = this.db.dialect.ddl;
    return ddl.createTables(creationOrder(this.registry.tables()).map(toTableDescription));
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

  /** Creates every mapped table in one transaction where the dialect allows DDL in one. */
  async create(): Promise<void> {
    await this.run(this.createStatements());
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

/**
 * Reads a live database into the neutral {@link SchemaModel}. What differs per database (the
 * catalog queries, type aliases, default texts) lives in lib/dialects/<name>/introspect.ts.
 */
import { COMMIT_LOG_TABLE, type Database } from '../dialects/index.js';
import type { SchemaModel } from './model.js';

/** Tables Tabula keeps for itself, never part of the mapped schema. */
export const INTERNAL_TABLES: ReadonlySet<string> = new Set([COMMIT_LOG_TABLE, 'tabula_migrations']);

/**
 * The schema of the connection's current database (schema on PostgreSQL), its tables sorted by
 * name; `tables` limits it to those. Tabula's own tables (`tabula_commit_log`,
 * `tabula_migrations`) are left out.
 * @example const live = await introspectSchema(orm.db);
 */
export async function introspectSchema(
  db: Database,
  options: { readonly tables?: readonly string[] | undefined } = {},
): Promise<SchemaModel> {
  const model = await db.pool.withConnection((c) =>
    db.dialect.schema.introspect(
      async (sql, params = []) => (await c.run({ sql, params: [...params] })).rows,
      options.tables,
    ),
  );
  const tables = model.tables.filter((t) => !INTERNAL_TABLES.has(t.name));
  // Sorted here, not by the server, whose collation may order `_` differently.
  return { tables: tables.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
}

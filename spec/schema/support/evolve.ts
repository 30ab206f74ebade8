/** Helpers for the schema evolution specs: a Tabula per mapper set on one database, raw rows. */
import { Tabula } from '../../../lib';
import type { AnyEntityMapper } from '../../../lib/mapping';
import { applySchemaStatements, diffSchemas, type SchemaDiff, type SchemaModel } from '../../../lib/schema';

export async function open(url: string, mappers: readonly AnyEntityMapper[]): Promise<Tabula> {
  return Tabula.connect({ url, mappers });
}

export async function rows(orm: Tabula, sqlText: string): Promise<Record<string, unknown>[]> {
  return (await orm.db.pool.run({ sql: sqlText, params: [] })).rows;
}

export async function exec(orm: Tabula, ...statements: string[]): Promise<void> {
  for (const s of statements) await orm.db.pool.run({ sql: s, params: [] });
}

/** Runs a diff's `down`, as a migration's down would. */
export function applyDown(orm: Tabula, diff: SchemaDiff): Promise<void> {
  return applySchemaStatements(orm.db, diff.down, diff.session);
}

/** The differences between two introspections, in words (empty when equal up to column order and names). */
export function differences(orm: Tabula, expected: SchemaModel, actual: SchemaModel): string[] {
  const diff = diffSchemas(expected, actual, orm.db.dialect, { allowDestructive: true });
  return [...diff.changes, ...diff.heldBack].map((c) => c.description);
}

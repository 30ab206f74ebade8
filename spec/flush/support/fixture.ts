/** Opens a Tabula on the matrix database with the t_flush_* tables created fresh, and reads them back. */
import { Tabula } from '../../../lib';
import type { SchemaManager } from '../../../lib/schema';
import { sql } from '../../../lib/sql';
import { acyclicMappers } from './entities';

export interface AcyclicFixture {
  readonly orm: Tabula;
  readonly schema: SchemaManager;
}

export async function openAcyclic(url: string): Promise<AcyclicFixture> {
  const orm = await Tabula.connect({ url, mappers: [...acyclicMappers] });
  const { schema } = orm;
  await schema.drop();
  await schema.create();
  return { orm, schema };
}

export async function closeAcyclic(f: AcyclicFixture | undefined): Promise<void> {
  if (!f) return;
  await f.schema.drop();
  await f.orm.close();
}

type Row = Record<string, unknown>;

/** PostgreSQL and MariaDB may hand integers back as strings; the rows compare as numbers everywhere. */
const numbers = (rows: Row[]): Row[] =>
  rows.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v]),
    ),
  );

/** Every row of both tables, ordered by id. */
export async function acyclicRows(orm: Tabula): Promise<{ authors: Row[]; books: Row[] }> {
  return {
    authors: numbers(await orm.db.query(sql`select id, name from t_flush_authors order by id`)),
    books: numbers(await orm.db.query(sql`select id, title, author_id from t_flush_books order by id`)),
  };
}

/** Empties both tables between tests, children first. */
export async function emptyAcyclic(orm: Tabula): Promise<void> {
  await orm.db.execute(sql`delete from t_flush_books`);
  await orm.db.execute(sql`delete from t_flush_authors`);
}

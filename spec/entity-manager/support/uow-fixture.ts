/** Opens a Tabula on the matrix database with the t_uow_* tables created fresh. */
import type { EntityManager, Tabula as TabulaType } from '../../../lib';
import { Tabula } from '../../../lib';
import type { DialectCapabilities } from '../../../lib/dialects';
import type { SchemaManager } from '../../../lib/schema';
import { sql } from '../../../lib/sql';
import { unitOfWorkOf } from '../../support/internals';
import { uowMappers } from './entities';

export interface UowFixture {
  readonly orm: TabulaType;
  readonly schema: SchemaManager;
}

export async function openUow(url: string, capabilities?: Partial<DialectCapabilities>): Promise<UowFixture> {
  const orm = await Tabula.connect({ url, mappers: [...uowMappers], ...(capabilities ? { capabilities } : {}) });
  const { schema } = orm;
  await schema.drop();
  await schema.create();
  return { orm, schema };
}

export async function closeUow(f: UowFixture | undefined): Promise<void> {
  if (!f) return;
  await f.schema.drop();
  await f.orm.close();
}

/** Every row of the three tables, ordered by id, as plain objects with numbers. */
type Row = Record<string, unknown>;

export async function allRows(orm: TabulaType): Promise<{ writers: Row[]; novels: Row[]; employees: Row[] }> {
  const norm = (rows: Row[]): Row[] =>
    rows.map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [
          k,
          v == null ? null : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v,
        ]),
      ),
    );
  return {
    writers: norm(await orm.db.query(sql`select id, version, name, favourite_id from t_uow_writers order by id`)),
    novels: norm(await orm.db.query(sql`select id, title, writer_id from t_uow_novels order by id`)),
    employees: norm(await orm.db.query(sql`select id, name, reports_to_id from t_uow_employees order by id`)),
  };
}

/** Empties the tables between tests (children first; the writer → novel cycle is cut first). */
export async function emptyTables(orm: TabulaType): Promise<void> {
  await orm.db.execute(sql`update t_uow_writers set favourite_id = null`);
  await orm.db.execute(sql`update t_uow_employees set reports_to_id = null`);
  await orm.db.execute(sql`delete from t_uow_novels`);
  await orm.db.execute(sql`delete from t_uow_writers`);
  await orm.db.execute(sql`delete from t_uow_employees`);
}

/**
 * The hooks most flush suites share: a Tabula on the t_uow_* tables for the suite, the tables
 * emptied after each test. Returns the Tabula, read inside tests and hooks.
 */
export function useUow(ctx: { readonly url: string }): () => TabulaType {
  let f: UowFixture | undefined;
  before(async () => {
    f = await openUow(ctx.url);
  });
  afterEach(async () => {
    if (f) await emptyTables(f.orm);
  });
  after(async () => closeUow(f));
  return () => (f as UowFixture).orm;
}

/** Everything the EntityManager knows, as plain data: entries, their states, keys, snapshots and the entities' fields. */
export function emState(em: EntityManager): unknown[] {
  const ref = (v: { id?: number; title?: string; name?: string } | null) =>
    v == null ? v : (v.id ?? `new ${v.title ?? v.name}`);
  const fields = (e: object) =>
    JSON.stringify(e, (k, v) =>
      k === 'writer' || k === 'reportsTo' || k === 'favourite'
        ? ref(v)
        : k === 'books'
          ? (v as { title: string }[]).map((n) => n.title)
          : v,
    );
  return [...unitOfWorkOf(em).entries].map((e) => [
    e.state,
    e.key,
    JSON.stringify(e.snapshot),
    fields(e.entity),
    [...e.members.entries()].map(([k, v]) => [k, v.length]),
  ]);
}

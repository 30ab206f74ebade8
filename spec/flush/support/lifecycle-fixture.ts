/** A Tabula on the t_life_* tables for a suite, the tables and the probe emptied after each test. */
import type { EntityManager, FlushSubscriber, Tabula as TabulaType } from '../../../lib';
import { Tabula } from '../../../lib';
import { sql } from '../../../lib/sql';
import { unitOfWorkOf } from '../../support/internals';
import { lifecycleMappers, probe } from './lifecycle-entities';

export function useLifecycle(ctx: { readonly url: string }, subscribers: FlushSubscriber[] = []): () => TabulaType {
  let orm: TabulaType | undefined;
  before(async () => {
    orm = await Tabula.connect({ url: ctx.url, mappers: [...lifecycleMappers], subscribers });
    await orm.schema.drop();
    await orm.schema.create();
  });
  beforeEach(() => {
    probe.log = [];
    probe.ems = [];
    probe.throwAt = undefined;
  });
  afterEach(async () => {
    if (!orm) return;
    await orm.db.execute(sql`delete from t_life_remarks`);
    await orm.db.execute(sql`delete from t_life_posts`);
    await orm.db.execute(sql`delete from t_life_audit`);
  });
  after(async () => {
    if (!orm) return;
    await orm.schema.drop();
    await orm.close();
  });
  return () => orm as TabulaType;
}

type Row = Record<string, unknown>;

const norm = (rows: Row[]): Row[] =>
  rows.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v]),
    ),
  );

/** Every row of the three tables, as plain data. */
export async function lifeRows(orm: TabulaType): Promise<{ posts: Row[]; remarks: Row[]; audit: Row[] }> {
  return {
    posts: norm(await orm.db.query(sql`select id, title, edits from t_life_posts order by id`)),
    remarks: norm(await orm.db.query(sql`select id, body, post_id from t_life_remarks order by id`)),
    audit: norm(await orm.db.query(sql`select action, subject from t_life_audit order by id`)),
  };
}

/** Everything the EntityManager tracks (entries, states, keys, snapshots) and the tracked entities' fields. */
export function lifeState(em: EntityManager): unknown[] {
  const fields = (e: object) =>
    JSON.stringify(e, (k, v) =>
      k === 'post'
        ? ((v as { title: string } | null)?.title ?? null)
        : k === 'comments'
          ? (v as { body: string }[]).map((r) => r.body)
          : v,
    );
  return [...unitOfWorkOf(em).entries].map((e) => [
    e.state,
    e.key,
    JSON.stringify(e.snapshot, (_k, v) => (typeof v === 'bigint' ? String(v) : v)),
    fields(e.entity),
  ]);
}

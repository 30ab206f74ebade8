/**
 * Scenario `stale-rows`: a flush's UPDATE or DELETE falls short because another connection bumped
 * or deleted some of its rows; the error must name exactly those rows, not the whole statement.
 * The hard case is a row bumped exactly once: its version then equals the one this flush wrote to
 * its neighbours, so only the database as it was before the flush tells them apart.
 */
import { expect } from 'chai';
import type { EntityManager, Tabula } from '../../lib';
import { MissingRowError, OptimisticLockError } from '../../lib/errors';
import { sql } from '../../lib/sql';
import { expectRejection } from '../support/expect-rejection';
import { unitOfWorkOf } from '../support/internals';
import { describeEachDialect } from '../support/matrix';
import { recordFigures } from './support/figures';
import { closeStale, Item, openStale, PlainItem, Slot } from './support/stale-entities';

const BATCH = 100;

/** `k` distinct random picks from `list` (the test names them when it fails). */
function pick<T>(list: readonly T[], k: number): T[] {
  const pool = [...list];
  const out: T[] = [];
  while (out.length < k && pool.length > 0) out.push(...pool.splice(Math.floor(Math.random() * pool.length), 1));
  return out;
}

const EXACT = { extra: 0, missing: [] };

/**
 * How `named` differs from `expected`: the count of rows named though not stale, and the stale rows
 * not named (short, for a readable failure); counted in the scenario's figures.
 */
function misnamed(named: readonly string[], expected: readonly string[]): { extra: number; missing: string[] } {
  return {
    extra: named.filter((n) => !expected.includes(n)).length,
    missing: expected.filter((e) => !named.includes(e)),
  };
}

/** What the EntityManager tracks, as plain data: the atomicity promise compares it before and after. */
function tracked(em: EntityManager): string {
  return JSON.stringify([...unitOfWorkOf(em).entries].map((e) => [e.state, e.key, e.snapshot, { ...e.entity }]));
}

describeEachDialect('Reliability: stale rows are named exactly', (ctx) => {
  let orm: Tabula | undefined;
  const db = () => (orm as Tabula).db;
  const counts = { cases: 0, exactlyNamed: 0, misnamed: 0 };

  before(async () => {
    orm = await openStale(ctx.url);
  });
  afterEach(async () => {
    for (const t of ['t_rel_stale_items', 't_rel_stale_slots', 't_rel_stale_plain'])
      await db().execute(sql`delete from ${sql.id(t)}`);
  });
  after(async () => {
    recordFigures({
      scenario: 'stale-rows',
      dialect: ctx.dialect,
      summary:
        'Batches of 100 versioned (and unversioned) rows, some bumped once, twice or deleted by another connection before the flush: the error names exactly those rows',
      figures: { ...counts },
    });
    await closeStale(orm);
  });

  /** Persists `n` items with qty 0 (version 1) in a fresh EntityManager and returns both. */
  async function items(n: number): Promise<{ em: EntityManager; list: Item[] }> {
    const em = (orm as Tabula).em.fork();
    const list = Array.from({ length: n }, (_, i) => new Item(i + 1, 0));
    em.persist(...list);
    await em.flush();
    return { em, list };
  }

  async function bump(table: string, ids: readonly number[], times = 1): Promise<void> {
    for (let t = 0; t < times; t++)
      for (const id of ids) await db().execute(sql`update ${sql.id(table)} set version = version + 1 where id = ${id}`);
  }

  async function drop(table: string, ids: readonly number[]): Promise<void> {
    for (const id of ids) await db().execute(sql`delete from ${sql.id(table)} where id = ${id}`);
  }

  /**
   * Flushes, expects `type`, and checks the promises around it: the error names exactly
   * `expected`, nothing of the flush is in the database, and the EntityManager is as before.
   */
  function count(named: readonly string[], expected: readonly string[]): void {
    counts.cases++;
    const m = misnamed(named, expected);
    if (m.extra === 0 && m.missing.length === 0 && named.length === expected.length) counts.exactlyNamed++;
    else counts.misnamed++;
  }

  async function expectStale<E extends OptimisticLockError | MissingRowError>(
    em: EntityManager,
    type: abstract new (...args: never[]) => E,
    expected: readonly string[],
    rowsBefore: () => Promise<unknown>,
  ): Promise<E> {
    const before = tracked(em);
    const dbBefore = await rowsBefore();
    const error = await expectRejection(em.flush(), type);
    count(error.entities, expected);
    expect(misnamed(error.entities, expected), `stale: ${expected.join(', ')}`).to.deep.equal(EXACT);
    expect(await rowsBefore(), 'nothing of the flush is in the database').to.deep.equal(dbBefore);
    expect(tracked(em), 'the EntityManager is as before the flush').to.equal(before);
    return error;
  }

  const itemRows = () =>
    db()
      .query(sql`select id, version, qty from t_rel_stale_items order by id`)
      .then((rows) => JSON.stringify(rows));
  const label = (id: number) => `Item#${id}`;

  it('UPDATE of 100: one row bumped exactly once by another connection is the only one named', async () => {
    const { em, list } = await items(BATCH);
    const [stale] = pick(list, 1) as [Item];
    await bump('t_rel_stale_items', [stale.id]);
    for (const item of list) item.qty += 1;
    const error = await expectStale(em, OptimisticLockError, [label(stale.id)], itemRows);
    expect(error.table).to.equal('t_rel_stale_items');
    // Refreshing only the named row is enough: the next flush commits all 100.
    await em.refresh(stale);
    stale.qty += 1;
    await em.flush();
    const rows = await db().query<{ qty: unknown }>(sql`select qty from t_rel_stale_items`);
    expect(rows.map((r) => Number(r.qty))).to.deep.equal(list.map(() => 1));
  });

  it('costs nothing when the flush succeeds; when it falls short, reads the rows once after its ROLLBACK', async () => {
    const { em, list } = await items(BATCH);
    const sent: string[] = [];
    const word = (q: string) => {
      // PostgreSQL's BEGIN carries the transaction id read (`BEGIN; SELECT pg_current_xact_id()`).
      const first = (q.split(/[ ;]/)[0] as string).toUpperCase();
      return first === 'START' ? 'BEGIN' : first;
    };
    const off = db().onQuery((e) =>
      sent.push(e.sql.startsWith('SELECT') && / (FOR|LOCK IN) SHARE/.test(e.sql) ? 'SELECT … FOR SHARE' : word(e.sql)),
    );
    try {
      for (const item of list) item.qty += 1;
      await em.flush();
      expect(sent.splice(0)).to.deep.equal(['BEGIN', 'UPDATE', 'COMMIT']);
      await bump('t_rel_stale_items', [(list[0] as Item).id]);
      sent.length = 0;
      for (const item of list) item.qty += 1;
      const error = await expectRejection(em.flush(), OptimisticLockError);
      expect(error.entities).to.deep.equal([label((list[0] as Item).id)]);
      // SQLite has no row locks: its share lock compiles to nothing (its write transaction locks the file).
      const read = ctx.dialect === 'sqlite' ? 'SELECT' : 'SELECT … FOR SHARE';
      expect(sent).to.deep.equal(['BEGIN', 'UPDATE', 'ROLLBACK', 'BEGIN', read, 'COMMIT']);
    } finally {
      off();
    }
  });

  it('UPDATE of 100: several random rows bumped once are exactly the ones named', async () => {
    const { em, list } = await items(BATCH);
    const stale = pick(list, 2 + Math.floor(Math.random() * 9));
    await bump(
      't_rel_stale_items',
      stale.map((s) => s.id),
    );
    for (const item of list) item.qty += 1;
    await expectStale(
      em,
      OptimisticLockError,
      stale.map((s) => label(s.id)),
      itemRows,
    );
  });

  it('UPDATE of 100: rows bumped twice, rows deleted, and both mixed with rows bumped once', async () => {
    const { em, list } = await items(BATCH);
    const [once, twice, gone] = [pick(list.slice(0, 33), 3), pick(list.slice(33, 66), 3), pick(list.slice(66), 3)];
    const ids = (l: Item[]) => l.map((i) => i.id);
    await bump('t_rel_stale_items', ids(twice), 2);
    for (const item of list) item.qty += 1;
    await expectStale(em, OptimisticLockError, ids(twice).map(label), itemRows);
    await drop('t_rel_stale_items', ids(gone));
    await expectStale(em, OptimisticLockError, [...ids(twice), ...ids(gone)].map(label), itemRows);
    await bump('t_rel_stale_items', ids(once));
    await expectStale(em, OptimisticLockError, [...ids(once), ...ids(twice), ...ids(gone)].map(label), itemRows);
  });

  it('a single-row UPDATE whose row was bumped once, and a single-row DELETE whose row was deleted', async () => {
    const { em, list } = await items(2);
    const [a, b] = list as [Item, Item];
    await bump('t_rel_stale_items', [a.id]);
    a.qty = 7;
    await expectStale(em, OptimisticLockError, [label(a.id)], itemRows);
    em.detach(a);
    await drop('t_rel_stale_items', [b.id]);
    em.remove(b);
    await expectStale(em, OptimisticLockError, [label(b.id)], itemRows);
  });

  it('DELETE of 100: rows bumped once and rows deleted by another connection are the ones named', async () => {
    const { em, list } = await items(BATCH);
    const [once, gone] = [pick(list.slice(0, 50), 4), pick(list.slice(50), 4)];
    await bump(
      't_rel_stale_items',
      once.map((i) => i.id),
    );
    await drop(
      't_rel_stale_items',
      gone.map((i) => i.id),
    );
    em.remove(...list);
    await expectStale(
      em,
      OptimisticLockError,
      [...once, ...gone].map((i) => label(i.id)),
      itemRows,
    );
  });

  it('composite keys: a batch of 100 slots, some bumped once and one deleted, on UPDATE and on DELETE', async () => {
    const em = (orm as Tabula).em.fork();
    const slots = Array.from({ length: BATCH }, (_, i) => new Slot(i % 2 ? 'north' : 'south', i, 'free'));
    em.persist(...slots);
    await em.flush();
    const [bumped, gone] = [pick(slots.slice(0, 50), 3), pick(slots.slice(50), 1)];
    for (const s of bumped)
      await db().execute(
        sql`update t_rel_stale_slots set version = version + 1 where room = ${s.room} and num = ${s.num}`,
      );
    for (const s of gone)
      await db().execute(sql`delete from t_rel_stale_slots where room = ${s.room} and num = ${s.num}`);
    const slotRows = () =>
      db()
        .query(sql`select room, num, version, note from t_rel_stale_slots order by room, num`)
        .then((rows) => JSON.stringify(rows));
    const labels = [...bumped, ...gone].map((s) => `Slot#${s.room},${s.num}`);
    for (const s of slots) s.note = 'taken';
    await expectStale(em, OptimisticLockError, labels, slotRows);
    // Back to what was read: the second flush is the DELETE alone.
    for (const s of slots) s.note = 'free';
    em.remove(...slots);
    await expectStale(em, OptimisticLockError, labels, slotRows);
  });

  it('without a version column: rows deleted meanwhile are the ones named, on UPDATE and on DELETE (MissingRowError)', async () => {
    const em = (orm as Tabula).em.fork();
    const list = Array.from({ length: BATCH }, (_, i) => new PlainItem(i + 1, 0));
    em.persist(...list);
    await em.flush();
    const gone = pick(list, 5);
    await drop(
      't_rel_stale_plain',
      gone.map((i) => i.id),
    );
    const plainRows = () =>
      db()
        .query(sql`select id, qty from t_rel_stale_plain order by id`)
        .then((rows) => JSON.stringify(rows));
    const labels = gone.map((i) => `PlainItem#${i.id}`);
    for (const item of list) item.qty += 1;
    await expectStale(em, MissingRowError, labels, plainRows);
    for (const item of list) item.qty -= 1;
    em.remove(...list);
    await expectStale(em, MissingRowError, labels, plainRows);
  });

  it("inside em.transactional, bumped after the caller's transaction first read: named exactly, and the caller's transaction goes on", async () => {
    const { em, list } = await items(BATCH);
    const [stale] = pick(list, 1) as [Item];
    // SQLite's write transaction holds the database's only writer connection until it ends: no
    // other connection can bump a row inside it, so there the bump comes before the transaction.
    const bumpInside = ctx.dialect !== 'sqlite';
    if (!bumpInside) await bump('t_rel_stale_items', [stale.id]);
    let caught: unknown;
    await em.transactional(async (tx) => {
      // The first read of the transaction: on MariaDB (REPEATABLE READ) it fixes the snapshot
      // that a plain SELECT would show, older than what the UPDATE sees.
      const loaded = await tx.find(Item, {}, { orderBy: { id: 'asc' } });
      if (bumpInside) await bump('t_rel_stale_items', [stale.id]);
      for (const item of loaded) item.qty += 1;
      const before = tracked(tx);
      caught = await tx.flush().catch((e: unknown) => e);
      expect(tracked(tx), 'the EntityManager is as before the flush').to.equal(before);
      // The stale change is dropped; the transaction goes on and commits what follows.
      tx.clear();
      tx.persist(new Item(BATCH + 1, 42));
    });
    expect(caught).to.be.instanceOf(OptimisticLockError);
    count((caught as OptimisticLockError).entities, [label(stale.id)]);
    expect(misnamed((caught as OptimisticLockError).entities, [label(stale.id)])).to.deep.equal(EXACT);
    const rows = await db().query<{ id: unknown; qty: unknown }>(
      sql`select id, qty from t_rel_stale_items where qty <> 0 order by id`,
    );
    expect(rows.map((r) => [Number(r.id), Number(r.qty)])).to.deep.equal([[BATCH + 1, 42]]);
  });
});

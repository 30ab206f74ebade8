import { expect } from 'chai';
import { type EntityManager, Tabula } from '../../lib';
import { unitOfWorkOf } from '../support/internals';
import { CommitOrderError, UniqueOrderError } from '../../lib/errors';
import { sql } from '../../lib/sql';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';
import { allRows, closeUow, emptyTables, openUow, type UowFixture } from '../entity-manager/support/uow-fixture';
import { Acct, REPLACED_WRITER_STEPS, Seat, uniqueMappers, writerWithFavourite } from './support/unique-entities';

const shape = (em: EntityManager) => em.plan().steps.map((s) => `${s.kind} ${s.table} ${s.rows.length}`);
const labels = (em: EntityManager) => em.plan().steps.map((s) => s.rows.map((r) => r.label));

/** Everything the EntityManager knows about its entries, as plain data. */
function emState(em: EntityManager): unknown[] {
  return [...unitOfWorkOf(em).entries].map((e) => [
    e.state,
    e.key,
    JSON.stringify(e.snapshot),
    JSON.stringify(e.entity),
  ]);
}

describeEachDialect('flush: a unique value freed and taken in one flush', (ctx) => {
  let orm: Tabula | undefined;
  before(async () => {
    orm = await Tabula.connect({ url: ctx.url, mappers: [...uniqueMappers] });
    await orm.schema.drop();
    await orm.schema.create();
  });
  afterEach(async () => {
    const db = (orm as Tabula).db;
    await db.execute(sql`delete from t_uq_accts`);
    await db.execute(sql`delete from t_uq_seats`);
  });
  after(async () => {
    await orm?.schema.drop();
    await orm?.close();
  });
  const tabula = () => orm as Tabula;

  async function accts(): Promise<[number, string, string | null][]> {
    const rows = await tabula().db.query(sql`select id, email, nick from t_uq_accts order by id`);
    return rows.map((r) => [Number(r.id), r.email as string, (r.nick as string | null) ?? null]);
  }

  async function seats(): Promise<[number, string, number, string][]> {
    const rows = await tabula().db.query(sql`select id, room, place, holder from t_uq_seats order by id`);
    return rows.map((r) => [Number(r.id), r.room as string, Number(r.place), r.holder as string]);
  }

  /** Accounts flushed by one EntityManager and loaded by a fresh one, as a request would find them. */
  async function seeded(...made: Acct[]): Promise<{ em: EntityManager; rows: Acct[] }> {
    const seed = tabula().em.fork();
    seed.persist(...made);
    await seed.flush();
    const em = tabula().em.fork();
    // One at a time: the entries are registered, and so planned, in this order.
    const rows: Acct[] = [];
    for (const a of made) rows.push((await em.findOne(Acct, a.id as number)) as Acct);
    return { em, rows };
  }

  it('deletes the row that holds an email before inserting the row that takes it, and says why', async () => {
    const {
      em,
      rows: [old],
    } = await seeded(new Acct('x@e.com', 'old'));
    const taker = new Acct('x@e.com', 'new');
    em.remove(old as Acct);
    em.persist(taker);
    expect(shape(em)).to.deep.equal(['delete t_uq_accts 1', 'insert t_uq_accts 1']);
    const described = em.plan().describe();
    expect(described).to.include(
      `Acct#${old?.id}: removed; deleted first: frees unique t_uq_accts.email, taken by the insert of Acct(new #1)`,
    );
    expect(described).not.to.include('x@e.com');
    await em.flush();
    expect(await accts()).to.deep.equal([[taker.id, 'x@e.com', 'new']]);
    expect(em.plan().isEmpty).to.equal(true);
  });

  it('updates the row that gives an email up before inserting the row that takes it', async () => {
    const {
      em,
      rows: [ann],
    } = await seeded(new Acct('x@e.com', 'ann'));
    (ann as Acct).email = 'y@e.com';
    const taker = new Acct('x@e.com', 'bob');
    em.persist(taker);
    expect(shape(em)).to.deep.equal(['update t_uq_accts 1', 'insert t_uq_accts 1']);
    expect(em.plan().describe()).to.include(
      `Acct#${ann?.id}: changed: email "x@e.com" -> "y@e.com"; updated first: frees unique t_uq_accts.email, taken by the insert of Acct(new #1)`,
    );
    await em.flush();
    expect(await accts()).to.deep.equal([
      [ann?.id, 'y@e.com', 'ann'],
      [taker.id, 'x@e.com', 'bob'],
    ]);
  });

  it('splits the updates of a chain (a gives x up for y, b takes x) into one step per link, in order', async () => {
    const {
      em,
      rows: [b, a],
    } = await seeded(new Acct('w@e.com'), new Acct('x@e.com'));
    (b as Acct).email = 'x@e.com';
    (a as Acct).email = 'y@e.com';
    expect(shape(em)).to.deep.equal(['update t_uq_accts 1', 'update t_uq_accts 1']);
    expect(labels(em)).to.deep.equal([[`Acct#${a?.id}`], [`Acct#${b?.id}`]]);
    await em.flush();
    expect(await accts()).to.deep.equal([
      [b?.id, 'x@e.com', null],
      [a?.id, 'y@e.com', null],
    ]);
  });

  it('swaps two nullable unique values through a temporary NULL: null a, update b, update a', async () => {
    const {
      em,
      rows: [a, b],
    } = await seeded(new Acct('a@e.com', 'p'), new Acct('b@e.com', 'q'));
    (a as Acct).nick = 'q';
    (b as Acct).nick = 'p';
    const plan = em.plan();
    expect(
      plan.steps.map((s) => `${s.kind} ${s.table} (${s.columns.map((c) => c.name)}) ${s.rows.length}`),
    ).to.deep.equal(['break-cycle t_uq_accts (nick) 1', 'update t_uq_accts (nick) 1', 'update t_uq_accts (nick) 1']);
    expect(plan.steps.map((s) => s.rows.map((r) => [r.label, ...r.values]))).to.deep.equal([
      [[`Acct#${a?.id}`, null]],
      [[`Acct#${b?.id}`, 'p']],
      [[`Acct#${a?.id}`, 'q']],
    ]);
    expect(plan.describe()).to.include(
      `Acct#${a?.id}: nick set to NULL first: frees unique t_uq_accts.nick, taken by the update of Acct#${b?.id}`,
    );
    await em.flush();
    expect(await accts()).to.deep.equal([
      [a?.id, 'a@e.com', 'q'],
      [b?.id, 'b@e.com', 'p'],
    ]);
    expect(em.plan().isEmpty).to.equal(true);
  });

  it('refuses a swap of NOT NULL unique values at plan(), writes nothing, and flushes in two steps after', async () => {
    const {
      em,
      rows: [a, b],
    } = await seeded(new Acct('x@e.com'), new Acct('y@e.com'));
    (a as Acct).email = 'y@e.com';
    (b as Acct).email = 'x@e.com';
    const before = emState(em);
    const error = (() => {
      try {
        em.plan();
      } catch (e) {
        return e;
      }
      return expect.fail('plan() should have thrown');
    })() as UniqueOrderError;
    expect(error).to.be.instanceOf(UniqueOrderError).and.instanceOf(CommitOrderError);
    expect(error.code).to.equal('UNIQUE_CYCLE');
    expect(error.unique).to.equal('t_uq_accts.email');
    expect(error.cycle).to.deep.equal([
      `update of Acct#${a?.id} -> update of Acct#${b?.id} (unique t_uq_accts.email)`,
      `update of Acct#${b?.id} -> update of Acct#${a?.id} (unique t_uq_accts.email)`,
    ]);
    expect(error.message).to.include('flush in two steps');
    const statements: string[] = [];
    const off = tabula().db.onQuery((e) => statements.push(e.sql));
    await expectRejection(em.flush(), UniqueOrderError);
    off();
    expect(statements.filter((s) => !/^(BEGIN|START|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET)\b/i.test(s))).to.deep.equal(
      [],
    );
    expect(emState(em)).to.deep.equal(before);
    expect(await accts()).to.deep.equal([
      [a?.id, 'x@e.com', null],
      [b?.id, 'y@e.com', null],
    ]);
    (a as Acct).email = 'tmp@e.com';
    await em.flush();
    (a as Acct).email = 'y@e.com';
    await em.flush();
    expect(await accts()).to.deep.equal([
      [a?.id, 'y@e.com', null],
      [b?.id, 'x@e.com', null],
    ]);
  });

  it('orders a composite unique (room, place) freed by a delete and by an update before the inserts that take it', async () => {
    const seed = tabula().em.fork();
    seed.persist(new Seat('A', 1, 'ann'), new Seat('A', 2, 'bob'));
    await seed.flush();
    const em = tabula().em.fork();
    const [ann, bob] = await em.find(Seat, {}, { orderBy: { id: 'asc' } });
    em.remove(ann as Seat);
    (bob as Seat).place = 3;
    const cy = new Seat('A', 1, 'cy');
    const dee = new Seat('A', 2, 'dee');
    em.persist(cy, dee);
    expect(shape(em)).to.deep.equal(['update t_uq_seats 1', 'delete t_uq_seats 1', 'insert t_uq_seats 2']);
    const described = em.plan().describe();
    expect(described).to.include(
      `Seat#${bob?.id}: changed: place 2 -> 3; updated first: frees unique t_uq_seats (room, place), taken by the insert of Seat(new #2)`,
    );
    expect(described).to.include(
      `Seat#${ann?.id}: removed; deleted first: frees unique t_uq_seats (room, place), taken by the insert of Seat(new #1)`,
    );
    await em.flush();
    expect(await seats()).to.deep.equal([
      [bob?.id, 'A', 3, 'bob'],
      [cy.id, 'A', 1, 'cy'],
      [dee.id, 'A', 2, 'dee'],
    ]);
  });

  it('keeps the plan as it was when a freed value is not taken (a different place in the same room)', async () => {
    const seed = tabula().em.fork();
    seed.persist(new Seat('A', 1, 'ann'));
    await seed.flush();
    const em = tabula().em.fork();
    const [ann] = await em.find(Seat, {});
    em.remove(ann as Seat);
    em.persist(new Seat('A', 2, 'cy'));
    expect(shape(em)).to.deep.equal(['insert t_uq_seats 1', 'delete t_uq_seats 1']);
    await em.flush();
    expect((await seats()).map((s) => s.slice(1))).to.deep.equal([['A', 2, 'cy']]);
  });
});

describeEachDialect('flush: a writer replaced by a new one of the same (unique) name', (ctx) => {
  let f: UowFixture | undefined;
  before(async () => {
    f = await openUow(ctx.url);
  });
  afterEach(async () => emptyTables((f as UowFixture).orm));
  after(async () => closeUow(f));

  it('deletes the old writer, its books and its favourite reference before inserting the new ones', async () => {
    const orm = (f as UowFixture).orm;
    const em = orm.em.fork();
    const { writer: old, book } = writerWithFavourite('Ann', 'Old');
    em.persist(old);
    await em.flush();
    const { writer: ann, book: fresh } = writerWithFavourite('Ann', 'New');
    em.remove(old);
    em.persist(ann);
    expect(shape(em)).to.deep.equal(REPLACED_WRITER_STEPS);
    await em.flush();
    expect(await allRows(orm)).to.deep.equal({
      writers: [{ id: ann.id, version: 1, name: 'Ann', favourite_id: fresh.id }],
      novels: [{ id: fresh.id, title: 'New', writer_id: ann.id }],
      employees: [],
    });
    expect([em.contains(old), em.contains(book), em.plan().isEmpty]).to.deep.equal([false, false, true]);
  });
});

import { unitOfWorkOf } from '../support/internals';
import { expect } from 'chai';
import { EntityNotFoundError, TransactionError } from '../../lib/errors';
import { sql } from '../../lib/sql';
import { describeEachDialect } from '../support/matrix';
import { expectRejection } from '../support/expect-rejection';
import { Employee, Novel, Writer } from './support/entities';
import { allRows, closeUow, emptyTables, openUow, type UowFixture } from './support/uow-fixture';

describeEachDialect('EntityManager identity map and finds', (ctx) => {
  let f: UowFixture | undefined;
  let ids: { ann: number; bob: number; a: number };
  before(async () => {
    f = await openUow(ctx.url);
  });
  beforeEach(async () => {
    const em = f?.orm.em.fork();
    const ann = new Writer('Ann');
    const bob = new Writer('Bob');
    const a = new Novel('A', ann);
    em?.persist(ann, bob, a);
    await em?.flush();
    ids = { ann: ann.id as number, bob: bob.id as number, a: a.id as number };
  });
  afterEach(async () => emptyTables((f as UowFixture).orm));
  after(async () => closeUow(f));
  const orm = () => (f as UowFixture).orm;

  function countQueries(): { stop: () => number } {
    let n = 0;
    const off = orm().db.onQuery(() => {
      n++;
    });
    return {
      stop: () => {
        off();
        return n;
      },
    };
  }

  it('answers findOne by key for a managed row from the map, with no SQL and the same instance', async () => {
    const em = orm().em.fork();
    const ann = await em.findOneOrFail(Writer, ids.ann);
    const counter = countQueries();
    const again = await em.findOne(Writer, ids.ann);
    expect([again === ann, counter.stop()]).to.deep.equal([true, 0]);
  });

  it('gives back the managed instance from find and never overwrites its unflushed changes', async () => {
    const em = orm().em.fork();
    const ann = await em.findOneOrFail(Writer, ids.ann);
    ann.name = 'Changed';
    const all = await em.findAll(Writer);
    expect([all.length, all[0] === ann, ann.name]).to.deep.equal([2, true, 'Changed']);
    expect(em.plan().entities.map((e) => e.reasons)).to.deep.equal([
      [{ kind: 'changed', changes: [{ property: 'name', column: 'name', old: 'Ann', new: 'Changed' }] }],
    ]);
  });

  it('finds by equality on columns and on to-one relations, and counts', async () => {
    const em = orm().em.fork();
    const ann = await em.findOneOrFail(Writer, { name: 'Ann' });
    const novels = await em.find(Novel, { writer: ann });
    expect([novels.map((n) => n.title), novels[0]?.writer === ann]).to.deep.equal([['A'], true]);
    expect([
      await em.count(Writer),
      await em.count(Novel, { writer: ids.bob }),
      await em.findOne(Writer, { name: 'Zed' }),
    ]).to.deep.equal([2, 0, null]);
    await expectRejection(em.findOneOrFail(Writer, 999_999), EntityNotFoundError);
  });

  it('makes references that hold only their key until em.load fills them', async () => {
    const em = orm().em.fork();
    const ref = em.getReference(Writer, ids.bob);
    expect([ref instanceof Writer, ref.id, ref.name]).to.deep.equal([true, ids.bob, undefined]);
    expect(em.getReference(Writer, ids.bob)).to.equal(ref);
    await em.load(ref);
    expect([ref.name, ref.version, await em.findOne(Writer, ids.bob)]).to.deep.equal(['Bob', 1, ref]);
  });

  it('refreshes from the database, detaches, clears, and forks an empty EntityManager', async () => {
    const em = orm().em.fork();
    const ann = await em.findOneOrFail(Writer, ids.ann);
    await orm().db.execute(sql`update t_uow_writers set name = 'Ann R' where id = ${ids.ann}`);
    ann.name = 'local';
    await em.refresh(ann);
    expect([ann.name, em.plan().isEmpty]).to.deep.equal(['Ann R', true]);
    em.detach(ann);
    const loaded = await em.findOneOrFail(Writer, ids.ann);
    expect([loaded === ann, em.contains(ann)]).to.deep.equal([false, false]);
    const fork = em.fork();
    expect([fork.contains(loaded), (await fork.findOneOrFail(Writer, ids.ann)) === loaded]).to.deep.equal([
      false,
      false,
    ]);
    em.clear();
    expect(em.contains(loaded)).to.equal(false);
  });

  it('plan() runs no SQL and changes no state', async () => {
    const em = orm().em.fork();
    const ann = await em.findOneOrFail(Writer, ids.ann);
    ann.name = 'Ann 2';
    em.persist(new Employee('new'));
    const before = [...unitOfWorkOf(em).entries].map((e) => [e.state, e.key, JSON.stringify(e.snapshot)]);
    const counter = countQueries();
    const first = em.plan();
    const second = em.plan();
    expect(counter.stop()).to.equal(0);
    expect([...unitOfWorkOf(em).entries].map((e) => [e.state, e.key, JSON.stringify(e.snapshot)])).to.deep.equal(
      before,
    );
    expect(second.steps.map((s) => s.statements.map((x) => x.sql))).to.deep.equal(
      first.steps.map((s) => s.statements.map((x) => x.sql)),
    );
    expect(first.describe()).to.equal(second.describe());
  });

  it('transactional commits with a flush on success and rolls back (clearing the EntityManager) on throw', async () => {
    const em = orm().em.fork();
    await em.transactional(async (tx) => {
      tx.persist(new Employee('kept'));
    });
    const lost = new Employee('lost');
    const failure = new Error('abort');
    const thrown = await expectRejection(
      em.transactional(async (tx) => {
        tx.persist(lost);
        await tx.flush();
        throw failure;
      }),
      Error,
    );
    expect([thrown, em.contains(lost)]).to.deep.equal([failure, false]);
    expect((await allRows(orm())).employees.map((e) => e.name)).to.deep.equal(['kept']);
  });

  it('nested transactional uses a savepoint: an inner failure caught keeps the outer work', async () => {
    const em = orm().em.fork();
    await em.transactional(async (outer) => {
      outer.persist(new Employee('outer'));
      await outer.flush();
      await outer
        .transactional(async (inner) => {
          await inner.findOneOrFail(Employee, { name: 'outer' });
          throw new Error('inner fails');
        })
        .catch(() => undefined);
    });
    expect((await allRows(orm())).employees.map((e) => e.name)).to.deep.equal(['outer']);
  });

  it('locks a row inside a transaction only', async () => {
    const em = orm().em.fork();
    const ann = await em.findOneOrFail(Writer, ids.ann);
    await expectRejection(em.lock(ann, 'pessimistic-write'), TransactionError);
    await em.transactional(async (tx) => {
      await tx.lock(ann, 'pessimistic-write');
      ann.name = 'Locked';
    });
    expect((await allRows(orm())).writers.map((w) => w.name)).to.deep.equal(['Locked', 'Bob']);
  });

  it('emits one structured event per flush', async () => {
    const em = orm().em.fork();
    const events: import('../../lib').FlushEvent[] = [];
    const off = em.onFlush((e) => events.push(e));
    em.persist(new Employee('e1'), new Employee('e2'));
    await em.flush();
    await em.flush();
    off();
    expect(
      events.map((e) => [e.outcome, e.summary, e.statements, e.rows, e.steps.map((s) => [s.kind, s.table, s.rows])]),
    ).to.deep.equal([
      ['committed', { insert: 2 }, 1, 2, [['insert', 't_uow_employees', 2]]],
      ['nothing-to-do', {}, 0, 0, []],
    ]);
    expect(events[0]?.durationMs).to.be.a('number');
  });
});

describeEachDialect(
  'EntityManager.flush without RETURNING (capabilities override hasReturning: false)',
  (ctx) => {
    let f: UowFixture | undefined;
    before(async () => {
      f = await openUow(ctx.url, { hasReturning: false });
    });
    afterEach(async () => emptyTables((f as UowFixture).orm));
    after(async () => closeUow(f));

    it('pairs ids of a multi-row INSERT from insertId + i × auto_increment_increment', async () => {
      const orm = (f as UowFixture).orm;
      const em = orm.em.fork();
      const people = ['a', 'b', 'c'].map((n) => new Employee(n));
      em.persist(...people);
      const plan = em.plan();
      expect(plan.steps[0]?.statements.map((s) => s.sql)).to.deep.equal([
        'INSERT INTO `t_uow_employees` (`name`, `reports_to_id`) VALUES (?, ?), (?, ?), (?, ?)',
      ]);
      await em.flush();
      const rows = (await allRows(orm)).employees;
      expect(rows.map((r) => [r.id, r.name])).to.deep.equal(people.map((p) => [p.id, p.name]));
      expect(new Set(people.map((p) => p.id)).size).to.equal(3);
    });
  },
  { only: ['mysql'] },
);

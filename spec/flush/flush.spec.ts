import { unitOfWorkOf } from '../support/internals';
import { MappingError } from '../../lib/mapping';
import { expect } from 'chai';
import { MissingRowError, OptimisticLockError, ForeignKeyConstraintError, EntityStateError } from '../../lib/errors';
import { sql } from '../../lib/sql';
import { describeEachDialect } from '../support/matrix';
import { expectRejection } from '../support/expect-rejection';
import { Employee, Novel, Writer } from '../entity-manager/support/entities';
import { allRows, useUow } from '../entity-manager/support/uow-fixture';

describeEachDialect('EntityManager.flush', (ctx) => {
  const orm = useUow(ctx);

  function graph() {
    const ann = new Writer('Ann');
    const a = new Novel('A', ann);
    const b = new Novel('B', ann);
    ann.books.push(a, b);
    ann.favourite = b;
    const boss = new Employee('boss');
    const clerk = new Employee('clerk');
    clerk.reportsTo = boss;
    return { ann, a, b, boss, clerk };
  }

  it('inserts parents before children, breaks the writer ↔ novel cycle with an UPDATE, and assigns every id', async () => {
    const em = orm().em.fork();
    const { ann, a, b, boss, clerk } = graph();
    em.persist(ann, clerk, boss);
    const plan = em.plan();
    expect(plan.steps.map((s) => `${s.kind} ${s.table} ${s.rows.length}`)).to.deep.equal([
      'insert t_uow_writers 1',
      'insert t_uow_novels 2',
      'insert t_uow_employees 1',
      'insert t_uow_employees 1',
      'break-cycle t_uow_writers 1',
    ]);
    await em.flush();
    expect(await allRows(orm())).to.deep.equal({
      writers: [{ id: ann.id, version: 1, name: 'Ann', favourite_id: b.id }],
      novels: [
        { id: a.id, title: 'A', writer_id: ann.id },
        { id: b.id, title: 'B', writer_id: ann.id },
      ],
      employees: [
        { id: boss.id, name: 'boss', reports_to_id: null },
        { id: clerk.id, name: 'clerk', reports_to_id: boss.id },
      ],
    });
    expect([typeof ann.id, ann.version, (b.id as number) - (a.id as number)]).to.deep.equal(['number', 1, 1]);
    expect(em.plan().isEmpty).to.equal(true);
  });

  it('orders self-referencing rows of one table row by row (a chain of managers)', async () => {
    const em = orm().em.fork();
    const people = ['p0', 'p1', 'p2', 'p3'].map((n) => new Employee(n));
    // p3 reports to p2, p2 to p1, p1 to p0: persisted in the reverse order of the chain.
    for (let i = 1; i < people.length; i++) (people[i] as Employee).reportsTo = people[i - 1] as Employee;
    em.persist(...[...people].reverse());
    expect(em.plan().steps.map((s) => s.rows.map((r) => (r.entity as Employee).name))).to.deep.equal([
      ['p0'],
      ['p1'],
      ['p2'],
      ['p3'],
    ]);
    await em.flush();
    const rows = (await allRows(orm())).employees;
    expect(
      rows.map((r) => [(r as { name: string }).name, (r as { reports_to_id: unknown }).reports_to_id]),
    ).to.deep.equal([
      ['p0', null],
      ['p1', people[0]?.id],
      ['p2', people[1]?.id],
      ['p3', people[2]?.id],
    ]);
  });

  it('updates changed rows in one statement per column set, incrementing the version', async () => {
    const em = orm().em.fork();
    const { ann, a, b } = graph();
    const bob = new Writer('Bob');
    em.persist(ann, bob);
    await em.flush();
    ann.name = 'Ann B';
    bob.name = 'Bob B';
    a.title = 'A2';
    const plan = em.plan();
    expect(
      plan.steps.map((s) => [s.kind, s.table, s.columns.map((c) => c.name), s.rows.length, s.statements.length]),
    ).to.deep.equal([
      ['update', 't_uow_writers', ['name', 'version'], 2, 1],
      ['update', 't_uow_novels', ['title'], 1, 1],
    ]);
    await em.flush();
    expect(await allRows(orm())).to.deep.include({
      writers: [
        { id: ann.id, version: 2, name: 'Ann B', favourite_id: b.id },
        { id: bob.id, version: 2, name: 'Bob B', favourite_id: null },
      ],
    });
    expect([ann.version, bob.version]).to.deep.equal([2, 2]);
  });

  it('raises OptimisticLockError naming the stale entity when the version moved once, and commits nothing', async () => {
    const em = orm().em.fork();
    const ann = new Writer('Ann');
    const bob = new Writer('Bob');
    em.persist(ann, bob);
    await em.flush();
    // Bumped once, Ann's row holds version 2: the very version the flush writes to Bob's.
    await orm().db.execute(sql`update t_uow_writers set version = version + 1 where id = ${ann.id}`);
    ann.name = 'Ann B';
    bob.name = 'Bob B';
    const error = await expectRejection(em.flush(), OptimisticLockError);
    // Only Ann's version moved: the error names her, not every row of the statement.
    expect([error.table, error.entities]).to.deep.equal(['t_uow_writers', [`Writer#${ann.id}`]]);
    const rows = (await allRows(orm())).writers.map((r) => [r.name, r.version]);
    expect(rows).to.deep.equal([
      ['Ann', 2],
      ['Bob', 1],
    ]);
    expect([ann.version, bob.version, em.plan().steps[0]?.rows.length]).to.deep.equal([1, 1, 2]);
    await em.refresh(ann);
    ann.name = 'Ann C';
    await em.flush();
    expect((await allRows(orm())).writers.map((r) => [r.name, r.version])).to.deep.equal([
      ['Ann C', 3],
      ['Bob B', 2],
    ]);
  });

  it('checks the version on DELETE too, naming a row bumped and a row deleted meanwhile but not the one it removed', async () => {
    const em = orm().em.fork();
    const ann = new Writer('Ann');
    em.persist(ann);
    await em.flush();
    await orm().db.execute(sql`update t_uow_writers set version = version + 1 where id = ${ann.id}`);
    const [bob, cid] = [new Writer('Bob'), new Writer('Cid')];
    em.persist(bob, cid);
    await em.flush();
    await orm().db.execute(sql`delete from t_uow_writers where id = ${cid.id}`);
    em.remove(ann, bob, cid);
    const error = await expectRejection(em.flush(), OptimisticLockError);
    expect([...error.entities].sort()).to.deep.equal([`Writer#${ann.id}`, `Writer#${cid.id}`].sort());
    expect((await allRows(orm())).writers).to.have.length(2);
    expect([ann, bob, cid].map((w) => unitOfWorkOf(em).entryOf(w)?.state)).to.deep.equal([
      'removed',
      'removed',
      'removed',
    ]);
  });

  it('names a versioned row deleted meanwhile as stale on UPDATE', async () => {
    const em = orm().em.fork();
    const [ann, bob, cid] = [new Writer('Ann'), new Writer('Bob'), new Writer('Cid')];
    em.persist(ann, bob, cid);
    await em.flush();
    await orm().db.execute(sql`delete from t_uow_writers where id = ${bob.id}`);
    for (const w of [ann, bob, cid]) w.name += '!';
    const error = await expectRejection(em.flush(), OptimisticLockError);
    expect(error.entities).to.deep.equal([`Writer#${bob.id}`]);
    expect((await allRows(orm())).writers.map((r) => r.name)).to.deep.equal(['Ann', 'Cid']);
  });

  it('raises MissingRowError when a row without a version vanished', async () => {
    const em = orm().em.fork();
    const boss = new Employee('boss');
    em.persist(boss);
    await em.flush();
    await orm().db.execute(sql`delete from t_uow_employees`);
    boss.name = 'big boss';
    const error = await expectRejection(em.flush(), MissingRowError);
    expect(error.entities).to.deep.equal([`Employee#${boss.id}`]);
  });

  it('names only the row deleted meanwhile when a DELETE without a version falls short', async () => {
    const em = orm().em.fork();
    const [boss, clerk] = [new Employee('boss'), new Employee('clerk')];
    em.persist(boss, clerk);
    await em.flush();
    await orm().db.execute(sql`delete from t_uow_employees where id = ${clerk.id}`);
    em.remove(boss, clerk);
    const error = await expectRejection(em.flush(), MissingRowError);
    expect([error.table, error.entities]).to.deep.equal(['t_uow_employees', [`Employee#${clerk.id}`]]);
    expect((await allRows(orm())).employees.map((r) => r.name)).to.deep.equal(['boss']);
  });

  it('deletes orphans taken out of a parent array and cascades remove along the relation', async () => {
    const em = orm().em.fork();
    const { ann, a, b } = graph();
    ann.favourite = null;
    em.persist(ann);
    await em.flush();
    ann.books.splice(0, 1);
    expect(em.plan().entities.map((e) => [e.label, e.reasons[0]?.kind])).to.deep.equal([[`Novel#${a.id}`, 'orphaned']]);
    await em.flush();
    expect((await allRows(orm())).novels).to.deep.equal([{ id: b.id, title: 'B', writer_id: ann.id }]);
    // Ann herself was not written, yet her array as flushed is what is recorded now: nothing more to do.
    expect([unitOfWorkOf(em).entryOf(ann)?.members.get('books'), em.plan().isEmpty]).to.deep.equal([[b], true]);
    em.remove(ann);
    expect(em.plan().steps.map((s) => `${s.kind} ${s.table}`)).to.deep.equal([
      'delete t_uow_novels',
      'delete t_uow_writers',
    ]);
    await em.flush();
    expect(await allRows(orm())).to.deep.equal({ writers: [], novels: [], employees: [] });
    expect([em.contains(ann), em.contains(b)]).to.deep.equal([false, false]);
  });

  it('surfaces the translated foreign-key error when a parent with children not cascaded is removed', async () => {
    const em = orm().em.fork();
    const boss = new Employee('boss');
    const clerk = new Employee('clerk');
    clerk.reportsTo = boss;
    em.persist(boss, clerk);
    await em.flush();
    const other = orm().em.fork();
    other.remove(await other.findOneOrFail(Employee, boss.id));
    await expectRejection(other.flush(), ForeignKeyConstraintError);
    expect((await allRows(orm())).employees).to.have.length(2);
  });

  it('refuses an entity managed by another EntityManager', async () => {
    const em = orm().em.fork();
    const ann = new Writer('Ann');
    em.persist(ann);
    expect(() => orm().em.fork().persist(ann)).to.throw(EntityStateError, /managed by another EntityManager/);
  });

  it('refuses an entity managed by another EntityManager when a cascade reaches it, and writes nothing', async () => {
    const first = orm().em.fork();
    const ann = new Writer('Ann');
    const a = new Novel('A', ann);
    ann.books.push(a);
    first.persist(ann);
    await first.flush();
    const second = orm().em.fork();
    const bob = new Writer('Bob');
    bob.books.push(a);
    second.persist(bob);
    expect(() => second.plan()).to.throw(EntityStateError, /managed by another EntityManager/);
    await expectRejection(second.flush(), EntityStateError);
    expect([first.contains(a), second.contains(a), (await allRows(orm())).novels.length]).to.deep.equal([
      true,
      false,
      1,
    ]);
  });

  it("keeps its mark off the entity's keys, and refuses a sealed entity managed elsewhere too", async () => {
    const em = orm().em.fork();
    const ann = new Writer('Ann');
    const sealed = Object.seal(new Writer('Sealed'));
    em.persist(ann, sealed);
    expect([Object.keys(ann), JSON.stringify(ann)]).to.deep.equal([
      ['name', 'id', 'version', 'books', 'favourite'],
      '{"name":"Ann","books":[],"favourite":null}',
    ]);
    expect(() => orm().em.fork().persist(sealed)).to.throw(EntityStateError, /managed by another EntityManager/);
    em.detach(sealed);
    orm().em.fork().persist(sealed);
  });

  it('refuses what is not an entity by name, and an unmapped class with the fix', () => {
    const em = orm().em.fork();
    expect(() => em.persist(null as never)).to.throw(
      EntityStateError,
      /em.persist\(\) takes entity instances, got null/,
    );
    expect(() => em.remove(42 as never)).to.throw(EntityStateError, /em.remove\(\) takes entity instances, got number/);
    class Stranger {}
    expect(() => em.persist(new Stranger())).to.throw(MappingError, /Stranger has no mapper/);
    expect(em.plan().isEmpty).to.equal(true);
  });
});

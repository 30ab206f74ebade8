import { expect } from 'chai';
import sinon from 'sinon';
import { Connection } from '../../lib/connection';
import { StatementError } from '../../lib/errors';
import { Employee, Novel, Writer } from '../entity-manager/support/entities';
import { allRows, emState, useUow } from '../entity-manager/support/uow-fixture';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';

describeEachDialect('EntityManager.flush when COMMIT fails', (ctx) => {
  afterEach(() => sinon.restore());
  const orm = useUow(ctx);

  it('rejects, writes nothing, and takes none of the results: the entities stay new with no ids, and a second flush writes them all', async () => {
    const em = orm().em.fork();
    const ann = new Writer('Ann');
    const a = new Novel('A', ann);
    ann.books.push(a);
    const boss = new Employee('Boss');
    em.persist(ann, a, boss);
    const stateBefore = emState(em);
    expect(stateBefore.map((e) => (e as unknown[])[0])).to.deep.equal(['new', 'new', 'new']);

    const original = Connection.prototype.run;
    const sent: string[] = [];
    const stub = sinon.stub(Connection.prototype, 'run').callsFake(function (this: Connection, query) {
      sent.push(query.sql);
      if (/^COMMIT\b/i.test(query.sql)) return Promise.reject(new StatementError('injected COMMIT failure'));
      return original.call(this, query);
    });
    const error = await expectRejection(em.flush(), StatementError);
    stub.restore();

    expect(error.message).to.equal('injected COMMIT failure');
    expect(sent.filter((s) => /^(COMMIT|ROLLBACK)\b/i.test(s))).to.deep.equal(['COMMIT', 'ROLLBACK']);
    expect(await allRows(orm())).to.deep.equal({ writers: [], novels: [], employees: [] });
    expect(emState(em)).to.deep.equal(stateBefore);
    expect([ann.id, ann.version, a.id, boss.id]).to.deep.equal([undefined, undefined, undefined, undefined]);

    await em.flush();
    expect(emState(em).map((e) => (e as unknown[])[0])).to.deep.equal(['managed', 'managed', 'managed']);
    expect(await allRows(orm())).to.deep.equal({
      writers: [{ id: ann.id, version: 1, name: 'Ann', favourite_id: null }],
      novels: [{ id: a.id, title: 'A', writer_id: ann.id }],
      employees: [{ id: boss.id, name: 'Boss', reports_to_id: null }],
    });
  });

  it('keeps the snapshots of managed entities when the COMMIT of their update fails, so the change is flushed again', async () => {
    const em = orm().em.fork();
    const ann = new Writer('Ann');
    const boss = new Employee('Boss');
    em.persist(ann, boss);
    await em.flush();
    ann.name = 'Ann B';
    // Two tables, two statements: a flush of one statement has no COMMIT (round-trips.spec.ts).
    boss.name = 'Boss B';
    const stateBefore = emState(em);

    const original = Connection.prototype.run;
    const stub = sinon.stub(Connection.prototype, 'run').callsFake(function (this: Connection, query) {
      if (/^COMMIT\b/i.test(query.sql)) return Promise.reject(new StatementError('injected COMMIT failure'));
      return original.call(this, query);
    });
    await expectRejection(em.flush(), StatementError);
    stub.restore();

    expect((await allRows(orm())).writers).to.deep.equal([{ id: ann.id, version: 1, name: 'Ann', favourite_id: null }]);
    expect(emState(em)).to.deep.equal(stateBefore);
    expect(em.plan().entities.map((e) => e.reasons)).to.deep.equal([
      [{ kind: 'changed', changes: [{ property: 'name', column: 'name', old: 'Ann', new: 'Ann B' }] }],
      [{ kind: 'changed', changes: [{ property: 'name', column: 'name', old: 'Boss', new: 'Boss B' }] }],
    ]);
    await em.flush();
    expect((await allRows(orm())).writers).to.deep.equal([
      { id: ann.id, version: 2, name: 'Ann B', favourite_id: null },
    ]);
  });
});

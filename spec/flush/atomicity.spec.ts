import { expect } from 'chai';
import sinon from 'sinon';
import { Connection } from '../../lib/connection';
import { StatementError } from '../../lib/errors';
import { describeEachDialect } from '../support/matrix';
import { expectRejection } from '../support/expect-rejection';
import { Employee, Novel, Writer } from '../entity-manager/support/entities';
import { allRows, emptyTables, emState, useUow } from '../entity-manager/support/uow-fixture';

const CONTROL = /^(BEGIN|START|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET)\b/i;

describeEachDialect('EntityManager.flush atomicity', (ctx) => {
  afterEach(() => sinon.restore());
  const orm = useUow(ctx);

  /** A flush with inserts, a cycle-break update, updates and deletes, on top of committed rows. */
  async function scenario() {
    const em = orm().em.fork();
    const ann = new Writer('Ann');
    const old = new Novel('Old', ann);
    ann.books.push(old);
    const gone = new Employee('gone');
    em.persist(ann, gone);
    await em.flush();
    const bob = new Writer('Bob');
    const fresh = new Novel('Fresh', bob);
    bob.books.push(fresh);
    bob.favourite = fresh;
    em.persist(bob);
    ann.name = 'Ann B';
    old.title = 'Old 2';
    em.remove(gone);
    return { em, ann, bob, fresh, old };
  }

  it('leaves the database and the EntityManager as they were when any statement fails, and a second flush succeeds', async () => {
    const probe = await scenario();
    const kinds = probe.em.plan().steps.flatMap((s) => s.statements.map(() => s.kind));
    expect(kinds).to.deep.equal(['insert', 'insert', 'break-cycle', 'update', 'update', 'delete']);
    await emptyTables(orm());
    for (let k = 0; k < kinds.length; k++) {
      const { em, ann, bob, fresh } = await scenario();
      const rowsBefore = await allRows(orm());
      const stateBefore = emState(em);
      const original = Connection.prototype.run;
      let index = 0;
      const stub = sinon.stub(Connection.prototype, 'run').callsFake(function (this: Connection, query) {
        if (!CONTROL.test(query.sql) && index++ === k)
          return Promise.reject(new StatementError(`injected failure at statement ${k}`));
        return original.call(this, query);
      });
      await expectRejection(em.flush(), StatementError);
      stub.restore();
      expect(await allRows(orm()), `rows after a failure at statement ${k} (${kinds[k]})`).to.deep.equal(rowsBefore);
      expect(emState(em), `EntityManager after a failure at statement ${k}`).to.deep.equal(stateBefore);
      expect([bob.id, fresh.id, ann.version]).to.deep.equal([undefined, undefined, 1]);
      await em.flush();
      const after = await allRows(orm());
      expect(after.writers).to.deep.equal([
        { id: ann.id, version: 2, name: 'Ann B', favourite_id: null },
        { id: bob.id, version: 1, name: 'Bob', favourite_id: fresh.id },
      ]);
      expect([after.novels.map((n) => n.title), after.employees]).to.deep.equal([['Old 2', 'Fresh'], []]);
      await emptyTables(orm());
    }
  });
});

/**
 * A connection lost while COMMIT is in flight: the server may have committed or not. Tabula says
 * so (CommitOutcomeUnknownError, never retried), and the EntityManager refuses to write the
 * entities of that flush again until they are refreshed, detached or cleared — a blind second
 * flush could insert every row twice.
 *
 * This is what happens when Tabula cannot resolve the outcome: resolution is off here (the default
 * on MariaDB; PostgreSQL resolves by default, see commit-outcome-resolved.spec.ts).
 *
 * The connection is cut by a loopback TCP proxy between Tabula and the server once the server
 * answered the COMMIT (spec/support/commit-cutter.ts). SQLite has no network connection to cut, so these suites run on
 * PostgreSQL and MariaDB only; the unit-level cases (which failures are NOT converted) run on
 * every dialect with an injected failure.
 */
import { expect } from 'chai';
import sinon from 'sinon';
import { sql } from '../../lib';
import { Connection } from '../../lib/connection';
import { CommitOutcomeUnknownError, ConnectionLostError, EntityStateError } from '../../lib/errors';
import { Employee, Writer } from '../entity-manager/support/entities';
import { allRows, closeUow, emptyTables, openUow, type UowFixture } from '../entity-manager/support/uow-fixture';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';
import { proxiedUow } from '../support/proxied-uow';

describeEachDialect(
  'a connection lost during COMMIT, with resolution off',
  (ctx) => {
    const { direct, viaProxy, cutter } = proxiedUow(ctx, { resolveCommitOutcome: false });
    afterEach(() => {
      sinon.restore();
    });
    /**
     * The rows once the cut session's transaction has ended on the server: the proxy swallowed the
     * COMMIT's reply, but the server may still be finishing it (or rolling back the dropped
     * session) when the client gives up, so an immediate read could see the rows before the commit.
     */
    const settledRows = async () => {
      const db = direct().db;
      for (let i = 0; i < 200; i++) {
        const [open] =
          ctx.dialect === 'postgres'
            ? await db.query(
                sql`select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend' and xact_start is not null`,
              )
            : await db.query(sql`select count(*) as n from information_schema.innodb_trx`);
        if (Number(open?.n) === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return allRows(direct());
    };

    it('rejects with CommitOutcomeUnknownError, refuses a second flush of the new entities, and recovers after em.clear()', async () => {
      const em = viaProxy().em.fork();
      // With a second table: a flush of one statement has no COMMIT to lose (round-trips.spec.ts).
      em.persist(new Writer('Ann'), new Writer('Bob'), new Writer('Cy'), new Employee('Eve'));
      cutter().arm('after');
      const error = await expectRejection(em.flush(), CommitOutcomeUnknownError);
      expect(cutter().cuts).to.equal(1);
      expect(error.code).to.equal('COMMIT_OUTCOME_UNKNOWN');
      expect(error.cause).to.be.instanceOf(ConnectionLostError);
      expect(error.message).to.match(/may or may not have committed/);
      expect(error.message).to.match(/did not retry/);

      // The race is real: all three rows or none, never some.
      const written = (await settledRows()).writers.length;
      expect([0, 3]).to.include(written);

      const run = sinon.spy(Connection.prototype, 'run');
      const refused = await expectRejection(em.flush(), EntityStateError);
      expect(run.callCount, 'no SQL before the refusal').to.equal(0);
      run.restore();
      expect(refused.message).to.match(/Writer\(new\), Writer\(new\), Writer\(new\)/);
      expect(refused.message).to.match(/em\.refresh/);
      expect(refused.message).to.match(/em\.clear\(\)/);
      expect((await allRows(direct())).writers.length).to.equal(written);

      em.clear();
      em.persist(new Writer('Dee'));
      await em.flush();
      expect((await allRows(direct())).writers.length).to.equal(written + 1);
      // The pool dropped the cut connection: a fresh fork reads through a new one.
      expect((await viaProxy().em.fork().find(Writer)).length).to.equal(written + 1);
    });

    it('refuses a second flush of an updated entity until em.refresh', async () => {
      const em = viaProxy().em.fork();
      const ann = new Writer('Ann');
      const eve = new Employee('Eve');
      em.persist(ann, eve);
      await em.flush();
      ann.name = 'Ann B';
      eve.name = 'Eve B';
      cutter().arm('after');
      await expectRejection(em.flush(), CommitOutcomeUnknownError);
      const [row] = (await settledRows()).writers;
      expect(['Ann', 'Ann B']).to.include(row?.name);

      const refused = await expectRejection(em.flush(), EntityStateError);
      expect(refused.message).to.include(`Writer#${ann.id}`);

      await em.refresh(ann);
      await em.refresh(eve);
      expect(ann.name).to.equal(row?.name);
      ann.name = 'Ann C';
      await em.flush();
      expect((await allRows(direct())).writers.map((w) => w.name)).to.deep.equal(['Ann C']);
    });

    it('em.transactional rejects with CommitOutcomeUnknownError and clears the EntityManager', async () => {
      const em = viaProxy().em.fork();
      cutter().arm('after');
      await expectRejection(
        em.transactional(async () => {
          em.persist(new Writer('Ann'), new Writer('Bob'));
        }),
        CommitOutcomeUnknownError,
      );
      expect([0, 2]).to.include((await allRows(direct())).writers.length);
      em.persist(new Writer('Cy'));
      await em.flush();
    });
  },
  // SQLite has no network connection: there is nothing for a proxy to cut.
  { only: ['postgres', 'mysql'] },
);

describeEachDialect('only a lost connection on the outer COMMIT is CommitOutcomeUnknownError', (ctx) => {
  let f: UowFixture | undefined;
  before(async () => {
    f = await openUow(ctx.url);
  });
  afterEach(async () => {
    sinon.restore();
    if (f) await emptyTables(f.orm);
  });
  after(async () => closeUow(f));
  const orm = () => (f as UowFixture).orm;

  /** Makes statements matching `pattern` fail with a ConnectionLostError, as a dialect translates a cut socket. */
  function loseConnectionOn(pattern: RegExp): void {
    const original = Connection.prototype.run;
    sinon.stub(Connection.prototype, 'run').callsFake(function (this: Connection, query) {
      if (pattern.test(query.sql)) return Promise.reject(new ConnectionLostError('injected: connection lost'));
      return original.call(this, query);
    });
  }

  it('converts it on COMMIT, unless the dialect finds out (PostgreSQL: the injected COMMIT never reached the server)', async () => {
    loseConnectionOn(/^COMMIT\b/i);
    const em = orm().em.fork();
    // Two statements: a flush of one has no COMMIT (round-trips.spec.ts covers its lost statement).
    em.persist(new Writer('Ann'), new Employee('Eve'));
    if (ctx.dialect === 'postgres') {
      // Resolution is on by default there: a fresh connection finds the transaction aborted.
      const lost = await expectRejection(em.flush(), ConnectionLostError);
      expect(lost).not.to.be.instanceOf(CommitOutcomeUnknownError);
      expect(lost.message).to.match(/found the transaction rolled back/);
      return;
    }
    const error = await expectRejection(em.flush(), CommitOutcomeUnknownError);
    expect(error.cause).to.be.instanceOf(ConnectionLostError);
    expect(error).not.to.be.instanceOf(ConnectionLostError);
  });

  it('leaves it a ConnectionLostError on a savepoint RELEASE: the outer transaction never committed', async () => {
    loseConnectionOn(/^RELEASE\b/i);
    const error = await expectRejection(
      orm().db.transaction((tx) => tx.transaction(async () => undefined)),
      ConnectionLostError,
    );
    expect(error).not.to.be.instanceOf(CommitOutcomeUnknownError);
  });

  it('leaves it a ConnectionLostError on an ordinary statement of a flush, and the next flush goes on', async () => {
    loseConnectionOn(/^INSERT\b/i);
    const em = orm().em.fork();
    em.persist(new Writer('Ann'), new Employee('Eve'));
    await expectRejection(em.flush(), ConnectionLostError);
    sinon.restore();
    await em.flush();
    expect((await allRows(orm())).writers.map((w) => w.name)).to.deep.equal(['Ann']);
  });
});

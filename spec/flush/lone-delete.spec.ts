/**
 * A flush whose only statement is a one-row DELETE goes alone (no BEGIN/COMMIT) on PostgreSQL
 * with `resolveCommitOutcome` on (its default), because a lost connection is resolved by the row:
 * once the lost session has ended, a fresh connection looks the row up by its key (docs/unit-of-work.md,
 * "Round trips"). The loopback proxy (spec/support/commit-cutter.ts) cuts the connection at the
 * DELETE and fixes what the server did: `after` — deleted, its answer lost; `before` — never
 * received; `{ holdMs }` — received late, after the client saw its connection die; `down` — the
 * server unreachable afterwards.
 *
 * Only PostgreSQL tells when a lost session has ended (`sessionAlive`); SQLite and MariaDB send a
 * one-row DELETE alone already and report its loss as CommitOutcomeUnknownError
 * (round-trips.spec.ts), so the suite is registered for PostgreSQL only.
 */
import { expect } from 'chai';
import { postgresCommitOutcome } from '../../lib/dialects/postgres/commit-outcome';
import { CommitOutcomeUnknownError, ConnectionLostError, EntityStateError } from '../../lib/errors';
import { sql } from '../../lib/sql';
import { Employee, Writer } from '../entity-manager/support/entities';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';
import { proxiedUow } from '../support/proxied-uow';

describeEachDialect(
  'a lone one-row DELETE whose connection was lost, resolved by its row',
  (ctx) => {
    const { direct, viaProxy, cutter } = proxiedUow(ctx);
    let seen: string[] = [];
    before(() => {
      viaProxy().db.onQuery((e) => seen.push(e.sql));
    });
    const names = async () =>
      (await direct().db.query(sql`select name from t_uow_employees order by name`)).map((r) => r.name);

    /** Ann and Bob in the table; Ann loaded into a fresh EntityManager through the proxy and removed. */
    async function annRemoved() {
      const seed = viaProxy().em.fork();
      seed.persist(new Employee('Ann'), new Employee('Bob'));
      await seed.flush();
      const em = viaProxy().em.fork();
      const ann = await em.findOneOrFail(Employee, { name: 'Ann' });
      em.remove(ann);
      seen = [];
      return { em, ann };
    }

    it('sends the DELETE alone: no BEGIN, no transaction id, no COMMIT', async () => {
      const { em } = await annRemoved();
      const result = await em.flush();
      expect(seen).to.deep.equal(['DELETE FROM "t_uow_employees" WHERE "id" = $1']);
      expect(result.affected.deleted).to.deep.equal({ t_uow_employees: 1 });
      expect(await names()).to.deep.equal(['Bob']);
    });

    /** Cuts made by `work`: each test arms the cutter once and must see its cut. */
    async function cutsDuring(work: () => Promise<unknown>): Promise<number> {
      const before = cutter().cuts;
      await work();
      return cutter().cuts - before;
    }
    const polls = () => seen.filter((s) => /pg_stat_activity/.test(s)).length;

    it('deleted, its answer lost: the flush succeeds as if the server had answered', async () => {
      const { em, ann } = await annRemoved();
      cutter().arm('after', { on: 'DELETE' });
      let result: Awaited<ReturnType<typeof em.flush>> | undefined;
      expect(await cutsDuring(async () => (result = await em.flush()))).to.equal(1);
      if (!result) throw new Error('no flush result');
      expect(result.affected.deleted).to.deep.equal({ t_uow_employees: 1 });
      expect(
        seen.some((s) => /pg_stat_activity/.test(s)),
        'asked whether the session ended',
      ).to.equal(true);
      expect(em.contains(ann)).to.equal(false);
      expect(em.plan().isEmpty).to.equal(true);
      expect(await names()).to.deep.equal(['Bob']);
    });

    it('never received: ConnectionLostError (not an unknown outcome), the removal still pending, a retry deletes', async () => {
      const { em, ann } = await annRemoved();
      cutter().arm('before', { on: 'DELETE' });
      let error: ConnectionLostError | undefined;
      expect(await cutsDuring(async () => (error = await expectRejection(em.flush(), ConnectionLostError)))).to.equal(
        1,
      );
      expect(error).not.to.be.instanceOf(CommitOutcomeUnknownError);
      expect(error?.message).to.match(/found the row still there: this flush deleted nothing/);
      expect(await names()).to.deep.equal(['Ann', 'Bob']);
      expect(em.plan().describe()).to.match(/delete/i);
      await em.flush();
      expect(em.contains(ann)).to.equal(false);
      expect(await names()).to.deep.equal(['Bob']);
    });

    it('received after the client saw the loss: waits for the lost session to end, then finds the row gone', async () => {
      // Looking at the row at once would find it still there (the DELETE is 400 ms away) and say "not deleted".
      const { em } = await annRemoved();
      cutter().arm({ holdMs: 400 }, { on: 'DELETE' });
      const started = performance.now();
      expect(await cutsDuring(() => em.flush())).to.equal(1);
      // Not a timing target: the answer cannot exist before the held DELETE reached the server.
      expect(performance.now() - started).to.be.at.least(400);
      expect(polls(), 'asked again while the lost session lived on').to.be.at.least(2);
      expect(await names()).to.deep.equal(['Bob']);
    });

    it('a versioned row: deleted, its answer lost, succeeds; never received, a retry deletes it', async () => {
      const seed = viaProxy().em.fork();
      seed.persist(new Writer('Ann'), new Writer('Bea'));
      await seed.flush();
      const em = viaProxy().em.fork();
      const [ann, bea] = await em.find(Writer, {}, { orderBy: { name: 'asc' } });
      em.remove(ann as Writer);
      seen = [];
      cutter().arm('after', { on: 'DELETE' });
      expect(await cutsDuring(() => em.flush())).to.equal(1);
      expect(seen[0]).to.match(/^DELETE FROM "t_uow_writers" WHERE "id" = \$1 AND "version" = \$2$/);
      em.remove(bea as Writer);
      cutter().arm('before', { on: 'DELETE' });
      await expectRejection(em.flush(), ConnectionLostError);
      await em.flush();
      const left = await direct().db.query(sql`select name from t_uow_writers`);
      expect(left).to.deep.equal([]);
    });

    it('the row deleted by another session first, the DELETE never received: the flush succeeds (its aim holds)', async () => {
      // Without the cut this flush would fail with MissingRowError; the resolver cannot tell the two apart.
      const { em, ann } = await annRemoved();
      await direct().db.execute(sql`delete from t_uow_employees where name = 'Ann'`);
      cutter().arm('before', { on: 'DELETE' });
      expect(await cutsDuring(() => em.flush())).to.equal(1);
      expect(em.contains(ann)).to.equal(false);
      expect(await names()).to.deep.equal(['Bob']);
    });

    it('no answer (the server unreachable afterwards): CommitOutcomeUnknownError, and the entity is refused', async () => {
      const { em, ann } = await annRemoved();
      cutter().arm('after', { on: 'DELETE', down: true });
      const before = cutter().cuts;
      const error = await expectRejection(em.flush(), CommitOutcomeUnknownError);
      expect(cutter().cuts - before).to.equal(1);
      expect(error.message).to.match(/only statement/);
      expect(error.message).to.match(/could not tell within 2000 ms/);
      await expectRejection(em.flush(), EntityStateError);
      cutter().up();
      em.detach(ann);
      expect(await names()).to.deep.equal(['Bob']);
    });

    it('behind a pooler whose process ids are not the server’s, sessions are not looked up (the DELETE keeps its transaction)', () => {
      expect(postgresCommitOutcome('15.18').sessionAlive, 'ids made up by a pooler').to.equal(undefined);
      expect(postgresCommitOutcome('15.18', { sessions: true }).sessionAlive).to.be.a('function');
    });
  },
  { only: ['postgres'] },
);

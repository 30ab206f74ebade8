/**
 * A connection lost during COMMIT, resolved: with `resolveCommitOutcome` (PostgreSQL's default,
 * MariaDB's opt-in marker row) a fresh connection finds out what the server did, and the flush
 * ends as that says — a success applied as any other, an ordinary retryable ConnectionLostError,
 * or, with no answer, CommitOutcomeUnknownError as before (commit-outcome.spec.ts).
 *
 * The loopback proxy (spec/support/commit-cutter.ts) fixes what the server did: `after` cuts once
 * the server answered the COMMIT (committed), `before` never forwards it (rolled back), `holdMs`
 * delivers it late (in progress meanwhile), `down` keeps the server unreachable after the cut.
 */
import { expect } from 'chai';
import { Tabula } from '../../lib';
import { entityManagerInternals } from '../../lib/entity-manager';
import { CommitOutcomeUnknownError, ConnectionLostError, EntityStateError } from '../../lib/errors';
import { sql } from '../../lib/sql';
import { Employee, Novel, uowMappers, Writer } from '../entity-manager/support/entities';
import { allRows, closeUow, emState, emptyTables, openUow } from '../entity-manager/support/uow-fixture';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';
import { proxiedUow } from '../support/proxied-uow';

/** emState as a sorted list, each entity's fields in key order (a loaded entity's come in column order). */
const sorted = (state: unknown[]) =>
  state
    .map((entry) => {
      const [s, key, snapshot, fields, members] = entry as [string, unknown, string, string, unknown];
      const byKey = Object.fromEntries(
        Object.entries(JSON.parse(fields) as object).sort(([a], [b]) => a.localeCompare(b)),
      );
      return JSON.stringify([s, key, snapshot, byKey, members]);
    })
    .sort();

describeEachDialect(
  'a connection lost during COMMIT, resolved on a fresh connection',
  (ctx) => {
    const { direct, viaProxy, cutter } = proxiedUow(ctx, { resolveCommitOutcome: true });

    it('the server committed: the flush succeeds, the EntityManager is as after a normal flush, each row is there once', async () => {
      const em = viaProxy().em.fork();
      const ann = new Writer('Ann');
      ann.books.push(new Novel('Dune', ann), new Novel('Emma', ann));
      em.persist(ann, new Writer('Bob'));
      cutter().arm('after');
      await em.flush();
      expect(cutter().cuts).to.equal(1);

      const rows = await allRows(direct());
      expect(rows.writers.map((w) => [w.name, w.version])).to.deep.equal([
        ['Ann', 1],
        ['Bob', 1],
      ]);
      expect(rows.novels.map((n) => n.title)).to.deep.equal(['Dune', 'Emma']);
      expect(ann.id).to.equal(rows.writers[0]?.id);
      expect(em.plan().isEmpty, 'snapshots taken: nothing left to write').to.equal(true);
      // What a fresh EntityManager loading the same rows knows, entry for entry.
      const loaded = viaProxy().em.fork();
      await loaded.find(Writer, {}, { populate: ['books'] });
      expect(sorted(emState(em))).to.deep.equal(sorted(emState(loaded)));

      // The version and snapshot are right: the next change is one UPDATE that passes the lock check.
      ann.name = 'Ann B';
      cutter().arm('after');
      await em.flush();
      const [first] = (await allRows(direct())).writers;
      expect([first?.name, first?.version]).to.deep.equal(['Ann B', 2]);
      expect(ann.version).to.equal(2);
    });

    it('the server rolled back (the COMMIT never arrived): ConnectionLostError, the EntityManager unchanged, a retry writes once', async () => {
      const em = viaProxy().em.fork();
      const ann = new Writer('Ann');
      ann.books.push(new Novel('Dune', ann));
      em.persist(ann);
      const before = emState(em);
      cutter().arm('before');
      const error = await expectRejection(em.flush(), ConnectionLostError);
      expect(error).not.to.be.instanceOf(CommitOutcomeUnknownError);
      expect(error.message).to.match(/found the transaction rolled back/);
      expect(emState(em)).to.deep.equal(before);
      expect((await allRows(direct())).writers).to.deep.equal([]);

      await em.flush();
      const rows = await allRows(direct());
      expect(rows.writers.map((w) => w.name)).to.deep.equal(['Ann']);
      expect(rows.novels.map((n) => n.title)).to.deep.equal(['Dune']);
    });

    it('the server cannot be reached after the cut: CommitOutcomeUnknownError as before, and the entities are refused', async () => {
      const em = viaProxy().em.fork();
      em.persist(new Writer('Ann'));
      cutter().arm('after', { down: true });
      const error = await expectRejection(em.flush(), CommitOutcomeUnknownError);
      expect(error.message).to.match(/tried to find out, but a fresh connection could not tell within 2000 ms/);
      await expectRejection(em.flush(), EntityStateError);
      cutter().up();
      expect((await allRows(direct())).writers.map((w) => w.name)).to.deep.equal(['Ann']);
    });

    it('a COMMIT still on its way is asked about again until the server decides', async () => {
      const em = viaProxy().em.fork();
      em.persist(new Writer('Ann'));
      cutter().arm({ holdMs: 400 });
      await em.flush();
      expect((await allRows(direct())).writers.map((w) => w.name)).to.deep.equal(['Ann']);
    });

    it('em.transactional: committed returns normally and keeps the EntityManager; rolled back is a ConnectionLostError', async () => {
      const em = viaProxy().em.fork();
      const ann = new Writer('Ann');
      cutter().arm('after');
      expect(await em.transactional(async () => em.persist(ann) && 'done')).to.equal('done');
      expect(em.contains(ann)).to.equal(true);
      expect(em.plan().isEmpty).to.equal(true);

      const bob = new Writer('Bob');
      cutter().arm('before');
      await expectRejection(
        em.transactional(async () => {
          em.persist(bob);
        }),
        ConnectionLostError,
      );
      // As after any failed transactional: cleared.
      expect(em.contains(ann)).to.equal(false);
      expect((await allRows(direct())).writers.map((w) => w.name)).to.deep.equal(['Ann']);
    });

    it('em.transactional that wrote nothing learns no token: the lost COMMIT stays unknown', async () => {
      const em = viaProxy().em.fork();
      cutter().arm('after');
      const error = await expectRejection(
        em.transactional(async () => em.find(Writer)),
        CommitOutcomeUnknownError,
      );
      expect(error.message).not.to.match(/tried to find out/);
    });

    it("a flush joined to the caller's own db.transaction leaves that COMMIT to the caller: not resolved", async () => {
      const em = viaProxy().em.fork();
      cutter().arm('after');
      const error = await expectRejection(
        viaProxy().db.transaction(async (tx) => {
          entityManagerInternals.joinTransaction(em, tx);
          em.persist(new Writer('Ann'));
          await em.flush();
        }),
        CommitOutcomeUnknownError,
      );
      expect(error.message).not.to.match(/tried to find out/);
    });

    it('the default: PostgreSQL resolves, MariaDB keeps CommitOutcomeUnknownError', async () => {
      const plain = await Tabula.connect({ url: cutter().url, mappers: [...uowMappers] });
      try {
        const em = plain.em.fork();
        // Two statements: a flush of one has no COMMIT to lose (round-trips.spec.ts).
        em.persist(new Writer('Ann'), new Employee('Eve'));
        cutter().arm('after');
        if (ctx.dialect === 'postgres') await em.flush();
        else await expectRejection(em.flush(), CommitOutcomeUnknownError);
        expect((await allRows(direct())).writers.map((w) => w.name)).to.deep.equal(['Ann']);
      } finally {
        await plain.close();
      }
    });
  },
  // SQLite has no network connection: there is nothing for a proxy to cut (see below).
  { only: ['postgres', 'mysql'] },
);

describeEachDialect(
  'the commit marker of MariaDB',
  (ctx) => {
    it('is written inside the flush, before COMMIT, only when the option is on', async () => {
      const f = await openUow(ctx.url);
      const marked = await Tabula.connect({ url: ctx.url, mappers: [...uowMappers], resolveCommitOutcome: true });
      try {
        const statements: string[] = [];
        marked.db.onQuery((e) => statements.push(e.sql));
        const em = marked.em.fork();
        em.persist(new Writer('Ann'));
        await em.flush();
        expect(statements.map((s) => s.split(' ').slice(0, 3).join(' '))).to.deep.equal([
          'START TRANSACTION',
          'INSERT INTO `t_uow_writers`',
          'INSERT INTO tabula_commit_log',
          'COMMIT',
        ]);
        const [count] = await marked.db.query<{ n: unknown }>(sql`select count(*) as n from tabula_commit_log`);
        expect(Number(count?.n)).to.be.greaterThan(0);
      } finally {
        await marked.close();
        await emptyTables(f.orm);
        await closeUow(f);
      }
    });
  },
  { only: ['mysql'] },
);

describeEachDialect(
  'a lost COMMIT on SQLite',
  (ctx) => {
    it('cannot happen: COMMIT runs in-process, so there is nothing to resolve and nothing is added to a flush', async () => {
      const f = await openUow(ctx.url);
      const orm = await Tabula.connect({ url: ctx.url, mappers: [...uowMappers], resolveCommitOutcome: true });
      try {
        expect(orm.db.dialect.commitOutcome).to.equal(undefined);
        const statements: string[] = [];
        orm.db.onQuery((e) => statements.push(e.sql.split(' ')[0] as string));
        const em = orm.em.fork();
        em.persist(new Writer('Ann'));
        await em.flush();
        // One statement goes alone (round-trips.spec.ts); two get a transaction, and nothing more.
        expect(statements).to.deep.equal(['INSERT']);
        statements.length = 0;
        em.persist(new Writer('Bob'), new Employee('Eve'));
        await em.flush();
        expect(statements).to.deep.equal(['BEGIN', 'INSERT', 'INSERT', 'COMMIT']);
      } finally {
        await orm.close();
        await closeUow(f);
      }
    });
  },
  { only: ['sqlite'] },
);

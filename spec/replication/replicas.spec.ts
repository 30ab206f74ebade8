/**
 * Read replicas on real servers: a PostgreSQL primary with a streaming standby, a MariaDB primary
 * with a GTID replica. Where each statement ran is proved by the server itself: a SELECT filtered
 * on `pg_is_in_recovery()` (PostgreSQL) or `@@server_id = 2` (MariaDB) returns rows only on the
 * replica. Lag is induced by pausing replay (`pg_wal_replay_pause()`, `STOP SLAVE SQL_THREAD`).
 *
 * SQLite has no replicas: `connect` refuses them (spec/replication/replica-config.spec.ts).
 */
import { expect } from 'chai';
import { Container } from 'inversify';
import { freePort } from '../../lib/testing';
import { EntityManager, type QueryEvent, type RawNode, sql, Tabula } from '../../lib';
import { runInUnitOfWork, tabulaModule } from '../../lib/entry-points/di';
import { connect, type Database } from '../../lib/entry-points/sql';
import type { ReplicatedServers } from '../../lib/testing';
import { describeEachDialect } from '../support/matrix';
import { eventually, Note, NoteMapper, replicatedServers } from './support/replicated';

/** What differs between the two engines in these tests. */
const ENGINE = {
  postgres: {
    onReplica: sql`pg_is_in_recovery()`,
    pause: sql`select pg_wal_replay_pause()`,
    resume: sql`select pg_wal_replay_resume()`,
  },
  mysql: {
    onReplica: sql`@@server_id = 2`,
    pause: sql`STOP SLAVE SQL_THREAD`,
    resume: sql`START SLAVE SQL_THREAD`,
  },
} as const;

describeEachDialect(
  'read replicas: routing and read-your-writes',
  (ctx) => {
    let servers: ReplicatedServers;
    let replicaAdmin: Database;
    let orm: Tabula;
    let engine: (typeof ENGINE)['postgres'];
    const events: QueryEvent[] = [];

    /** The notes a SELECT finds only when the replica answers it. */
    const onReplicaOnly = (): RawNode => sql`select * from t_replica_note where ${engine.onReplica}`;

    before(async function () {
      this.timeout(180_000);
      const dialect = ctx.dialect as 'postgres' | 'mysql';
      engine = ENGINE[dialect];
      servers = await replicatedServers(this, dialect);
      replicaAdmin = await connect(servers.replica.url);
      orm = await Tabula.connect({
        url: servers.primary.url,
        replicas: [servers.replica.url],
        mappers: [NoteMapper],
        // The lag bound would skip the paused replica for everyone; these tests want it read.
        maxReplicaLagMs: false,
      });
      orm.db.onQuery((e) => events.push(e));
      await orm.schema.create();
      const em = orm.em.fork();
      em.persist(new Note('seed'));
      await em.flush();
      // The table and the seed row exist on the replica before any test reads there.
      await eventually(
        async () => Number((await replicaAdmin.query(sql`select count(*) as n from t_replica_note`))[0]?.n) === 1,
        'the replica has the seed row',
      );
    });

    after(async function () {
      this.timeout(60_000);
      await orm?.close();
      await replicaAdmin?.close();
      await servers?.stop();
    });

    beforeEach(() => {
      events.length = 0;
    });

    it('answers a plain read from the replica and everything else from the primary (the servers say which)', async () => {
      const answer = ctx.dialect === 'postgres' ? sql`select pg_is_in_recovery() as r` : sql`select @@server_id as r`;
      const [fromReplica] = await orm.db.query(answer, { replica: true });
      const [fromPrimary] = await orm.db.query(answer);
      expect(ctx.dialect === 'postgres' ? fromReplica?.r : Number(fromReplica?.r)).to.equal(
        ctx.dialect === 'postgres' ? true : 2,
      );
      expect(ctx.dialect === 'postgres' ? fromPrimary?.r : Number(fromPrimary?.r)).to.equal(
        ctx.dialect === 'postgres' ? false : 1,
      );
    });

    it("routes an EntityManager's reads outside a transaction to the replica", async () => {
      const em = orm.em.fork();
      expect(await em.findBySql(Note, onReplicaOnly())).to.have.length(1);
      const [seed] = await em.find(Note, {});
      await em.count(Note, {});
      await em.exists(Note, { title: 'seed' });
      await em.createQueryBuilder(Note).getEntities();
      if (seed) await em.refresh(seed);
      const label = `127.0.0.1:${servers.replica.port}`;
      const reads = events.filter((e) => /t_replica_note/.test(e.sql));
      expect(reads.map((e) => e.server)).to.deep.equal([label, label, label, label, label, label]);
    });

    it('sends transactions, locks, writes and { replica: false } to the primary', async () => {
      const em = orm.em.fork();
      await em.transactional(async (tx) => {
        expect(await tx.findBySql(Note, onReplicaOnly())).to.deep.equal([]);
        await tx.find(Note, {}, { lock: 'pessimistic-write' });
        const [note] = await tx.find(Note, { title: 'seed' });
        if (note) await tx.lock(note, 'pessimistic-read');
      });
      expect(await em.findBySql(Note, onReplicaOnly(), { replica: false })).to.deep.equal([]);
      expect(await orm.em.fork({ replicas: false }).findBySql(Note, onReplicaOnly())).to.deep.equal([]);
      // A raw statement that writes is never routed to a replica, whatever it is asked.
      await orm.db.execute(sql`update t_replica_note set version = version where id = 0`, { replica: true });
      expect(events.filter((e) => e.server !== undefined && !/t_replica_note where/.test(e.sql))).to.deep.equal([]);
    });

    it("reads an EntityManager's own commit from the primary while the replica lags, and from the replica once it has it", async function () {
      this.timeout(60_000);
      await replicaAdmin.query(engine.pause);
      const em = orm.em.fork();
      try {
        em.persist(new Note('written while the replica lags'));
        await em.flush();
        const other = orm.em.fork();
        // Another EntityManager, which committed nothing, reads the replica: the lag is real.
        expect(await other.findOne(Note, { title: 'written while the replica lags' })).to.equal(null);
        em.clear();
        expect(await em.findOne(Note, { title: 'written while the replica lags' })).to.be.instanceOf(Note);
        expect(await em.findBySql(Note, onReplicaOnly())).to.deep.equal([]);
      } finally {
        await replicaAdmin.query(engine.resume);
      }
      // Once the replica has replayed the commit, the EntityManager reads there again.
      await eventually(async () => (await em.findBySql(Note, onReplicaOnly())).length === 2, 'back on the replica');
    });

    it('reads stale data right after a commit when readYourWrites is off (the guarantee is what the other test sees)', async function () {
      this.timeout(60_000);
      await replicaAdmin.query(engine.pause);
      try {
        const em = orm.em.fork({ readYourWrites: false });
        em.persist(new Note('not read back'));
        await em.flush();
        em.clear();
        expect(await em.findOne(Note, { title: 'not read back' })).to.equal(null);
        expect(await em.findOne(Note, { title: 'not read back' }, { replica: false })).to.be.instanceOf(Note);
      } finally {
        await replicaAdmin.query(engine.resume);
      }
    });

    it('keeps reads on the primary for the window after a commit in window mode', async function () {
      this.timeout(60_000);
      await replicaAdmin.query(engine.pause);
      try {
        const em = orm.em.fork({ readYourWrites: { mode: 'window', windowMs: 60_000 } });
        em.persist(new Note('inside the window'));
        await em.flush();
        em.clear();
        expect(await em.findOne(Note, { title: 'inside the window' })).to.be.instanceOf(Note);
        const quick = orm.em.fork({ readYourWrites: { mode: 'window', windowMs: 0 } });
        quick.persist(new Note('after a window of 0'));
        await quick.flush();
        quick.clear();
        expect(await quick.findOne(Note, { title: 'after a window of 0' })).to.equal(null);
      } finally {
        await replicaAdmin.query(engine.resume);
      }
    });

    it('asks the picker among the replicas that may answer, and reads on past one that refuses connections', async () => {
      const dead = servers.replica.url.replace(`:${servers.replica.port}/`, `:${await freePort()}/`);
      const offered: string[][] = [];
      const twoReplicas = await Tabula.connect({
        url: servers.primary.url,
        replicas: [dead, servers.replica.url],
        mappers: [NoteMapper],
        maxReplicaLagMs: false,
        replicaPicker: (replicas, { sequence }) => {
          offered.push(
            replicas.map((r) => `${r.index}${r.label === `127.0.0.1:${servers.replica.port}` ? ' live' : ' dead'}`),
          );
          expect(sequence).to.be.a('number');
          return replicas[0] as (typeof replicas)[0];
        },
      });
      try {
        for (let i = 0; i < 3; i++)
          expect(await twoReplicas.em.fork().findBySql(Note, onReplicaOnly())).to.not.be.empty;
      } finally {
        await twoReplicas.close();
      }
      // The first read tried the dead replica (the picker chose it), then ran on the live one; later
      // reads are offered only the live one while the dead one is backed off.
      expect(offered).to.deep.equal([['0 dead', '1 live'], ['1 live'], ['1 live'], ['1 live']]);
    });

    it("keeps a DI unit of work's reads after its own flush on the primary; the module can turn it off", async function () {
      this.timeout(60_000);
      const container = new Container();
      await container.load(tabulaModule(orm));
      const stale = new Container();
      await stale.load(tabulaModule(orm, { reads: { readYourWrites: false } }));
      await replicaAdmin.query(engine.pause);
      try {
        const read = (title: string) => async (scope: { get(id: typeof EntityManager): EntityManager }) => {
          const em = scope.get(EntityManager);
          em.persist(new Note(title));
          await em.flush();
          em.clear();
          return em.findOne(Note, { title });
        };
        // span 'flush': the unit reads outside its transaction, so its reads may go to a replica.
        expect(await runInUnitOfWork(container, read('di: read back'), { span: 'flush' })).to.be.instanceOf(Note);
        expect(await runInUnitOfWork(stale, read('di: not read back'), { span: 'flush' })).to.equal(null);
      } finally {
        await replicaAdmin.query(engine.resume);
      }
    });
  },
  { only: ['postgres', 'mysql'] },
);

/**
 * Replicas that fail or fall behind, on real servers: a replica stopped under a steady read load
 * (the reads keep succeeding on the primary; the restarted replica is used again after its
 * back-off), a replica lagging past `maxReplicaLagMs` (skipped until it catches up), and the
 * figures of the note: the replica share of 1,000 reads with commits among them, the time until
 * a restarted replica answers again, the cost of the read-your-writes check per read.
 *
 * Figures are printed, never asserted (the machine is shared). SQLite has no replicas.
 */
import { expect } from 'chai';
import { type QueryEvent, sql, Tabula } from '../../lib';
import { connect, type Database } from '../../lib/entry-points/sql';
import type { ReplicatedServers } from '../../lib/testing';
import { describeEachDialect } from '../support/matrix';
import { eventually, Note, NoteMapper, replicatedServers } from './support/replicated';

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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const figure = (line: string) => process.stdout.write(`  [figure] ${line}\n`);

describeEachDialect(
  'read replicas: a replica that stops or lags, and the figures',
  (ctx) => {
    let servers: ReplicatedServers;
    let replicaAdmin: Database;
    let orm: Tabula;
    let label: string;
    let engine: (typeof ENGINE)['postgres'];
    const events: QueryEvent[] = [];

    before(async function () {
      this.timeout(180_000);
      const dialect = ctx.dialect as 'postgres' | 'mysql';
      engine = ENGINE[dialect];
      servers = await replicatedServers(this, dialect);
      label = `127.0.0.1:${servers.replica.port}`;
      replicaAdmin = await connect(servers.replica.url);
      orm = await Tabula.connect({
        url: servers.primary.url,
        replicas: [servers.replica.url],
        mappers: [NoteMapper],
        replicaRetryMs: 100,
        maxReplicaLagMs: 300,
      });
      orm.db.onQuery((e) => events.push(e));
      await orm.schema.create();
      const em = orm.em.fork();
      for (let i = 0; i < 10; i++) em.persist(new Note(`seed ${i}`));
      await em.flush();
      await eventually(
        async () => Number((await replicaAdmin.query(sql`select count(*) as n from t_replica_note`))[0]?.n) === 10,
        'the replica has the seed rows',
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

    const notesRead = (from: number) => events.slice(from).filter((e) => /from [`"]?t_replica_note/i.test(e.sql));

    it('keeps reads succeeding while the replica is stopped, and uses it again once it is back', async function () {
      this.timeout(120_000);
      const failures: unknown[] = [];
      let reads = 0;
      let running = true;
      const deadline = Date.now() + 90_000;
      // Bounded, so that a failing run ends instead of looping on rejections.
      const worker = async () => {
        while (running && Date.now() < deadline && failures.length < 100) {
          try {
            await orm.em.fork().find(Note, {}, { limit: 5 });
            reads++;
          } catch (e) {
            failures.push(e);
          }
        }
      };
      const workers = [worker(), worker(), worker(), worker()];
      let duringOutage: QueryEvent[];
      let restartedAt: number;
      let acceptsAt: number;
      let recoveryMs: number;
      try {
        await sleep(300);
        await replicaAdmin.close();
        await servers.replica.halt();
        const haltedAt = events.length;
        await sleep(1000);
        duringOutage = notesRead(haltedAt);
        restartedAt = Date.now();
        await servers.replica.start();
        acceptsAt = Date.now();
        const sinceBack = events.length;
        recoveryMs = await eventually(
          async () => notesRead(sinceBack).some((e) => e.server === label),
          'replica used again',
          60_000,
        );
      } finally {
        running = false;
        await Promise.all(workers);
        replicaAdmin = await connect(servers.replica.url);
      }
      expect(failures).to.deep.equal([]);
      expect(duringOutage.length).to.be.greaterThan(0);
      expect(duringOutage.filter((e) => e.server === label && !e.error)).to.deep.equal([]);
      figure(
        `${ctx.dialect}: ${reads} reads by 4 workers, 0 failed; replica stopped 1 s, start took ${acceptsAt - restartedAt} ms; ` +
          `first read on the restarted replica ${recoveryMs} ms after it accepted connections (replicaRetryMs 100)`,
      );
    });

    it('skips a replica lagging past maxReplicaLagMs and reads from it again once it has caught up', async function () {
      this.timeout(60_000);
      const em = () => orm.em.fork();
      const onReplica = sql`select * from t_replica_note where ${engine.onReplica}`;
      await eventually(async () => (await em().findBySql(Note, onReplica)).length > 0, 'reads on the replica');
      await replicaAdmin.query(engine.pause);
      try {
        // Something to replay, so the paused replica falls behind.
        const writer = em();
        writer.persist(new Note('lag maker'));
        await writer.flush();
        await eventually(
          async () => (await em().findBySql(Note, onReplica)).length === 0,
          'reads leave the lagging replica',
        );
      } finally {
        await replicaAdmin.query(engine.resume);
      }
      await eventually(async () => (await em().findBySql(Note, onReplica)).length > 0, 'reads back on the replica');
    });

    it('measures the replica share of 1,000 reads with a commit after every 10th, and the cost of the check', async function () {
      this.timeout(120_000);
      const READS = 1000;
      const label0 = events.length;
      for (let i = 0; i < READS; i += 4)
        await Promise.all([0, 1, 2, 3].map(() => orm.em.fork().find(Note, {}, { limit: 5 })));
      const plain = events.slice(label0).filter((e) => /^select .* from [`"]?t_replica_note/i.test(e.sql.trim()));
      figure(
        `${ctx.dialect}: ${plain.length} reads, no commits: ${plain.filter((e) => e.server === label).length} on the replica`,
      );
      events.length = 0;
      let done = 0;
      const worker = async (w: number) => {
        let em = orm.em.fork();
        while (done < READS) {
          const n = done++;
          if (n % 10 === 9) {
            em = orm.em.fork();
            em.persist(new Note(`load ${w} ${n}`));
            await em.flush();
          }
          await em.find(Note, {}, { limit: 5 });
        }
      };
      const t0 = Date.now();
      await Promise.all([worker(0), worker(1), worker(2), worker(3)]);
      const ms = Date.now() - t0;
      const reads = events.filter((e) => /^select .* from [`"]?t_replica_note/i.test(e.sql.trim()));
      const onReplica = reads.filter((e) => e.server === label).length;
      const probes = events.filter((e) => /gtid_current_pos|pg_last_wal_replay_lsn/.test(e.sql)).length;
      const positions = events.filter((e) =>
        /gtid_binlog_pos|pg_current_wal_insert_lsn\(\)::text AS position$/.test(e.sql),
      );
      expect(reads).to.have.length(READS);
      figure(
        `${ctx.dialect}: ${READS} reads (4 workers, a commit before every 10th read) in ${ms} ms: ${onReplica} on the replica ` +
          `(${((onReplica / READS) * 100).toFixed(1)} %), ${READS - onReplica} on the primary; ` +
          `${positions.length} commit-position reads (one per commit, median ${median(positions.map((e) => e.durationMs)).toFixed(2)} ms), ` +
          `${probes} background replica checks`,
      );
      // The check itself: a session whose last commit the replica has replayed (cached), per read.
      const router = orm.db.replicas as unknown as { choose(session: unknown, excluded: undefined): unknown };
      const { pending, idle, position } = sessions(orm);
      expect(position).to.be.a('string');
      const N = 200_000;
      const t1 = process.hrtime.bigint();
      for (let i = 0; i < N; i++) {
        // Set again each time: a session whose commit every replica has stops checking at once.
        pending.target = position;
        router.choose(pending, undefined);
      }
      const t2 = process.hrtime.bigint();
      for (let i = 0; i < N; i++) router.choose(idle, undefined);
      const t3 = process.hrtime.bigint();
      figure(
        `${ctx.dialect}: routing a read: ${(Number(t2 - t1) / N / 1000).toFixed(2)} µs with a replayed commit to compare, ` +
          `${(Number(t3 - t2) / N / 1000).toFixed(2)} µs without; no extra round trip on the read path`,
      );
    });
  },
  { only: ['postgres', 'mysql'] },
);

/** Two read sessions: one with a commit the replica has replayed (its position), one that committed nothing. */
function sessions(orm: Tabula) {
  const replica = (orm.db.replicas as unknown as { replicas: { position: string | undefined }[] }).replicas[0];
  const pending = orm.db.withSession().session as unknown as { target: string | undefined };
  return { pending, idle: orm.db.withSession().session, position: replica?.position };
}

/**
 * A real two-node MariaDB Galera cluster on loopback (lib/testing/galera.ts). Every node takes
 * writes; two transactions on different nodes that touch one row are resolved at COMMIT by
 * certification, and the loser gets error 1213 — a DeadlockError, which `transactional({ retries })`
 * answers by running the callback again with a fresh EntityManager. The counters must end exact.
 */
import { expect } from 'chai';
import { DeadlockError, OptimisticLockError, Tabula } from '../../lib';
import { defineEntity, p } from '../../lib/mapping';
import { sql } from '../../lib/sql';
import { findGaleraProvider, type GaleraCluster, startGaleraCluster } from '../../lib/testing/galera';
import { findMariadbBinaries } from '../support/servers';
import { describeWithCluster } from '../support/clusters';
import { recordFigures } from '../reliability/support/figures';

class GaleraCounter {
  constructor(
    public id: number,
    public value: number,
    public version = 1,
  ) {}
}

const GaleraCounterMapper = defineEntity(GaleraCounter, {
  table: 't_galera_counters',
  properties: {
    id: p.integer().primaryKey(),
    value: p.integer(),
    version: p.integer().version(),
  },
});

function missing(): string | undefined {
  if (!findMariadbBinaries()) return 'the MariaDB binaries (mariadbd, mariadb-install-db) are not installed';
  if (!findGaleraProvider()) return 'the Galera provider (galera-4: libgalera_smm.so) is not installed';
  return undefined;
}

describeWithCluster(
  'galera',
  'Galera: certification conflicts retried to exact results',
  { missing, start: startGaleraCluster },
  (cluster) => {
    let nodes: Tabula[] = [];
    before(async function () {
      this.timeout(60_000);
      const c: GaleraCluster = cluster();
      nodes = await Promise.all(
        c.nodes.map((n) => Tabula.connect({ url: n.url, mappers: [GaleraCounterMapper], pool: { size: 8 } })),
      );
      await (nodes[0] as Tabula).schema.create();
    });
    after(async () => {
      for (const orm of nodes) await orm.close();
    });

    async function reset(): Promise<void> {
      const em = (nodes[0] as Tabula).em.fork();
      const existing = await em.findOne(GaleraCounter, 1);
      if (existing) em.remove(existing);
      await em.flush();
      em.persist(new GaleraCounter(1, 0));
      await em.flush();
    }

    /** The counter as a node sees it once it has applied everything the cluster committed before. */
    async function valueOn(orm: Tabula): Promise<number> {
      return orm.db.transaction(async (tx) => {
        await tx.execute(sql`set session wsrep_sync_wait = 1`);
        const [row] = await tx.query<{ value: unknown }>(sql`select value from t_galera_counters where id = 1`);
        await tx.execute(sql`set session wsrep_sync_wait = 0`);
        return Number(row?.value);
      });
    }

    it('each node is a member of one cluster under its own name, and a write on one is read on the other', async () => {
      await reset();
      const names = await Promise.all(
        nodes.map(async (orm) => {
          const [row] = await orm.db.query<{ name: string; size: unknown }>(
            sql`select @@wsrep_node_name as name, (select variable_value from information_schema.global_status where variable_name = 'WSREP_CLUSTER_SIZE') as size`,
          );
          return `${row?.name}/${Number(row?.size)}`;
        }),
      );
      expect(names).to.deep.equal(['node1/2', 'node2/2']);
      const em = (nodes[0] as Tabula).em.fork();
      (await em.findOneOrFail(GaleraCounter, 1)).value = 7;
      await em.flush();
      expect(await valueOn(nodes[1] as Tabula)).to.equal(7);
    });

    /** `workers` loops of `each` increments, alternating nodes, each increment a transactional of its own. */
    async function load(
      workers: number,
      each: number,
      increment: (orm: Tabula) => Promise<number>,
    ): Promise<{ committed: number; failures: unknown[]; retries: number; wallMs: number }> {
      const started = performance.now();
      let committed = 0;
      let retries = 0;
      const failures: unknown[] = [];
      await Promise.all(
        Array.from({ length: workers }, async (_, w) => {
          const orm = nodes[w % nodes.length] as Tabula;
          for (let i = 0; i < each; i++) {
            try {
              retries += await increment(orm);
              committed++;
            } catch (e) {
              failures.push(e);
            }
          }
        }),
      );
      return { committed, failures, retries, wallMs: performance.now() - started };
    }

    it('8 workers × 100 increments on two nodes, locking reads, retried on DeadlockError: exactly 800', async function () {
      this.timeout(300_000);
      await reset();
      const result = await load(8, 100, async (orm) => {
        let retried = 0;
        await orm.em.transactional(
          async (em) => {
            (await em.findOneOrFail(GaleraCounter, 1, { lock: 'pessimistic-write' })).value += 1;
          },
          { retries: 200, backoff: { baseMs: 2, maxMs: 50 }, onRetry: () => void retried++ },
        );
        return retried;
      });
      recordFigures({
        scenario: 'galera-retries',
        dialect: 'mysql',
        summary:
          '8 workers × 100 increments on a two-node Galera cluster, retried on certification conflicts (DeadlockError).',
        figures: {
          increments: 800,
          committed: result.committed,
          retries: result.retries,
          retriesPerIncrement: Number((result.retries / 800).toFixed(3)),
          wallMs: Math.round(result.wallMs),
        },
      });
      expect(result.failures.map(String)).to.deep.equal([]);
      expect(result.retries, 'two nodes writing one row must have conflicted').to.be.greaterThan(0);
      expect([await valueOn(nodes[0] as Tabula), await valueOn(nodes[1] as Tabula)]).to.deep.equal([800, 800]);
    });

    it('without retries the same load loses increments to DeadlockError: the conflicts are real', async function () {
      this.timeout(120_000);
      await reset();
      const result = await load(4, 50, async (orm) => {
        // Concurrent units need an EntityManager each (with retries, transactional forks one itself).
        await orm.em.fork().transactional(async (em) => {
          (await em.findOneOrFail(GaleraCounter, 1, { lock: 'pessimistic-write' })).value += 1;
        });
        return 0;
      });
      expect(result.failures.length).to.be.greaterThan(0);
      expect(result.failures.filter((e) => !(e instanceof DeadlockError)).map(String)).to.deep.equal([]);
      // Each failed unit wrote nothing: the counter is the number of units that committed.
      expect(await valueOn(nodes[0] as Tabula)).to.equal(result.committed);
    });

    it('optimistic increments (version column, no locks) retried on OptimisticLockError and DeadlockError: exact', async function () {
      this.timeout(300_000);
      await reset();
      const result = await load(4, 50, async (orm) => {
        let retried = 0;
        await orm.em.transactional(
          async (em) => {
            (await em.findOneOrFail(GaleraCounter, 1)).value += 1;
          },
          {
            retries: 200,
            retryOn: [OptimisticLockError, DeadlockError],
            backoff: { baseMs: 2, maxMs: 50 },
            onRetry: () => void retried++,
          },
        );
        return retried;
      });
      expect(result.failures.map(String)).to.deep.equal([]);
      expect(await valueOn(nodes[1] as Tabula)).to.equal(200);
    });
  },
);

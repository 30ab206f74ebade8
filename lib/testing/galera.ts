/**
 * A throwaway MariaDB Galera cluster on 127.0.0.1: every node a MariaDB server of
 * {@link startMariadb}'s kind, joined by the Galera provider that Debian's galera-4 package
 * installs. The first node bootstraps the cluster (and creates `tabula_test`); the others join it
 * and receive the data by a state transfer (rsync). Each node is a primary: writes on two nodes
 * that touch one row are resolved at COMMIT by certification, and the loser gets error 1213
 * (a DeadlockError), which `transactional({ retries })` runs again.
 */
import { existsSync } from 'node:fs';
import { ConfigError, ConnectionError } from '../errors/index.js';
import { freePort, type ServerHandle, startMariadb } from './servers.js';

/** A running cluster. */
export interface GaleraCluster {
  /** The nodes, the bootstrapping one first; each `url` points at `tabula_test` on that node. */
  readonly nodes: readonly ServerHandle[];
  /** Stops every node (joiners first) and removes their data folders. */
  stop(): Promise<void>;
  /** Last-resort stop for process exit handlers. */
  killSync(): void;
}

const PROVIDER_PATHS = [
  '/usr/lib/galera/libgalera_smm.so',
  '/usr/lib/libgalera_smm.so',
  '/usr/lib/galera-4/libgalera_smm.so',
  '/usr/lib64/galera-4/libgalera_smm.so',
  '/usr/lib/x86_64-linux-gnu/galera/libgalera_smm.so',
];

/** The Galera provider library (`libgalera_smm.so`), or undefined when galera-4 is not installed. */
export function findGaleraProvider(): string | undefined {
  return PROVIDER_PATHS.find((p) => existsSync(p));
}

/** The nodes' system user when this process is root (see MariadbOptions.user); otherwise the current user. */
const GALERA_USER = process.getuid?.() === 0 ? 'mysql' : undefined;

interface NodePorts {
  readonly group: number;
  readonly ist: number;
  readonly sst: number;
}

function wsrepArgs(provider: string, ports: NodePorts, clusterAddress: string, name: string): string[] {
  return [
    '--wsrep-on=ON',
    `--wsrep-provider=${provider}`,
    '--wsrep-cluster-name=tabula',
    `--wsrep-cluster-address=${clusterAddress}`,
    `--wsrep-node-name=${name}`,
    '--wsrep-node-address=127.0.0.1',
    '--wsrep-sst-method=rsync',
    `--wsrep-sst-receive-address=127.0.0.1:${ports.sst}`,
    `--wsrep-provider-options=gmcast.listen_addr=tcp://127.0.0.1:${ports.group};ist.recv_addr=127.0.0.1:${ports.ist};gcache.size=64M`,
    '--binlog-format=ROW',
    '--default-storage-engine=InnoDB',
    '--innodb-autoinc-lock-mode=2',
  ];
}

async function ports(): Promise<NodePorts> {
  return { group: await freePort(), ist: await freePort(), sst: await freePort() };
}

/** Waits until `url`'s node reports the cluster at full size and ready for writes. */
async function waitForCluster(url: string, size: number): Promise<void> {
  const mysql = await import('mysql2/promise');
  const deadline = Date.now() + 60_000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const c = await mysql.createConnection(url);
      try {
        const [rows] = await c.query(
          "SHOW STATUS WHERE Variable_name IN ('wsrep_cluster_size', 'wsrep_ready', 'wsrep_local_state_comment')",
        );
        const status = new Map(
          (rows as { Variable_name: string; Value: string }[]).map((r) => [r.Variable_name, r.Value]),
        );
        last = JSON.stringify(Object.fromEntries(status));
        if (
          Number(status.get('wsrep_cluster_size')) === size &&
          status.get('wsrep_ready') === 'ON' &&
          status.get('wsrep_local_state_comment') === 'Synced'
        )
          return;
      } finally {
        await c.end();
      }
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new ConnectionError(`The Galera cluster did not form within 60 s (${last}).`);
}

/**
 * Starts a Galera cluster of `nodes` MariaDB servers (default 2) on 127.0.0.1.
 * @example
 * const cluster = await startGaleraCluster();
 * const [a, b] = await Promise.all(cluster.nodes.map((n) => Tabula.connect({ url: n.url, mappers })));
 */
export async function startGaleraCluster(options: { readonly nodes?: number } = {}): Promise<GaleraCluster> {
  const provider = findGaleraProvider();
  if (!provider) {
    throw new ConfigError(
      'The Galera provider (libgalera_smm.so) is not installed.\n' +
        '  Install it (Debian: apt-get install galera-4, which mariadb-server brings), or give the URLs of a cluster you run.',
    );
  }
  const count = options.nodes ?? 2;
  const nodes: ServerHandle[] = [];
  try {
    const first = await ports();
    nodes.push(
      await startMariadb({
        extraArgs: [...wsrepArgs(provider, first, 'gcomm://', 'node1'), '--wsrep-new-cluster'],
        user: GALERA_USER,
      }),
    );
    for (let i = 2; i <= count; i++) {
      const own = await ports();
      // Joiners one at a time: a second state transfer from the same donor would wait for the first.
      nodes.push(
        await startMariadb({
          extraArgs: wsrepArgs(provider, own, `gcomm://127.0.0.1:${first.group}`, `node${i}`),
          createDatabase: false,
          user: GALERA_USER,
        }),
      );
      await waitForCluster((nodes[0] as ServerHandle).url, i);
    }
    for (const node of nodes) await waitForCluster(node.url, count);
  } catch (e) {
    for (const node of nodes.reverse()) await node.stop().catch(() => undefined);
    throw e;
  }
  return {
    nodes,
    async stop() {
      for (const node of [...nodes].reverse()) await node.stop();
    },
    killSync() {
      for (const node of nodes) node.killSync();
    },
  };
}

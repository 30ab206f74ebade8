/**
 * Replicated throwaway servers for tests of read replicas: a PostgreSQL primary with a streaming
 * standby (`pg_basebackup -R -X stream`), and a MariaDB primary with a GTID replica. Both run on
 * 127.0.0.1 from the locally installed binaries, like `startPostgres`/`startMariadb`; the replica
 * can be halted and started again on its data folder, to test what reads do while it is away.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError, ConnectionError } from '../errors/index.js';
import { childProcess, isProcessAlive, type ServerProcess } from './server-process.js';
import {
  findMariadbBinaries,
  findPostgresBinaries,
  freePort,
  type ServerHandle,
  startMariadb,
  startPostgres,
} from './servers.js';

/** A replica of a {@link ReplicatedServers} pair: it can be halted and started again. */
export interface ReplicaHandle {
  readonly url: string;
  readonly port: number;
  /** The replica's process while it runs. */
  readonly pid: number | undefined;
  /** Stops the replica's process (a fast shutdown), keeping its data folder. */
  halt(): Promise<void>;
  /** Starts the halted replica again on the same port and data; resolves once it accepts connections. */
  start(): Promise<void>;
}

/** A primary and one replica that replays what the primary commits. */
export interface ReplicatedServers {
  readonly kind: 'postgres' | 'mysql';
  readonly primary: ServerHandle;
  readonly replica: ReplicaHandle;
  /** Stops both servers and removes their data folders. */
  stop(): Promise<void>;
  /** Last-resort stop for process exit handlers. */
  killSync(): void;
}

const isRoot = process.getuid?.() === 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether `pg_basebackup` is installed beside the PostgreSQL server binaries. */
export function hasPostgresReplicaBinaries(): boolean {
  return basebackupBinary() !== undefined;
}

/** `pg_basebackup` beside the real `postgres` binary (PATH may hold only links to a few of them). */
function basebackupBinary(): string | undefined {
  const bins = findPostgresBinaries();
  if (!bins) return undefined;
  const path = join(dirname(realpathSync(bins.postgres)), 'pg_basebackup');
  return existsSync(path) ? path : undefined;
}

/** Whether the MariaDB server binaries are installed (a replica needs nothing more). */
export function hasMariadbReplicaBinaries(): boolean {
  return findMariadbBinaries() !== undefined;
}

function run(cmd: string, args: string[], opts: { uid?: number; gid?: number; env?: NodeJS.ProcessEnv }) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new ConnectionError(`${cmd} exited with ${code}:\n${out.slice(-2000)}`)),
    );
  });
}

async function waitFor(what: string, check: () => Promise<boolean>, alive: () => boolean, log: () => string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (!alive()) throw new ConnectionError(`${what} exited:\n${log().slice(-2000)}`);
    if (await check().catch(() => false)) return;
    await sleep(200);
  }
  throw new ConnectionError(`${what} did not get ready within 60 s:\n${log().slice(-2000)}`);
}

/** A replica process that can be halted and launched again; `launch` spawns it, `ready` probes it. */
function replicaHandle(
  url: string,
  port: number,
  launch: () => { process: ServerProcess; log: () => string },
  ready: () => Promise<boolean>,
  haltSignal: NodeJS.Signals,
): ReplicaHandle & { current(): ServerProcess | undefined } {
  let current: ServerProcess | undefined;
  return {
    url,
    port,
    get pid() {
      return current?.pid;
    },
    current: () => current,
    async halt() {
      const p = current;
      if (!p) return;
      current = undefined;
      p.signal(haltSignal);
      const timer = setTimeout(() => p.signal('SIGKILL'), 15_000);
      await p.exited();
      clearTimeout(timer);
    },
    async start() {
      if (current) return;
      const launched = launch();
      current = launched.process;
      const p = launched.process;
      await waitFor('the replica', ready, () => isProcessAlive(p.pid), launched.log);
    },
  };
}

function pair(
  kind: 'postgres' | 'mysql',
  primary: ServerHandle,
  replica: ReturnType<typeof replicaHandle>,
  dataDir: string,
): ReplicatedServers {
  return {
    kind,
    primary,
    replica,
    async stop() {
      await replica.halt();
      rmSync(dataDir, { recursive: true, force: true });
      await primary.stop();
    },
    killSync() {
      const p = replica.current();
      if (p && isProcessAlive(p.pid)) p.signal('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
      primary.killSync();
    },
  };
}

/**
 * A PostgreSQL primary (`startPostgres`: `wal_level=replica` and initdb's `host replication`
 * lines are the defaults) and a hot standby made by `pg_basebackup -R -X stream`, streaming from
 * it on another port: `pg_is_in_recovery()` is true there. The standby's URL reaches the same
 * database `tabula_test` with the same credentials.
 */
export async function startPostgresWithStandby(): Promise<ReplicatedServers> {
  const bins = findPostgresBinaries();
  const basebackup = basebackupBinary();
  if (!bins || !basebackup) {
    throw new ConfigError(
      'PostgreSQL binaries (initdb, postgres, pg_basebackup) are not installed.\n' +
        '  Install them (Debian: apt-get install postgresql).',
    );
  }
  const primary = await startPostgres();
  const dataDir = mkdtempSync(join(tmpdir(), 'tabula-pg-standby-'));
  try {
    const owner: { uid?: number; gid?: number } = isRoot ? ids('postgres') : {};
    if (owner.uid !== undefined && owner.gid !== undefined) chownSync(dataDir, owner.uid, owner.gid);
    const pgdata = join(dataDir, 'data');
    const args = [
      '-h',
      '127.0.0.1',
      '-p',
      String(primary.port),
      '-U',
      'postgres',
      '-D',
      pgdata,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
    ];
    await run(basebackup, args, { ...owner, env: { ...process.env, PGPASSWORD: 'postgres' } });
    const port = await freePort();
    const url = `postgres://postgres:postgres@127.0.0.1:${port}/tabula_test`;
    const launch = () => {
      let log = '';
      const child = spawn(
        bins.postgres,
        [
          ...['-D', pgdata, '-p', String(port), '-h', '127.0.0.1', '-k', dataDir],
          ...['-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200', '-c', 'timezone=UTC'],
          // Replay waits for no query: a long read on the standby must not hold back what tests wait for.
          ...['-c', 'max_standby_streaming_delay=0', '-c', 'hot_standby_feedback=on'],
        ],
        { ...owner, stdio: ['ignore', 'pipe', 'pipe'], cwd: dataDir },
      );
      child.stdout?.on('data', (d) => (log += d));
      child.stderr?.on('data', (d) => (log += d));
      return { process: childProcess(child), log: () => log };
    };
    const pg = (await import('pg')).default;
    const ready = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        const { rows } = await c.query('select pg_is_in_recovery() as r');
        return rows[0]?.r === true;
      } finally {
        await c.end();
      }
    };
    const replica = replicaHandle(url, port, launch, ready, 'SIGINT');
    await replica.start();
    return pair('postgres', primary, replica, dataDir);
  } catch (e) {
    rmSync(dataDir, { recursive: true, force: true });
    await primary.stop();
    throw e;
  }
}

const PRIMARY_ARGS = ['--server-id=1', '--log-bin=primary-bin', '--binlog-format=ROW'];

/**
 * A MariaDB primary (`--log-bin`, `--binlog-format=ROW`, `--server-id=1`) and a replica
 * (`--server-id=2`) following it by GTID (`MASTER_USE_GTID=slave_pos`). The replica starts at the
 * primary's position after its setup (both made `tabula_test` and the `tabula` user themselves),
 * so it replays only what tests write.
 */
export async function startMariadbWithReplica(): Promise<ReplicatedServers> {
  const bins = findMariadbBinaries();
  if (!bins) {
    throw new ConfigError(
      'MariaDB binaries (mariadb-install-db, mariadbd) are not installed.\n' +
        '  Install them (Debian: apt-get install mariadb-server).',
    );
  }
  const primary = await startMariadb({ extraArgs: PRIMARY_ARGS });
  const dataDir = mkdtempSync(join(tmpdir(), 'tabula-mysql-replica-'));
  try {
    const datadir = join(dataDir, 'data');
    const userArg = isRoot ? ['--user=root'] : [];
    await run(
      bins.installDb,
      [
        '--no-defaults',
        ...userArg,
        `--datadir=${datadir}`,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
      ],
      // Temporary tables in a folder of its own: a shared /tmp is cleaned by other processes.
      { env: { ...process.env, TMPDIR: dataDir } },
    );
    const port = await freePort();
    const socket = join(dataDir, 'mysqld.sock');
    const args = [
      '--no-defaults',
      ...userArg,
      `--datadir=${datadir}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--socket=${socket}`,
      `--pid-file=${join(dataDir, 'mysqld.pid')}`,
      '--server-id=2',
      '--skip-log-bin',
      '--innodb-buffer-pool-size=64M',
      '--innodb-log-file-size=48M',
      '--innodb-flush-log-at-trx-commit=0',
      '--max-connections=300',
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_unicode_ci',
      '--default-time-zone=+00:00',
      '--relay-log=replica-relay',
      `--tmpdir=${dataDir}`,
    ];
    const launch = () => {
      let log = '';
      const child = spawn(bins.server, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dataDir });
      child.stdout?.on('data', (d) => (log += d));
      child.stderr?.on('data', (d) => (log += d));
      return { process: childProcess(child), log: () => log };
    };
    const mysql = await import('mysql2/promise');
    const admin = { socketPath: socket, user: 'root' };
    const ready = async () => {
      const c = await mysql.createConnection(admin);
      await c.end();
      return true;
    };
    const replica = replicaHandle(
      `mysql://tabula:tabula@127.0.0.1:${port}/tabula_test`,
      port,
      launch,
      ready,
      'SIGTERM',
    );
    await replica.start();
    const p = await mysql.createConnection({ uri: primary.url });
    const [[position]] = (await p.query('SELECT @@gtid_binlog_pos AS pos')) as unknown as [[{ pos: string }]];
    await p.end();
    const c = await mysql.createConnection(admin);
    await c.query('CREATE DATABASE tabula_test');
    await c.query("CREATE USER 'tabula'@'%' IDENTIFIED BY 'tabula'");
    await c.query("GRANT ALL PRIVILEGES ON *.* TO 'tabula'@'%' WITH GRANT OPTION");
    await c.query('SET GLOBAL gtid_slave_pos = ?', [position.pos]);
    await c.query(
      `CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${primary.port}, MASTER_USER='tabula', ` +
        "MASTER_PASSWORD='tabula', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1",
    );
    await c.query('START SLAVE');
    await c.end();
    return pair('mysql', primary, replica, dataDir);
  } catch (e) {
    rmSync(dataDir, { recursive: true, force: true });
    await primary.stop();
    throw e;
  }
}

function ids(name: string): { uid: number; gid: number } {
  return {
    uid: Number(execFileSync('id', ['-u', name]).toString().trim()),
    gid: Number(execFileSync('id', ['-g', name]).toString().trim()),
  };
}

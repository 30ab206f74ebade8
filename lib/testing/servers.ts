/**
 * Throwaway database servers for test suites (Tabula's own matrix and applications'): a PostgreSQL
 * or MariaDB server started from the locally installed binaries on 127.0.0.1, a free port and a
 * temporary data folder, owned by this process and removed with it. Each has an empty database
 * `tabula_test`; `url` points at it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError, ConnectionError, DriverNotInstalledError } from '../errors/index.js';
import { childProcess, foreignProcess, isProcessAlive, type ServerProcess } from './server-process.js';

export { isProcessAlive } from './server-process.js';

/** Which server: PostgreSQL, or MariaDB (for the `mysql` dialect). */
export type ServerKind = 'postgres' | 'mysql';

export interface ServerHandle {
  readonly kind: ServerKind;
  readonly url: string;
  /** The server's (main) process; a new one after {@link ServerHandle.restart}. */
  readonly pid: number;
  readonly dataDir: string;
  readonly port: number;
  /**
   * Restarts the server on the same data folder and port, for tests of what an application does
   * when its database goes away and comes back: PostgreSQL by `pg_ctl restart -m fast`, MariaDB
   * by a shutdown (SIGTERM) and a new server process. Clients are disconnected and their open
   * transactions rolled back; committed data stays. Resolves once the server accepts connections
   * again. Not for a server given by URL: only one this process started.
   *
   * @example
   * const server = await startPostgres();
   * // … load running against server.url …
   * await server.restart();
   */
  restart(): Promise<void>;
  /** Stops the server, waits for its process to exit and removes its data folder. */
  stop(): Promise<void>;
  /** Last-resort stop for process exit handlers, where nothing asynchronous may run. */
  killSync(): void;
}

const isRoot = process.getuid?.() === 0;

/** `initdb` and `postgres` on PATH or under /usr/lib/postgresql/<version>/bin (the newest). */
export function findPostgresBinaries(): { initdb: string; postgres: string } | undefined {
  const onPath = which('initdb');
  if (onPath && which('postgres')) return { initdb: onPath, postgres: which('postgres') as string };
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  const v = versions[0];
  return v === undefined
    ? undefined
    : { initdb: join(base, v, 'bin', 'initdb'), postgres: join(base, v, 'bin', 'postgres') };
}

/** `mariadb-install-db` and `mariadbd` (or their mysql names) on PATH or in /usr/sbin. */
export function findMariadbBinaries(): { installDb: string; server: string } | undefined {
  const installDb = which('mariadb-install-db') ?? which('mysql_install_db');
  const server =
    which('mariadbd') ?? which('mysqld') ?? ['/usr/sbin/mariadbd', '/usr/sbin/mysqld'].find((p) => existsSync(p));
  return installDb && server ? { installDb, server } : undefined;
}

function which(cmd: string): string | undefined {
  const dirs = (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/local/sbin']);
  for (const dir of dirs) {
    const p = join(dir, cmd);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === 'object' && addr
          ? resolve(addr.port)
          : reject(new ConnectionError('no free port on 127.0.0.1')),
      );
    });
  });
}

function userIds(name: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', name]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', name]).toString().trim());
  return { uid, gid };
}

function run(cmd: string, args: string[], opts: { uid?: number; gid?: number; cwd?: string }): Promise<void> {
  return new Promise((resolve, reject) => {
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

async function waitUntil(check: () => Promise<boolean>, server: ServerProcess, what: string, log: () => string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (!isProcessAlive(server.pid)) throw new ConnectionError(`${what} exited:\n${log().slice(-2000)}`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new ConnectionError(`${what} did not accept connections within 60 s:\n${log().slice(-2000)}`);
}

function handle(
  kind: ServerKind,
  first: ServerProcess,
  url: string,
  dataDir: string,
  port: number,
  stopSignal: NodeJS.Signals,
  restartProcess: (current: ServerProcess) => Promise<ServerProcess>,
): ServerHandle {
  let current = first;
  const removeData = () => rmSync(dataDir, { recursive: true, force: true });
  return {
    kind,
    url,
    get pid() {
      return current.pid;
    },
    dataDir,
    port,
    async restart() {
      current = await restartProcess(current);
    },
    async stop() {
      if (isProcessAlive(current.pid)) {
        current.signal(stopSignal);
        const timer = setTimeout(() => current.signal('SIGKILL'), 15_000);
        await current.exited();
        clearTimeout(timer);
      }
      removeData();
    },
    killSync() {
      if (isProcessAlive(current.pid)) {
        try {
          process.kill(current.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      removeData();
    },
  };
}

/** A driver package for the admin connection, with the install hint when it is missing. */
async function loadAdminDriver<T>(name: string, dialect: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    const code = (e as { code?: unknown } | null)?.code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND')
      throw DriverNotInstalledError.forDialect(dialect, name, e);
    throw e;
  }
}

/** Starts a PostgreSQL server (run as the `postgres` user when this process is root). */
export async function startPostgres(): Promise<ServerHandle> {
  const bins = findPostgresBinaries();
  if (!bins) {
    throw new ConfigError(
      'PostgreSQL binaries (initdb, postgres) are not installed.\n' +
        '  Install them (Debian: apt-get install postgresql), or give the URL of a server you run.',
    );
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'tabula-pg-'));
  const owner: { uid?: number; gid?: number } = isRoot ? userIds('postgres') : {};
  if (owner.uid !== undefined && owner.gid !== undefined) chownSync(dataDir, owner.uid, owner.gid);
  const pgdata = join(dataDir, 'data');
  // TCP logins check passwords (so tests can prove a wrong one is refused); the socket trusts.
  const pwfile = join(dataDir, 'pwfile');
  writeFileSync(pwfile, 'postgres\n');
  if (owner.uid !== undefined && owner.gid !== undefined) chownSync(pwfile, owner.uid, owner.gid);
  const authArgs = ['--auth-local=trust', '--auth-host=scram-sha-256', `--pwfile=${pwfile}`];
  await run(bins.initdb, ['-D', pgdata, '-U', 'postgres', ...authArgs, '-E', 'UTF8', '--no-locale', '-N'], {
    ...owner,
    cwd: dataDir,
  });
  const port = await freePort();
  let log = '';
  const child = spawn(
    bins.postgres,
    [
      '-D',
      pgdata,
      '-p',
      String(port),
      '-h',
      '127.0.0.1',
      '-k',
      dataDir,
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=200',
      '-c',
      'timezone=UTC',
    ],
    { ...owner, stdio: ['ignore', 'pipe', 'pipe'], cwd: dataDir },
  );
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const adminUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  const pg = await loadAdminDriver('pg', 'PostgreSQL', () => import('pg'));
  const accepts = async () => {
    const c = new pg.default.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query('select 1');
    await c.end();
    return true;
  };
  await waitUntil(accepts, childProcess(child), 'postgres', () => log);
  const c = new pg.default.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query('create database tabula_test');
  await c.end();
  // SIGINT is PostgreSQL's "fast shutdown": it disconnects clients instead of waiting for them.
  const restartLog = join(dataDir, 'restart.log');
  const pgCtl = join(dirname(bins.postgres), 'pg_ctl');
  return handle(
    'postgres',
    childProcess(child),
    `postgres://postgres:postgres@127.0.0.1:${port}/tabula_test`,
    dataDir,
    port,
    'SIGINT',
    async (current) => {
      // pg_ctl starts the new postmaster with the command line of the old one (postmaster.opts).
      await run(pgCtl, ['restart', '-D', pgdata, '-m', 'fast', '-w', '-t', '60', '-l', restartLog], {
        ...owner,
        cwd: dataDir,
      });
      await current.exited();
      const pid = Number(readFileSync(join(pgdata, 'postmaster.pid'), 'utf8').split('\n')[0]);
      const next = foreignProcess(pid);
      await waitUntil(accepts, next, 'postgres', () => readFileSync(restartLog, 'utf8'));
      return next;
    },
  );
}

export interface MariadbOptions {
  /**
   * More server options, after the defaults (a later option wins), e.g.
   * `['--innodb-autoinc-lock-mode=2']` for a suite that needs a differently configured server.
   */
  readonly extraArgs?: readonly string[];
  /**
   * Create the database `tabula_test` and the user `tabula` once started (default true). A node
   * joining a Galera cluster receives both from the cluster instead.
   */
  readonly createDatabase?: boolean | undefined;
  /**
   * The system user the server runs as (its files are theirs). Default: the current user (root
   * runs it as root). A Galera node runs as `mysql`: its state transfer starts an rsync daemon,
   * which would switch to `nobody` under root and could not write the data folder.
   */
  readonly user?: string | undefined;
}

/** Starts a MariaDB server. */
export async function startMariadb(options: MariadbOptions = {}): Promise<ServerHandle> {
  const bins = findMariadbBinaries();
  if (!bins) {
    throw new ConfigError(
      'MariaDB binaries (mariadb-install-db, mariadbd) are not installed.\n' +
        '  Install them (Debian: apt-get install mariadb-server), or give the URL of a server you run.',
    );
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'tabula-mysql-'));
  const datadir = join(dataDir, 'data');
  const userArg = options.user ? [`--user=${options.user}`] : isRoot ? ['--user=root'] : [];
  if (options.user && isRoot) {
    const { uid, gid } = userIds(options.user);
    chownSync(dataDir, uid, gid);
  }
  await run(
    bins.installDb,
    ['--no-defaults', ...userArg, `--datadir=${datadir}`, '--auth-root-authentication-method=normal', '--skip-test-db'],
    {},
  );
  const port = await freePort();
  const socket = join(dataDir, 'mysqld.sock');
  let log = '';
  const launch = () => {
    const child = spawn(bins.server, serverArgs, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dataDir });
    child.stdout?.on('data', (d) => (log += d));
    child.stderr?.on('data', (d) => (log += d));
    return childProcess(child);
  };
  const serverArgs = [
    '--no-defaults',
    ...userArg,
    `--datadir=${datadir}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    `--socket=${socket}`,
    `--pid-file=${join(dataDir, 'mysqld.pid')}`,
    '--skip-log-bin',
    '--innodb-buffer-pool-size=128M',
    '--innodb-log-file-size=48M',
    '--innodb-flush-log-at-trx-commit=0',
    '--max-connections=300',
    '--character-set-server=utf8mb4',
    '--collation-server=utf8mb4_unicode_ci',
    '--default-time-zone=+00:00',
    '--innodb-lock-wait-timeout=5',
    ...(options.extraArgs ?? []),
  ];
  const first = launch();
  const mysql = await loadAdminDriver('mysql2', 'MySQL/MariaDB', () => import('mysql2/promise'));
  const admin = { socketPath: socket, user: 'root' };
  const accepts = async () => {
    const c = await mysql.createConnection(admin);
    await c.end();
    return true;
  };
  await waitUntil(accepts, first, 'mariadbd', () => log);
  if (options.createDatabase ?? true) {
    const c = await mysql.createConnection(admin);
    await c.query('CREATE DATABASE tabula_test');
    await c.query("CREATE USER 'tabula'@'%' IDENTIFIED BY 'tabula'");
    await c.query("GRANT ALL PRIVILEGES ON *.* TO 'tabula'@'%' WITH GRANT OPTION");
    await c.end();
  }
  const url = `mysql://tabula:tabula@127.0.0.1:${port}/tabula_test`;
  return handle('mysql', first, url, dataDir, port, 'SIGTERM', async (current) => {
    // SIGTERM is MariaDB's normal shutdown: clients are disconnected, open transactions rolled back.
    current.signal('SIGTERM');
    const timer = setTimeout(() => current.signal('SIGKILL'), 30_000);
    await current.exited();
    clearTimeout(timer);
    const next = launch();
    await waitUntil(accepts, next, 'mariadbd', () => log);
    return next;
  });
}

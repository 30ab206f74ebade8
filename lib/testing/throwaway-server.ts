/**
 * `throwawayServer(kind)`: the database server of an application's test run — the one CI gives
 * (a URL), or one started from the local binaries for this run only and stopped at its end, after
 * a failure and on Ctrl-C too.
 */
import { type MariadbOptions, type ServerHandle, type ServerKind, startMariadb, startPostgres } from './servers.js';

export interface ThrowawayServerOptions {
  /**
   * Use this server instead of starting one (CI's, say: `process.env.DATABASE_URL`). Empty or
   * undefined: start one.
   */
  readonly url?: string;
  /** MariaDB only: more server options (`['--innodb-autoinc-lock-mode=2']`). */
  readonly extraArgs?: MariadbOptions['extraArgs'];
}

/** A server for a test run: its URL, and how to stop it. */
export interface TestServer {
  readonly kind: ServerKind;
  /** The given URL, or one for the empty database `tabula_test` of the started server. */
  readonly url: string;
  /** The process this run started (pid, port, data folder); undefined when a URL was given. */
  readonly started?: ServerHandle;
  /** Stops the started server and removes its data folder; nothing for a given URL. */
  stop(): Promise<void>;
}

const STARTERS: Record<ServerKind, (options: ThrowawayServerOptions) => Promise<ServerHandle>> = {
  postgres: () => startPostgres(),
  mysql: (options) => startMariadb(options.extraArgs ? { extraArgs: options.extraArgs } : {}),
};

/** Servers this process started and has not stopped: killed when it exits, however it exits. */
const running = new Set<ServerHandle>();
let isGuarding = false;

function killRunning(): void {
  for (const server of running) server.killSync();
  running.clear();
}

/**
 * Ctrl-C and SIGTERM would otherwise end the process with the servers still running (a signal
 * runs no 'exit' handler): stop them, then exit as the signal would have.
 */
function guardProcess(): void {
  if (isGuarding) return;
  isGuarding = true;
  process.once('exit', killRunning);
  const onSignal = (signal: NodeJS.Signals) => {
    killRunning();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}

/**
 * The `url` given, else a new PostgreSQL or MariaDB server on 127.0.0.1 from the locally
 * installed binaries (Debian: `apt-get install postgresql mariadb-server`), listening on a free
 * port with a temporary data folder. A started server is stopped by `stop()`, and in any case when
 * the process exits or is interrupted.
 *
 * @example
 * // a mocha root hook (or node:test's before): one server for the whole run
 * let server: TestServer;
 * before(async () => { server = await throwawayServer('postgres', { url: process.env.DATABASE_URL }); });
 * after(() => server.stop());
 */
export async function throwawayServer(kind: ServerKind, options: ThrowawayServerOptions = {}): Promise<TestServer> {
  if (options.url) return { kind, url: options.url, stop: async () => undefined };
  guardProcess();
  const handle = await STARTERS[kind](options);
  running.add(handle);
  return {
    kind,
    url: handle.url,
    started: handle,
    async stop() {
      await handle.stop();
      running.delete(handle);
    },
  };
}

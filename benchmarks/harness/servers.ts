/**
 * The database a benchmark runs on: the URL given with `--db`, or, for `--db postgres` and
 * `--db mysql` (or `mariadb`) without a URL, a throwaway server started from the locally installed
 * binaries the way the spec suite starts its own (`lib/testing`'s `startPostgres`/`startMariadb`),
 * stopped when the run ends.
 */
import { startMariadb, startPostgres } from '../../lib/testing';

export interface BenchDatabase {
  readonly url: string;
  /** Stops the throwaway server; nothing for a URL the user gave. */
  stop(): Promise<void>;
}

/** Whether `--db` names a server kind to start rather than a server to connect to. */
export function isThrowaway(db: string): boolean {
  return db === 'postgres' || db === 'mysql' || db === 'mariadb';
}

export async function openBenchDatabase(db: string): Promise<BenchDatabase> {
  if (!isThrowaway(db)) return { url: db, stop: async () => undefined };
  process.stderr.write(`starting a throwaway ${db === 'postgres' ? 'PostgreSQL' : 'MariaDB'} server…\n`);
  const server = db === 'postgres' ? await startPostgres() : await startMariadb();
  const stopOnExit = () => server.killSync();
  process.once('exit', stopOnExit);
  return {
    url: server.url,
    async stop() {
      process.off('exit', stopOnExit);
      await server.stop();
    },
  };
}

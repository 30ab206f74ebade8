/**
 * The replicated servers of the replica specs: a PostgreSQL primary + streaming standby, a MariaDB
 * primary + GTID replica, started by the suite that needs them (`before`) and stopped after it.
 *
 * Missing binaries skip the suite with the loud line — or fail the run when TABULA_TEST_REQUIRE
 * names `pg-replica` / `mariadb-replica` (CI does: .ci/run).
 */
import { defineEntity, p } from '../../../lib';
import {
  hasMariadbReplicaBinaries,
  hasPostgresReplicaBinaries,
  type ReplicatedServers,
  startMariadbWithReplica,
  startPostgresWithStandby,
} from '../../../lib/testing';

export type ReplicaRequirement = 'pg-replica' | 'mariadb-replica';

const STARTERS = {
  postgres: { name: 'pg-replica', has: hasPostgresReplicaBinaries, start: startPostgresWithStandby },
  mysql: { name: 'mariadb-replica', has: hasMariadbReplicaBinaries, start: startMariadbWithReplica },
} as const;

function required(): Set<string> {
  return new Set((process.env.TABULA_TEST_REQUIRE ?? '').split(',').map((s) => s.trim()));
}

/**
 * Starts the replicated pair for `dialect` in a `before` hook; skips the suite loudly (or throws
 * when required) when the binaries are missing.
 */
export async function replicatedServers(
  context: Mocha.Context,
  dialect: 'postgres' | 'mysql',
): Promise<ReplicatedServers> {
  const starter = STARTERS[dialect];
  if (!starter.has()) {
    const line = `!!!!! [tabula-matrix] SKIPPING ${starter.name.toUpperCase()}: the server binaries are not installed !!!!!`;
    if (required().has(starter.name)) throw new Error(`TABULA_TEST_REQUIRE names ${starter.name}: ${line}`);
    process.stderr.write(`${line}\n`);
    const suite = context.test?.parent;
    if (suite) suite.pending = true;
    context.skip();
  }
  const t0 = Date.now();
  const servers = await starter.start();
  process.once('exit', () => servers.killSync());
  process.stderr.write(
    `[tabula-matrix] started ${starter.name} (primary port ${servers.primary.port}, replica port ${servers.replica.port}) in ${Date.now() - t0} ms\n`,
  );
  return servers;
}

/** Waits until `check` holds (a replica catching up; a check that throws does not), polling; throws after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (await check().catch(() => false)) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

export class Note {
  id?: number;
  constructor(
    public title: string,
    public version = 0,
  ) {}
}

export const NoteMapper = defineEntity(Note, {
  table: 't_replica_note',
  properties: {
    id: p.integer().primaryKey().generated(),
    title: p.string({ length: 100 }),
    version: p.integer(),
  },
});

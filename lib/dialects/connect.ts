import {
  type DriverPool,
  Pool,
  QueryEvents,
  ReplicaRouter,
  type ReplicationProbe,
  ServerQueryEvents,
} from '../connection/index.js';
import { type ConnectOptions, type ResolvedConfig, resolveConfig } from './config.js';
import { Database } from './database.js';
import type { Dialect, DialectName } from './dialect.js';
import { mysqlReplication, openMysql, openMysqlReplica } from './mysql/index.js';
import type { OpenDialect } from './opened.js';
import { openPostgres, openPostgresReplica, postgresReplication } from './postgres/index.js';
import { openSqlite } from './sqlite/index.js';

const OPENERS: Record<DialectName, OpenDialect> = {
  sqlite: openSqlite,
  postgres: openPostgres,
  mysql: openMysql,
};

interface Replication {
  readonly probe: ReplicationProbe;
  open(config: ResolvedConfig): Promise<DriverPool>;
}

const REPLICATION: Partial<Record<DialectName, Replication>> = {
  postgres: { probe: postgresReplication, open: openPostgresReplica },
  mysql: { probe: mysqlReplication, open: openMysqlReplica },
};

const DEFAULT_PORTS: Partial<Record<DialectName, number>> = { postgres: 5432, mysql: 3306 };

/**
 * Opens a pooled connection to a database and detects what the server can do.
 * Fails with a typed error (ConfigError, ConnectionError, AuthenticationError) within the
 * configured connect timeout when the database cannot be reached.
 *
 * @example
 * const db = await connect('sqlite:./app.db');
 * const rows = await db.query(sql`select 1 as one`);
 * await db.close();
 */
export async function connect(config: string | ConnectOptions): Promise<Database> {
  const resolved = resolveConfig(config);
  const { dialect, pool } = await OPENERS[resolved.dialect](resolved);
  const events = new QueryEvents(resolved.logParams);
  if (resolved.queryLog) events.on(resolved.queryLog);
  const primary = new Pool(pool, dialect, events, resolved.pool.acquireTimeoutMs);
  const replication = REPLICATION[resolved.dialect];
  if (!resolved.replicas || resolved.replicas.servers.length === 0 || !replication) {
    return new Database(dialect, primary);
  }
  return new Database(dialect, primary, await replicaRouter(resolved, dialect, primary, events, replication));
}

/** One pool per replica, not connected yet: a replica that is down now is skipped until it is back. */
async function replicaRouter(
  resolved: ResolvedConfig,
  dialect: Dialect,
  primary: Pool,
  events: QueryEvents,
  replication: Replication,
): Promise<ReplicaRouter> {
  const { servers, settings } = resolved.replicas as NonNullable<ResolvedConfig['replicas']>;
  const pools = await Promise.all(
    servers.map(async (fields) => {
      const label = `${fields.host}:${fields.port ?? DEFAULT_PORTS[resolved.dialect]}`;
      const driverPool = await replication.open({ ...resolved, ...fields, dialect: resolved.dialect });
      const labelled = new ServerQueryEvents(events, label);
      return { label, pool: new Pool(driverPool, dialect, labelled, resolved.pool.acquireTimeoutMs) };
    }),
  );
  return new ReplicaRouter(primary, pools, replication.probe, settings);
}

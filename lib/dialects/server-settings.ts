import type { ResolvedConfig } from './config.js';

/** What the PostgreSQL and MySQL pools need to open connections to a server. */
export interface ServerSettings {
  readonly host?: string;
  readonly port?: number;
  readonly user?: string;
  readonly password?: string;
  readonly database?: string;
  readonly size: number;
  readonly idleTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly statementTimeoutMs?: number;
}

const DEFAULT_SERVER_POOL_SIZE = 10;

/** Picks the server fields out of a resolved configuration, leaving unset ones out. */
export function serverSettings(config: ResolvedConfig): ServerSettings {
  const { host, port, user, password, database } = config;
  const present = Object.entries({ host, port, user, password, database }).filter(([, v]) => v !== undefined);
  return {
    ...Object.fromEntries(present),
    size: config.pool.size ?? DEFAULT_SERVER_POOL_SIZE,
    idleTimeoutMs: config.pool.idleTimeoutMs,
    connectTimeoutMs: config.pool.connectTimeoutMs,
    ...(config.pool.statementTimeoutMs !== undefined ? { statementTimeoutMs: config.pool.statementTimeoutMs } : {}),
  };
}

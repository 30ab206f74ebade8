/**
 * The `replicas` options of `connect`: the replicas' addresses (each inherits what it does not
 * say from the primary: user, password, database, port) and the settings of reads among them.
 */
import type { ReadYourWrites, ReplicaPicker, ReplicaSettings } from '../connection/index.js';
import { ConfigError } from '../errors/index.js';
import type { DialectName } from './dialect.js';

/** A replica: a URL of the primary's scheme, or the fields that differ from the primary's. */
export type ReplicaAddress =
  | string
  | {
      readonly host?: string | undefined;
      readonly port?: number | undefined;
      readonly user?: string | undefined;
      readonly password?: string | undefined;
      readonly database?: string | undefined;
    };

/** The options of `connect` (and `Tabula.connect`) about read replicas (docs/scaling.md). */
export interface ReplicaOptions {
  /**
   * Read replicas of the primary (`url`): reads outside transactions go to them, writes,
   * transactions and locks to the primary. One pool per server, each of `pool.size`.
   * PostgreSQL and MariaDB/MySQL only.
   * @example Tabula.connect({ url: 'postgres://app@primary/db', replicas: ['postgres://app@replica1/db'], mappers })
   */
  readonly replicas?: readonly ReplicaAddress[] | undefined;
  /** Chooses among the replicas that may answer a read; round-robin by default. */
  readonly replicaPicker?: ReplicaPicker | undefined;
  /**
   * After an EntityManager commits, its reads go to the primary until a replica has the commit:
   * `{ mode: 'position' }` (the default: WAL position / GTID), `{ mode: 'window', windowMs }`
   * (for `windowMs` after each commit, default 1,000), or `false` (no such guarantee).
   * Per EntityManager: `em.fork({ readYourWrites })`.
   */
  readonly readYourWrites?: ReadYourWrites | undefined;
  /**
   * Skip a replica whose replication lag is past this many ms (measured in the background about
   * once a second while reads flow; MariaDB's to the second). Default 30,000; `false`: no bound.
   */
  readonly maxReplicaLagMs?: number | false | undefined;
  /** After a replica failed, skip it this long before checking it again (doubled while it stays down, up to 30 s). Default 1,000 ms. */
  readonly replicaRetryMs?: number | undefined;
}

export const REPLICA_OPTION_KEYS = ['replicas', 'replicaPicker', 'readYourWrites', 'maxReplicaLagMs', 'replicaRetryMs'];
const ADDRESS_KEYS = new Set(['host', 'port', 'user', 'password', 'database']);

/** The server fields of one replica, before the primary's fill the gaps. */
export interface ReplicaServerFields {
  readonly dialect?: DialectName | undefined;
  readonly host?: string | undefined;
  readonly port?: number | undefined;
  readonly user?: string | undefined;
  readonly password?: string | undefined;
  readonly database?: string | undefined;
}

export interface ResolvedReplicas {
  readonly servers: readonly ReplicaServerFields[];
  readonly settings: ReplicaSettings;
}

/** Checks the replica options; undefined when there are no replicas. */
export function resolveReplicas(
  options: ReplicaOptions,
  dialect: DialectName,
  primary: Omit<ReplicaServerFields, 'dialect'>,
  parseUrl: (url: string) => ReplicaServerFields,
): ResolvedReplicas | undefined {
  const { replicas } = options;
  if (replicas === undefined) return undefined;
  if (!Array.isArray(replicas)) throw new ConfigError('replicas must be an array of URLs or address objects.');
  if (dialect === 'sqlite' && replicas.length > 0) {
    throw new ConfigError('SQLite has no replicas; for concurrent reads use sqlite.readers.');
  }
  const servers = replicas.map((address: ReplicaAddress) => {
    const fields = typeof address === 'string' ? parseUrl(address) : checkAddress(address);
    if (fields.dialect !== undefined && fields.dialect !== dialect) {
      throw new ConfigError(`A replica of a ${dialect} primary must be ${dialect} too, got a ${fields.dialect} URL.`);
    }
    const strip = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    const merged: ReplicaServerFields = { ...primary, ...strip, dialect };
    if (!merged.host) throw new ConfigError('A replica needs a host.');
    return merged;
  });
  return { servers, settings: replicaSettings(options) };
}

function checkAddress(address: object): ReplicaServerFields {
  if (typeof address !== 'object' || address === null) {
    throw new ConfigError(`A replica is a URL or an object of host, port, user, password, database; got ${address}.`);
  }
  for (const key of Object.keys(address)) {
    if (!ADDRESS_KEYS.has(key)) throw new ConfigError(`Unknown replica option "${key}". Known: ${[...ADDRESS_KEYS]}.`);
  }
  return address;
}

function replicaSettings(options: ReplicaOptions): ReplicaSettings {
  const ryw = options.readYourWrites ?? { mode: 'position' };
  if (ryw !== false) {
    const mode = (ryw as { mode?: unknown }).mode;
    if (mode !== 'position' && mode !== 'window') {
      throw new ConfigError(`readYourWrites.mode must be 'position' or 'window', got ${JSON.stringify(mode)}.`);
    }
    if (mode === 'window') checkMs('readYourWrites.windowMs', (ryw as { windowMs?: unknown }).windowMs);
  }
  const lag = options.maxReplicaLagMs === undefined ? 30_000 : options.maxReplicaLagMs;
  if (lag !== false) checkMs('maxReplicaLagMs', lag);
  checkMs('replicaRetryMs', options.replicaRetryMs);
  if (options.replicaPicker !== undefined && typeof options.replicaPicker !== 'function') {
    throw new ConfigError('replicaPicker must be a function (replicas, context) => index or replica.');
  }
  return {
    readYourWrites: ryw,
    maxReplicaLagMs: lag === false ? undefined : lag,
    retryMs: options.replicaRetryMs ?? 1000,
    picker: options.replicaPicker,
  };
}

function checkMs(name: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ConfigError(`${name} must be a number of milliseconds, got ${String(value)}.`);
  }
}

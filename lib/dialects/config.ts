/**
 * Connection configuration: a URL or an object, checked strictly (an unknown key or a malformed
 * URL is a ConfigError at connect time, not a surprise later).
 */
import type { LogLevel, PoolOptions, QueryListener, QueryLogger } from '../connection/index.js';
import { queryLogListener } from '../connection/index.js';
import { ConfigError } from '../errors/index.js';
import type { DialectName } from './dialect.js';
import { REPLICA_OPTION_KEYS, type ReplicaOptions, type ResolvedReplicas, resolveReplicas } from './replica-config.js';

/** SQLite-only settings. */
export interface SqliteOptions {
  /** Read-only connections besides the single writer, for reads outside transactions (files only). Default 0. */
  readonly readers?: number | undefined;
  /** How long to wait for a lock held by another process before SQLITE_BUSY. Default 5,000 ms. */
  readonly busyTimeoutMs?: number | undefined;
  /**
   * How a file database journals its writes (`PRAGMA journal_mode`). `'wal'` (the default) lets
   * readers go on while the writer writes; `'delete'`, `'truncate'` and `'persist'` are SQLite's
   * rollback journal (the file a crashed writer leaves is rolled back on the next open), for file
   * systems where WAL's shared memory does not work (network shares). Both survive a killed
   * process; modes that do not (`memory`, `off`) are refused. Ignored for `:memory:`.
   */
  readonly journalMode?: SqliteJournalMode | undefined;
}

/** The journal modes `sqlite.journalMode` accepts: WAL, or a rollback journal. */
export type SqliteJournalMode = 'wal' | 'delete' | 'truncate' | 'persist';

const JOURNAL_MODES: readonly SqliteJournalMode[] = ['wal', 'delete', 'truncate', 'persist'];

/**
 * Everything `connect` accepts. Either `url`, or `dialect` with the fields that dialect needs;
 * `replicas` and its settings (ReplicaOptions, docs/scaling.md) for read replicas.
 */
export interface ConnectOptions extends ReplicaOptions {
  /** `sqlite:./app.db`, `sqlite::memory:`, `postgres://user:pass@host:5432/db`, `mysql://user:pass@host:3306/db`. */
  readonly url?: string | undefined;
  readonly dialect?: DialectName | undefined;
  readonly host?: string | undefined;
  readonly port?: number | undefined;
  readonly user?: string | undefined;
  readonly password?: string | undefined;
  readonly database?: string | undefined;
  /** SQLite: the database file, or ':memory:'. */
  readonly filename?: string | undefined;
  readonly pool?: PoolOptions | undefined;
  readonly sqlite?: SqliteOptions | undefined;
  /** Include bound values in query events and log entries (off by default: values may be personal data). */
  readonly logParams?: boolean | undefined;
  /**
   * Where to log statements (docs/logging.md): a function receiving each `QueryLogEntry`, or
   * an object with level methods — a pino or bunyan logger (`logger.warn(fields, message)`) or
   * `console` (`console.warn(line)`).
   *
   * @example
   * connect({ url, logger: pino(), logLevel: 'debug', slowQueryMs: 500 })
   */
  readonly logger?: QueryLogger | undefined;
  /** The lowest level logged. Default 'warn': slow and failed statements only; 'debug' logs every statement. */
  readonly logLevel?: LogLevel | undefined;
  /** A statement taking this long or longer is logged at warn as 'slow-query'. Default 200; `false` never. */
  readonly slowQueryMs?: number | false | undefined;
  /**
   * When the connection is lost while a flush's COMMIT is in flight, find out on a fresh
   * connection whether the server committed, instead of raising `CommitOutcomeUnknownError` at
   * once (docs/connection.md, "A COMMIT whose connection was lost"). Committed: the flush succeeds;
   * rolled back: an ordinary, retryable `ConnectionLostError`; no answer within 2 s: the error.
   *
   * - PostgreSQL: on by default. The transaction id comes back in the same round trip as BEGIN
   *   (`BEGIN; SELECT pg_current_xact_id()`) and is looked up with `pg_xact_status`.
   * - MySQL/MariaDB: off by default. On, Tabula creates the table `tabula_commit_log` at connect
   *   (it needs the CREATE privilege once) and writes one row with a random token into it right
   *   before each flush's COMMIT — one more statement, one more round trip per flush — pruned of
   *   rows older than an hour every 500 flushes.
   * - SQLite: no effect; COMMIT runs in-process, there is no connection to lose.
   */
  readonly resolveCommitOutcome?: boolean | undefined;
}

/** A configuration after parsing: one dialect and its connection fields. */
export interface ResolvedConfig
  extends Pick<ConnectOptions, 'host' | 'port' | 'user' | 'password' | 'database' | 'filename'> {
  readonly dialect: DialectName;
  readonly pool: {
    readonly acquireTimeoutMs: number;
    readonly idleTimeoutMs: number;
    readonly connectTimeoutMs: number;
    readonly size?: number;
    readonly statementTimeoutMs?: number;
  };
  readonly sqlite: {
    readonly readers: number;
    readonly busyTimeoutMs: number;
    readonly journalMode: SqliteJournalMode;
  };
  readonly logParams: boolean;
  /** The listener that feeds `logger`, when there is one. */
  readonly queryLog?: QueryListener | undefined;
  /** As given; each dialect has its own default. */
  readonly resolveCommitOutcome?: boolean | undefined;
  /** The read replicas, when `replicas` names any. */
  readonly replicas?: ResolvedReplicas | undefined;
}

const SCHEMES: Record<string, DialectName> = {
  sqlite: 'sqlite',
  postgres: 'postgres',
  postgresql: 'postgres',
  mysql: 'mysql',
  mariadb: 'mysql',
};

const OPTION_KEYS = new Set([
  'url',
  'dialect',
  'host',
  'port',
  'user',
  'password',
  'database',
  'filename',
  'pool',
  'sqlite',
  'logParams',
  'logger',
  'logLevel',
  'slowQueryMs',
  'resolveCommitOutcome',
  ...REPLICA_OPTION_KEYS,
]);
const POOL_KEYS = new Set(['size', 'acquireTimeoutMs', 'idleTimeoutMs', 'connectTimeoutMs', 'statementTimeoutMs']);
const SQLITE_KEYS = new Set(['readers', 'busyTimeoutMs', 'journalMode']);

function checkKeys(what: string, value: object, allowed: Set<string>): void {
  for (const key of Object.keys(value)) {
    if (!allowed.has(key)) {
      throw new ConfigError(`Unknown ${what} option "${key}". Known options: ${[...allowed].join(', ')}.`);
    }
  }
}

function checkMs(name: string, value: unknown, allowZero = false): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new ConfigError(`pool.${name} must be a positive number of milliseconds, got ${String(value)}.`);
  }
}

type LoggingKeys = 'logParams' | 'logger' | 'logLevel' | 'slowQueryMs' | 'resolveCommitOutcome' | keyof ReplicaOptions;

/** Splits a connection URL into its parts. */
export function parseUrl(url: string): Omit<ConnectOptions, 'url' | 'pool' | 'sqlite' | LoggingKeys> {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  const dialect = scheme === undefined ? undefined : SCHEMES[scheme];
  if (!dialect) {
    throw ConfigError.badUrl(url, scheme ? `unknown scheme "${scheme}:"` : 'it has no scheme');
  }
  if (dialect === 'sqlite') {
    let filename = url.slice('sqlite:'.length);
    if (filename.startsWith('//')) filename = filename.slice(2);
    if (filename === '')
      throw ConfigError.badUrl(url, 'it names no file (use sqlite::memory: for an in-memory database)');
    if (filename.includes('?'))
      throw ConfigError.badUrl(url, 'SQLite URLs take no query parameters; use the sqlite options');
    return { dialect, filename: decode(url, filename) };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw ConfigError.badUrl(url, 'it is not a valid URL');
  }
  if (!parsed.hostname) throw ConfigError.badUrl(url, 'it names no host');
  const params = [...parsed.searchParams.keys()];
  if (params.length > 0) {
    // Silently ignoring ?sslmode=require would connect without TLS: refuse what is not supported.
    throw ConfigError.badUrl(
      url,
      `query parameters (${params.join(', ')}) are not supported; pass options in the object form`,
    );
  }
  const port = parsed.port ? Number(parsed.port) : undefined;
  const database = decode(url, parsed.pathname.replace(/^\//, ''));
  return {
    dialect,
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    ...(port !== undefined ? { port } : {}),
    ...(parsed.username ? { user: decode(url, parsed.username) } : {}),
    ...(parsed.password ? { password: decode(url, parsed.password) } : {}),
    ...(database ? { database } : {}),
  };
}

function decode(url: string, part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw ConfigError.badUrl(url, 'it holds a malformed %-escape (write % as %25)');
  }
}

/** Validates options and fills in defaults. */
export function resolveConfig(config: string | ConnectOptions): ResolvedConfig {
  const options: ConnectOptions = typeof config === 'string' ? { url: config } : config;
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError(`connect() takes a URL string or an options object, got ${typeof config}.`);
  }
  checkKeys('connect', options, OPTION_KEYS);
  if (options.pool) checkKeys('pool', options.pool, POOL_KEYS);
  if (options.sqlite) checkKeys('sqlite', options.sqlite, SQLITE_KEYS);
  const fromUrl = options.url !== undefined ? parseUrl(options.url) : {};
  const merged = { ...fromUrl, ...stripUndefined({ ...options, url: undefined }) };
  const dialect = merged.dialect;
  if (!dialect) throw new ConfigError('connect() needs a `url` or a `dialect` (sqlite, postgres or mysql).');
  if (!['sqlite', 'postgres', 'mysql'].includes(dialect)) {
    throw new ConfigError(`Unknown dialect "${dialect}". Use sqlite, postgres or mysql.`);
  }
  if (dialect === 'sqlite' && !merged.filename)
    throw new ConfigError('A SQLite connection needs `filename` (or ":memory:").');
  if (dialect !== 'sqlite' && !merged.host) throw new ConfigError(`A ${dialect} connection needs \`host\`.`);
  if (options.resolveCommitOutcome !== undefined && typeof options.resolveCommitOutcome !== 'boolean') {
    throw new ConfigError(`resolveCommitOutcome must be true or false, got ${String(options.resolveCommitOutcome)}.`);
  }
  const pool = options.pool ?? {};
  checkMs('acquireTimeoutMs', pool.acquireTimeoutMs);
  checkMs('idleTimeoutMs', pool.idleTimeoutMs);
  checkMs('connectTimeoutMs', pool.connectTimeoutMs);
  checkMs('statementTimeoutMs', pool.statementTimeoutMs);
  if (pool.size !== undefined && (!Number.isInteger(pool.size) || pool.size < (dialect === 'sqlite' ? 0 : 1))) {
    throw new ConfigError(`pool.size must be a whole number of at least 1, got ${String(pool.size)}.`);
  }
  const readers = options.sqlite?.readers ?? (dialect === 'sqlite' ? pool.size : undefined) ?? 0;
  const journalMode = options.sqlite?.journalMode ?? 'wal';
  if (!JOURNAL_MODES.includes(journalMode)) {
    // 'memory' and 'off' lose the database's consistency when the process dies mid-write.
    throw new ConfigError(
      `sqlite.journalMode must be one of ${JOURNAL_MODES.join(', ')}, got ${JSON.stringify(journalMode)}.`,
    );
  }
  const queryLog = queryLogListener(options);
  const { host, port, user, password, database } = merged;
  const primary = stripUndefined({ host, port, user, password, database });
  const replicas = resolveReplicas(options, dialect, primary, parseUrl);
  const { replicas: _, replicaPicker, readYourWrites, maxReplicaLagMs, replicaRetryMs, ...server } = merged;
  return {
    ...server,
    ...(replicas ? { replicas } : {}),
    dialect,
    pool: {
      acquireTimeoutMs: pool.acquireTimeoutMs ?? 10_000,
      idleTimeoutMs: pool.idleTimeoutMs ?? 30_000,
      connectTimeoutMs: pool.connectTimeoutMs ?? 10_000,
      ...(pool.size !== undefined ? { size: pool.size } : {}),
      ...(pool.statementTimeoutMs !== undefined ? { statementTimeoutMs: pool.statementTimeoutMs } : {}),
    },
    sqlite: { readers, busyTimeoutMs: options.sqlite?.busyTimeoutMs ?? 5_000, journalMode },
    logParams: options.logParams ?? false,
    ...(queryLog ? { queryLog } : {}),
  };
}

/**
 * The entries of `o` that have a value (options may say `undefined` for "not given"). The cast
 * only drops `undefined` from the value types, which the filter just removed.
 */
export function stripUndefined<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

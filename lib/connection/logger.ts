/**
 * The query logger behind `connect({ logger })`: each query event becomes one leveled entry —
 * 'query' at debug, 'slow-query' at warn, 'query-error' at error — handed to the application's
 * logger, a function or an object with level methods (pino, bunyan, console).
 */
import { Console } from 'node:console';
import { ConfigError } from '../errors/index.js';
import { compactSql, describeParams, type QueryEvent, type QueryListener } from './query-events.js';

/** Log levels, lowest first. `logLevel` keeps the entries at this level and above. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** One logged statement; a function `logger` receives it as is. */
export interface QueryLogEntry {
  /** 'debug' for a query, 'warn' for a slow query, 'error' for a failed one. */
  readonly level: LogLevel;
  readonly event: 'query' | 'slow-query' | 'query-error';
  /** One readable line: what happened, duration, rows, connection and the SQL (cut after 1,000 characters). */
  readonly message: string;
  /** The statement as sent, in full. */
  readonly sql: string;
  readonly paramCount: number;
  /** The bound values, only with `logParams: true` (they may be personal data). */
  readonly params?: readonly unknown[];
  readonly durationMs: number;
  /** Rows returned, or rows affected; absent when the statement failed. */
  readonly rows?: number;
  /** The server's session id (PostgreSQL backend pid, MySQL thread id, a counter on SQLite). */
  readonly connectionId?: number;
  /** The typed Tabula error (UniqueConstraintError, QueryTimeoutError, …), for 'query-error'. */
  readonly error?: Error;
}

/**
 * What an object logger's level method receives first: the entry without `level` and `message`
 * (the logger records those itself), and the error as `err`, the key pino's and bunyan's standard
 * serializers print with its stack and cause.
 */
export type QueryLogFields = Omit<QueryLogEntry, 'level' | 'message' | 'error'> & { readonly err?: Error };

/** A level method in pino's and bunyan's shape: the fields to merge, then the message. */
export type LevelMethod = (fields: QueryLogFields, message: string) => void;

/**
 * An object with level methods, any subset of them: a pino or bunyan logger (called
 * `logger.warn(fields, message)`), or a Node `Console` (called `console.warn(line)`). An entry
 * whose level has no method is dropped.
 */
export interface LevelLogger {
  readonly debug?: LevelMethod;
  readonly info?: LevelMethod;
  readonly warn?: LevelMethod;
  readonly error?: LevelMethod;
}

/** What `connect({ logger })` accepts. */
export type QueryLogger = ((entry: QueryLogEntry) => void) | LevelLogger;

/** The logging options of `connect`, unchecked. */
export interface QueryLogOptions {
  readonly logger?: unknown;
  readonly logLevel?: unknown;
  readonly slowQueryMs?: unknown;
}

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];
const LEVEL_OF: Record<QueryLogEntry['event'], LogLevel> = {
  query: 'debug',
  'slow-query': 'warn',
  'query-error': 'error',
};
/** Production logs get slow and failed statements, not every statement. */
const DEFAULT_LEVEL: LogLevel = 'warn';
const DEFAULT_SLOW_QUERY_MS = 200;
const MESSAGE_SQL_LENGTH = 1000;

/**
 * Checks the logging options (a wrong value is a ConfigError naming the option) and returns the
 * query listener that feeds `logger`, or undefined when there is no logger.
 */
export function queryLogListener(options: QueryLogOptions): QueryListener | undefined {
  const minimum = LEVELS.indexOf(checkLevel(options.logLevel));
  const slowQueryMs = checkSlowQueryMs(options.slowQueryMs);
  if (options.logger === undefined) return undefined;
  const write = writerFor(options.logger);
  return (e) => {
    const event = e.error ? 'query-error' : e.durationMs >= slowQueryMs ? 'slow-query' : 'query';
    const level = LEVEL_OF[event];
    if (LEVELS.indexOf(level) >= minimum) write(entryOf(e, event, level, slowQueryMs));
  };
}

function entryOf(e: QueryEvent, event: QueryLogEntry['event'], level: LogLevel, slowQueryMs: number): QueryLogEntry {
  return {
    level,
    event,
    message: messageOf(e, event, slowQueryMs),
    sql: e.sql,
    paramCount: e.paramCount,
    ...(e.params ? { params: e.params } : {}),
    durationMs: e.durationMs,
    ...(e.error ? { error: e.error } : { rows: e.rowCount }),
    connectionId: e.connectionId,
  };
}

function messageOf(e: QueryEvent, event: QueryLogEntry['event'], slowQueryMs: number): string {
  const ms = `${e.durationMs.toFixed(1)} ms`;
  const statement = `${compactSql(e.sql, MESSAGE_SQL_LENGTH)} [${describeParams(e)}]`;
  if (e.error) {
    const headline = e.error.message.split('\n')[0];
    return `query failed after ${ms}, conn ${e.connectionId}: ${e.error.name}: ${headline} — ${statement}`;
  }
  const what = event === 'slow-query' ? `slow query ${ms} (threshold ${slowQueryMs} ms)` : `query ${ms}`;
  return `${what}, ${e.rowCount} row${e.rowCount === 1 ? '' : 's'}, conn ${e.connectionId}: ${statement}`;
}

function writerFor(logger: unknown): (entry: QueryLogEntry) => void {
  // A function's parameters cannot be checked at run time; the ConnectOptions type asks for (entry) => void.
  if (typeof logger === 'function') return logger as (entry: QueryLogEntry) => void;
  // A Console prints its arguments rather than recording fields: it gets the readable line.
  if (logger instanceof Console) return (entry) => logger[entry.level](`[tabula] ${entry.message}`);
  if (isLevelLogger(logger)) {
    return ({ level, message, error, ...fields }) =>
      logger[level]?.(error ? { ...fields, err: error } : fields, message);
  }
  const got =
    typeof logger === 'object' && logger !== null
      ? `${describeValue(logger)} with none of those methods`
      : describeValue(logger);
  throw new ConfigError(
    `The logger option must be a function (entry) => void or an object with debug, info, warn or error methods ` +
      `(console, a pino or bunyan logger), got ${got}.\n` +
      '  Pass such a logger, or leave the option out to log nothing (docs/logging.md).',
  );
}

function isLevelLogger(value: unknown): value is LevelLogger {
  if (typeof value !== 'object' || value === null) return false;
  const methods = value as Record<string, unknown>;
  return LEVELS.some((level) => typeof methods[level] === 'function');
}

function checkLevel(value: unknown): LogLevel {
  if (value === undefined) return DEFAULT_LEVEL;
  if (typeof value === 'string' && (LEVELS as readonly string[]).includes(value)) return value as LogLevel;
  throw new ConfigError(`The logLevel option must be one of ${LEVELS.join(', ')}, got ${describeValue(value)}.`);
}

function checkSlowQueryMs(value: unknown): number {
  if (value === undefined) return DEFAULT_SLOW_QUERY_MS;
  if (value === false) return Number.POSITIVE_INFINITY;
  if (typeof value === 'number' && value >= 0) return value;
  throw new ConfigError(
    `The slowQueryMs option must be a number of milliseconds (0 or more), or false to log no query as slow, ` +
      `got ${describeValue(value)}.`,
  );
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

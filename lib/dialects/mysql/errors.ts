/**
 * MySQL / MariaDB (`mysql2`) driver errors -> typed Tabula errors: a switch on the server's errno.
 * The server names the key, column or constraint only inside its message, so those are read from
 * the message; values it quotes there are never copied.
 */
import { ConnectionError, ConnectionLostError, TabulaError } from '../../errors/index.js';
import { build, driverField, type ErrorFacts, reasonOf } from '../errors-build.js';

const LOCK_WAIT = 'innodb_lock_wait_timeout (or NOWAIT found it held)';
const CANNOT_CONNECT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT']);

/**
 * Translates a `mysql2` error into the matching TabulaError, keeping the driver error as `cause`.
 * `sql` is the statement that failed; mysql2's own `error.sql` is ignored because it may hold
 * the parameter values inlined.
 */
export function translateError(error: unknown, sql: string | undefined): TabulaError {
  if (error instanceof TabulaError) return error;
  const code = driverField(error, 'code');
  const sqlState = driverField(error, 'sqlState');
  const message = driverField(error, 'message') || code || String(error);
  // errno is negative for socket errors (-111 ECONNREFUSED); only server errors carry a sqlState.
  const errno = sqlState !== undefined ? Number(driverField(error, 'errno')) : undefined;
  const facts: ErrorFacts = { sql, driverCode: driverCode(errno, code, sqlState) };
  const quoted = (pattern: RegExp) => message.match(pattern)?.[1];
  switch (errno) {
    case 1062:
    case 1586:
    case 1169:
      return build.unique({ ...facts, ...duplicateKey(quoted(/for key '(.+)'$/)) }, error);
    case 1022:
      return build.unique({ ...facts, table: quoted(/duplicate key in table '(.+)'/) }, error);
    case 1452:
    case 1216:
      return build.missingParent({ ...facts, ...foreignKey(message) }, error);
    case 1451:
    case 1217:
      return build.referencedParent({ ...facts, ...foreignKey(message) }, error);
    case 1048:
      return build.notNull({ ...facts, column: quoted(/^Column '(.+)' cannot be null/) }, error);
    case 1263:
      return build.notNull({ ...facts, column: quoted(/NOT NULL column '(.+)' at row/) }, error);
    case 1364:
      return build.noDefault({ ...facts, column: quoted(/^Field '(.+)' doesn't have a default value/) }, error);
    case 3819:
      return build.check({ ...facts, constraint: quoted(/^Check constraint '(.+)' is violated/) }, error);
    case 1406:
      return build.valueTooLong({ ...facts, column: columnAtRow(message), reason: 'the text is too long' }, error);
    case 1264:
    case 1690:
      return build.valueTooLong(
        { ...facts, column: columnAtRow(message), reason: 'the number is out of range' },
        error,
      );
    case 1265:
      return build.valueTooLong({ ...facts, column: columnAtRow(message), reason: 'the value was truncated' }, error);
    case 1213:
      return build.deadlock(facts, error);
    case 1020: // MariaDB with innodb_snapshot_isolation: the row changed after this transaction read it
      return build.serialization({ ...facts, table: quoted(/in table '(.+)'/) }, error);
    case 1205: // MariaDB answers NOWAIT with this one too
      return build.lockWait({ ...facts, reason: `another transaction held the lock past ${LOCK_WAIT}` }, error);
    case 3572:
      return build.lockWait({ ...facts, reason: 'NOWAIT found the row locked by another transaction' }, error);
    case 1969: // MariaDB max_statement_time
    case 3024: // MySQL max_execution_time
    case 1317: // KILL QUERY
      return build.queryTimeout({ ...facts, reason: reasonOf(message) }, error);
    case 1053:
    case 1927:
    case 1158:
    case 1159:
    case 1160:
    case 1161:
      return build.connectionLost({ ...facts, reason: reasonOf(message) }, error);
    case 1040:
    case 1049:
    case 1129:
    case 1203:
      return build.connection({ ...facts, reason: reasonOf(message) }, error);
    case 1044:
    case 1045:
    case 1251:
    case 1698:
      return build.authentication({ ...facts, reason: reasonOf(message) }, error);
    case 1054: // unknown column
    case 1146: // table doesn't exist
      return build.missingSchemaObject({ ...facts, reason: reasonOf(message) }, error);
    case 1064: // its "near '…'" quotes the SQL as the server got it, values inlined: keep the line only
      return build.statement(
        { ...facts, reason: `SQL syntax error${message.match(/ at line \d+$/)?.[0] ?? ''}` },
        error,
      );
  }
  if (errno === 4025 && sqlState === '23000') return check4025(facts, message, error);
  if (sqlState?.startsWith('42')) return build.statement({ ...facts, reason: reasonOf(message) }, error);
  if (sqlState === '23000') return build.constraint({ ...facts, reason: maskValues(message) }, error);
  if (code !== undefined && CANNOT_CONNECT.has(code)) return build.connection({ ...facts, reason: message }, error);
  // mysql2 marks every error after which the connection is unusable as fatal (lost socket,
  // protocol error, a command on a closed connection).
  if (isMarkedFatal(error)) {
    return build.connectionLost({ ...facts, reason: reasonOf(message) }, error);
  }
  return build.database({ ...facts, reason: maskValues(message) }, error);
}

/** True when the connection must not be reused: mysql2 marked the error fatal, or it broke the session. */
export function isFatal(error: unknown): boolean {
  if (isMarkedFatal(error)) return true;
  const translated = translateError(error, undefined);
  return translated instanceof ConnectionLostError || translated instanceof ConnectionError;
}

function isMarkedFatal(error: unknown): boolean {
  const fatal: unknown = typeof error === 'object' && error !== null ? Reflect.get(error, 'fatal') : undefined;
  return fatal === true;
}

// mysql2 names errnos after MySQL's list; where MariaDB uses a number for something else (4025)
// or one MySQL lacks (1969, 1927), we give MariaDB's name.
function driverCode(errno: number | undefined, code: string | undefined, sqlState: string | undefined) {
  if (errno === 4025 && sqlState === '23000') return 'ER_CONSTRAINT_FAILED';
  if (errno === 1969) return 'ER_STATEMENT_TIMEOUT';
  if (errno === 1927) return 'ER_CONNECTION_KILLED';
  return code ?? (errno !== undefined ? String(errno) : undefined);
}

// MySQL 8 says "for key 'authors.uq_email'", MariaDB "for key 'uq_email'".
function duplicateKey(key: string | undefined): { table?: string; constraint?: string } {
  if (key === undefined) return {};
  const dot = key.indexOf('.');
  return dot < 0 ? { constraint: key } : { table: key.slice(0, dot), constraint: key.slice(dot + 1) };
}

// "(`db`.`books`, CONSTRAINT `fk_author` FOREIGN KEY (`author_id`) REFERENCES `authors` (`id`))"
function foreignKey(message: string): {
  table?: string | undefined;
  constraint?: string | undefined;
  column?: string | undefined;
  referencedTable?: string | undefined;
} {
  const m = message.match(/\(`[^`]*`\.`([^`]+)`, CONSTRAINT `([^`]+)` FOREIGN KEY \(([^)]+)\) REFERENCES `([^`]+)`/);
  if (!m) return {};
  return { table: m[1], constraint: m[2], column: m[3]?.replaceAll('`', ''), referencedTable: m[4] };
}

// MariaDB 4025: "CONSTRAINT `ck_age` failed for `db`.`authors`" (a column-level check is named after its column).
function check4025(facts: ErrorFacts, message: string, cause: unknown): TabulaError {
  const m = message.match(/^CONSTRAINT `([^`]+)` failed for `[^`]*`\.`([^`]+)`/);
  return build.check({ ...facts, constraint: m?.[1], table: m?.[2] }, cause);
}

function columnAtRow(message: string): string | undefined {
  return message.match(/for column '(.+)' at row \d+$/)?.[1];
}

// Fallback messages may quote the offending value ("Incorrect integer value: 'abc' for column …").
function maskValues(message: string): string {
  return reasonOf(message.replace(/'(?:[^'\\]|\\.|'')*'/g, "'…'"));
}

/**
 * PostgreSQL (`pg`) driver errors -> typed Tabula errors: a switch on SQLSTATE, with the table,
 * constraint and column the server reports in its error fields.
 */
import { ConnectionError, ConnectionLostError, TabulaError } from '../../errors/index.js';
import { build, driverField, type ErrorFacts, reasonOf } from '../errors-build.js';

/** Socket errors raised while a connection is being opened: there never was a connection. */
const CANNOT_CONNECT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** Socket errors on an open connection. */
const SOCKET_LOST = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED']);
/** pg's client-side `query_timeout`. */
const QUERY_READ_TIMEOUT = 'Query read timeout';

/**
 * Translates a `pg` error into the matching TabulaError, keeping the driver error as `cause`.
 * `sql` is the statement that failed (its parameters are never included).
 */
export function translateError(error: unknown, sql: string | undefined): TabulaError {
  if (error instanceof TabulaError) return error;
  const code = driverField(error, 'code');
  const message = driverField(error, 'message') || code || String(error);
  const facts: ErrorFacts = {
    sql,
    driverCode: code,
    table: driverField(error, 'table'),
    constraint: driverField(error, 'constraint'),
    column: driverField(error, 'column'),
  };
  switch (code) {
    case '23505':
      return build.unique({ ...facts, column: keyColumns(driverField(error, 'detail')) }, error);
    case '23503':
    case '23001':
      return foreignKey(facts, message, driverField(error, 'detail'), error);
    case '23502':
      return build.notNull(facts, error);
    case '23514':
      return build.check(facts, error);
    case '22001':
    case '22003':
      return build.valueTooLong({ ...facts, reason: maskValues(message) }, error);
    case '40P01':
      return build.deadlock(facts, error);
    case '40001':
      return build.serialization(facts, error);
    case '55P03':
      return build.lockWait({ ...facts, reason: reasonOf(message) }, error);
    case '57014':
      return build.queryTimeout({ ...facts, reason: reasonOf(message) }, error);
    case '57P01': // admin shutdown, also pg_terminate_backend
    case '57P02': // crash shutdown
    case '57P03': // cannot connect now (starting up, shutting down)
    case '57P04': // database dropped
    case '57P05': // idle session timeout
      return build.connectionLost({ ...facts, reason: reasonOf(message) }, error);
    case '08001':
    case '08004':
    case '3D000':
      return build.connection({ ...facts, reason: reasonOf(message) }, error);
    case '28000':
    case '28P01':
      return build.authentication({ ...facts, reason: reasonOf(message) }, error);
    case '42703': // undefined_column
    case '42P01': // undefined_table
      return build.missingSchemaObject({ ...facts, reason: reasonOf(message) }, error);
  }
  const sqlClass = code?.length === 5 ? code.slice(0, 2) : undefined;
  if (sqlClass === '42') return build.statement({ ...facts, reason: reasonOf(message) }, error);
  if (sqlClass === '23') return build.constraint({ ...facts, reason: reasonOf(message) }, error);
  // Class 08 after 08001 / 08004: the connection broke (08006 failure, 08P01 protocol violation, …).
  if (sqlClass === '08') return build.connectionLost({ ...facts, reason: reasonOf(message) }, error);
  if (code !== undefined && CANNOT_CONNECT.has(code)) return build.connection({ ...facts, reason: message }, error);
  if (/^timeout expired$|connection timeout|SSL connection/i.test(message)) {
    return build.connection({ ...facts, reason: reasonOf(message) }, error);
  }
  if (message === QUERY_READ_TIMEOUT) {
    return build.queryTimeout({ ...facts, reason: 'no answer within query_timeout' }, error);
  }
  if ((code !== undefined && SOCKET_LOST.has(code)) || isClientGone(message)) {
    return build.connectionLost({ ...facts, reason: reasonOf(message) }, error);
  }
  return build.database({ ...facts, reason: maskValues(message) }, error);
}

/**
 * True when the connection must not be reused: the server ended the session (a FATAL or PANIC
 * error), the socket broke, or the client gave up on it.
 */
export function isFatal(error: unknown): boolean {
  const severity = driverField(error, 'severity');
  if (severity === 'FATAL' || severity === 'PANIC') return true;
  // pg gave up waiting while the server may still be answering: the protocol is out of step.
  if (driverField(error, 'message') === QUERY_READ_TIMEOUT) return true;
  const translated = translateError(error, undefined);
  return translated instanceof ConnectionLostError || translated instanceof ConnectionError;
}

// pg's own errors (no SQLSTATE) once the socket is gone, the client was ended, or the protocol
// went out of step.
function isClientGone(message: string): boolean {
  return /^Connection terminated|is not queryable$|^Received unexpected \w+ message from backend/.test(message);
}

// detail: 'Key (email)=(ann@example.com) already exists.' -> 'email'. Only plain column lists are
// kept; an expression index's key ('lower(email)') says no single column.
function keyColumns(detail: string | undefined): string | undefined {
  const list = detail?.match(/^Key \((.+?)\)=\(/)?.[1];
  return list !== undefined && /^[\w", ]+$/.test(list) ? list.replaceAll('"', '') : undefined;
}

// 23503 comes from both sides of a foreign key; the message and the detail tell which.
function foreignKey(facts: ErrorFacts, message: string, detail: string | undefined, cause: unknown): TabulaError {
  const referenced = message.match(/^update or delete on table "([^"]+)"/)?.[1];
  if (referenced !== undefined) {
    // The detail's key columns belong to the parent here, not to `table` (the child): no column.
    return build.referencedParent({ ...facts, referencedTable: referenced }, cause);
  }
  const parent = detail?.match(/is not present in table "([^"]+)"/)?.[1];
  return build.missingParent({ ...facts, column: keyColumns(detail), referencedTable: parent }, cause);
}

// Data-exception messages quote the offending input ('value "99999999999" is out of range for
// type integer', 'invalid input syntax for type integer: "abc"'); the value stays in `cause` only.
function maskValues(message: string): string {
  return reasonOf(message.replace(/(value |: )"(?:[^"]|"")*"/g, '$1"…"'));
}

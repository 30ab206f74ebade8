/**
 * SQLite (`sqlite3`) driver errors -> typed Tabula errors. The driver gives only the primary
 * result code (SQLITE_CONSTRAINT, not SQLITE_CONSTRAINT_UNIQUE), so the kind of constraint and the
 * table.column it names are read from the message ("UNIQUE constraint failed: authors.email").
 */
import { ConnectionError, ConnectionLostError, TabulaError } from '../../errors/index.js';
import { build, driverField, type ErrorFacts, reasonOf } from '../errors-build.js';

/**
 * Translates a `sqlite3` error into the matching TabulaError, keeping the driver error as `cause`.
 * `sql` is the statement that failed (its parameters are never included).
 */
export function translateError(error: unknown, sql: string | undefined): TabulaError {
  if (error instanceof TabulaError) return error;
  const code = driverField(error, 'code');
  // "SQLITE_CONSTRAINT: NOT NULL constraint failed: t.c" -> "NOT NULL constraint failed: t.c"
  const text = (driverField(error, 'message') ?? String(error)).replace(/^SQLITE_[A-Z_]+: /, '');
  const facts: ErrorFacts = { sql, driverCode: code };
  switch (code) {
    case 'SQLITE_CONSTRAINT':
      return constraint(facts, text, error);
    case 'SQLITE_BUSY':
      return build.lockWait({ ...facts, reason: 'another connection holds a conflicting lock on the database' }, error);
    case 'SQLITE_LOCKED':
      return build.lockWait(
        { ...facts, reason: 'a table is locked by another statement or shared-cache connection' },
        error,
      );
    case 'SQLITE_INTERRUPT':
      return build.queryTimeout({ ...facts, reason: 'interrupted' }, error);
    case 'SQLITE_MISUSE':
      return /closed/i.test(text)
        ? build.connectionLost({ ...facts, reason: reasonOf(text) }, error)
        : build.database({ ...facts, reason: reasonOf(text) }, error);
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_NOTADB':
      return build.connection({ ...facts, reason: reasonOf(text) }, error);
    case 'SQLITE_TOOBIG':
      return build.valueTooLong({ ...facts, reason: reasonOf(text) }, error);
    case 'SQLITE_ERROR':
      if (/^no such (column|table):/.test(text))
        return build.missingSchemaObject({ ...facts, reason: reasonOf(text) }, error);
      return text === 'integer overflow'
        ? build.valueTooLong({ ...facts, reason: 'integer overflow' }, error)
        : build.statement({ ...facts, reason: reasonOf(text) }, error);
    case 'SQLITE_RANGE': // a bind index out of range: the SQL and its parameters do not match
    case 'SQLITE_READONLY':
    case 'SQLITE_PERM':
    case 'SQLITE_AUTH':
      return build.statement({ ...facts, reason: reasonOf(text) }, error);
  }
  return build.database({ ...facts, reason: reasonOf(text) }, error);
}

/**
 * True when the connection must not be reused: the Database handle was closed, the file cannot
 * be opened or is not a database, or it is corrupt.
 */
export function isFatal(error: unknown): boolean {
  const code = driverField(error, 'code');
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return true;
  const translated = translateError(error, undefined);
  return translated instanceof ConnectionLostError || translated instanceof ConnectionError;
}

function constraint(facts: ErrorFacts, text: string, cause: unknown): TabulaError {
  const [, kind, target] =
    text.match(/^(UNIQUE|NOT NULL|CHECK|FOREIGN KEY|PRIMARY KEY) constraint failed(?:: (.+))?$/) ?? [];
  switch (kind) {
    case 'UNIQUE':
    case 'PRIMARY KEY':
      return build.unique({ ...facts, ...uniqueTarget(target) }, cause);
    case 'NOT NULL':
      return build.notNull({ ...facts, ...columnsOf(target) }, cause);
    case 'CHECK':
      // A named check gives its name; an unnamed one gives its expression ("price > 0").
      return build.check(
        /^\w+$/.test(target ?? '') ? { ...facts, constraint: target } : { ...facts, reason: target },
        cause,
      );
    case 'FOREIGN KEY':
      return build.foreignKey(facts, cause);
  }
  // STRICT tables: "cannot store TEXT value in INTEGER column t.c"
  const strict = text.match(/^cannot store \w+ value in \w+ column (.+)$/);
  if (strict) return build.database({ ...facts, ...columnsOf(strict[1]), reason: reasonOf(text) }, cause);
  return build.constraint({ ...facts, reason: reasonOf(text) }, cause);
}

// "t.a" or "t.a, t.b" (a composite key: all columns are of one table).
function columnsOf(target: string | undefined): { table?: string | undefined; column?: string | undefined } {
  const parts = (target ?? '').split(', ').map((p) => p.match(/^(.+)\.([^.]+)$/));
  const first = parts[0];
  if (!first || parts.some((p) => !p)) return {};
  return { table: first[1], column: parts.map((p) => p?.[2]).join(', ') };
}

// A unique index on expressions is named instead: "index 'ux_lower_email'".
function uniqueTarget(target: string | undefined): {
  table?: string | undefined;
  column?: string | undefined;
  constraint?: string | undefined;
} {
  const index = target?.match(/^index '(.+)'$/)?.[1];
  return index !== undefined ? { constraint: index } : columnsOf(target);
}

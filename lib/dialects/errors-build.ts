/**
 * Builds the typed errors that the three dialects' `errors.ts` translate driver errors into, so
 * a message reads the same whatever the database. Each dialect only finds the facts (which
 * class, which table / constraint / column); the words live here. Messages name tables,
 * constraints and columns, never values: those may be personal data.
 *
 * Shared by sqlite/, postgres/ and mysql/ (see docs/errors.md for the catalogue).
 */
import {
  AuthenticationError,
  CheckConstraintError,
  ConnectionError,
  ConnectionLostError,
  ConstraintViolationError,
  DatabaseError,
  DeadlockError,
  ForeignKeyConstraintError,
  LockWaitTimeoutError,
  NotNullConstraintError,
  QueryTimeoutError,
  SerializationError,
  StatementError,
  UniqueConstraintError,
  ValueTooLongError,
  type ErrorDetails,
} from '../errors/index.js';

/** What a dialect learned from a driver error. */
export interface ErrorFacts extends ErrorDetails {
  /** The parent table of a foreign key, where the server names it. */
  readonly referencedTable?: string | undefined;
  /** The server's own words, already free of values, for classes where ours add nothing. */
  readonly reason?: string | undefined;
}

/** Reads a string (or a number, as text) property of a driver error without trusting its shape. */
export function driverField(error: unknown, key: string): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const value: unknown = Reflect.get(error, key);
  if (typeof value === 'string') return value;
  return typeof value === 'number' ? String(value) : undefined;
}

/** The server's message without a trailing period, so it reads inside our sentence. */
export function reasonOf(message: string): string {
  return message.trim().replace(/\.$/, '');
}

const RETRY = '\n  Retry the whole transaction; it was rolled back.';

const inTable = (f: ErrorFacts) => (f.table ? ` in ${f.table}` : '');
const columns = (f: ErrorFacts) => (f.column ? ` (${f.column})` : '');
const qualified = (f: ErrorFacts) => (f.table && f.column ? `${f.table}.${f.column}` : (f.column ?? ''));
const reason = (f: ErrorFacts, fallback: string) => (f.reason ? `: ${f.reason}` : fallback);

function details(f: ErrorFacts): ErrorDetails {
  const { table, constraint, column, sql, driverCode } = f;
  return { table, constraint, column, sql, driverCode };
}

function uniqueName(constraint: string | undefined): string {
  if (constraint === undefined) return 'a unique constraint';
  return constraint === 'PRIMARY' ? 'the primary key' : `unique constraint ${constraint}`;
}

/** One factory per situation; each takes the facts and the driver error (kept as `cause`). */
export const build = {
  unique: (f: ErrorFacts, cause: unknown) =>
    new UniqueConstraintError(
      `Duplicate key${inTable(f)}: ${uniqueName(f.constraint)}${columns(f)} already holds this value.\n` +
        '  Load and change the existing row instead of inserting another, or use a different value.',
      details(f),
      { cause },
    ),

  missingParent: (f: ErrorFacts, cause: unknown) =>
    new ForeignKeyConstraintError(
      `Foreign key violation${inTable(f)}: ${f.constraint ? `foreign key ${f.constraint}` : 'a foreign key'}${columns(f)} ` +
        `refers to a ${f.referencedTable ?? 'parent'} row that does not exist.\n` +
        '  Insert the parent row first (persist it in the same flush), or correct the reference.',
      details(f),
      { cause },
    ),

  referencedParent: (f: ErrorFacts, cause: unknown) =>
    new ForeignKeyConstraintError(
      `Foreign key violation: the ${f.referencedTable ?? 'parent'} row is still referenced from ` +
        `${f.table ?? 'another table'}${f.constraint ? ` through foreign key ${f.constraint}` : ''}${columns(f)}.\n` +
        '  Delete or re-point the child rows first, or map the relation with cascade remove.',
      details(f),
      { cause },
    ),

  foreignKey: (f: ErrorFacts, cause: unknown) =>
    new ForeignKeyConstraintError(
      'Foreign key violation: a row refers to a parent row that does not exist, or a parent row that is ' +
        'still referenced was deleted (the database does not say which constraint).\n' +
        '  Insert parents before their children and delete children before their parents.',
      details(f),
      { cause },
    ),

  notNull: (f: ErrorFacts, cause: unknown) =>
    new NotNullConstraintError(
      `NULL for the NOT NULL column ${qualified(f) || '(not named by the database)'}.\n` +
        '  Give the property a value before flushing, or make the column nullable.',
      details(f),
      { cause },
    ),

  noDefault: (f: ErrorFacts, cause: unknown) =>
    new NotNullConstraintError(
      `No value for the NOT NULL column ${qualified(f)}, which has no default.\n` +
        '  Give the property a value before flushing, or give the column a default.',
      details(f),
      { cause },
    ),

  check: (f: ErrorFacts, cause: unknown) =>
    new CheckConstraintError(
      `${f.constraint ? `Check constraint ${f.constraint}` : 'A check constraint'}${f.table ? ` on ${f.table}` : ''} ` +
        `rejected the row${f.reason ? ` (${f.reason})` : ''}.\n  Change the values so the check holds.`,
      details(f),
      { cause },
    ),

  constraint: (f: ErrorFacts, cause: unknown) =>
    new ConstraintViolationError(`Constraint violation${inTable(f)}${reason(f, '')}.`, details(f), { cause }),

  valueTooLong: (f: ErrorFacts, cause: unknown) =>
    new ValueTooLongError(
      `Value does not fit ${f.column ? `column ${qualified(f)}` : 'its column'}${reason(f, '')}.\n` +
        '  Shorten the value, or widen the column (length, precision or a larger integer type).',
      details(f),
      { cause },
    ),

  deadlock: (f: ErrorFacts, cause: unknown) =>
    new DeadlockError(
      'Deadlock: this transaction and another each waited for a lock the other held; the database ' +
        `chose this one as the victim.${RETRY}`,
      details(f),
      { cause },
    ),

  serialization: (f: ErrorFacts, cause: unknown) =>
    new SerializationError(
      `Serialization failure${inTable(f)}: a concurrent transaction changed data this transaction read.${RETRY}`,
      details(f),
      { cause },
    ),

  lockWait: (f: ErrorFacts, cause: unknown) =>
    new LockWaitTimeoutError(
      `Lock wait timeout${inTable(f)}${reason(f, ': another transaction held the lock too long')}.\n` +
        '  Retry the transaction; keep transactions short, or raise the lock timeout.',
      details(f),
      { cause },
    ),

  queryTimeout: (f: ErrorFacts, cause: unknown) =>
    new QueryTimeoutError(
      `The statement was cancelled${reason(f, '')}.\n` +
        '  Make the statement cheaper (an index, smaller batches), or raise the statement timeout.',
      details(f),
      { cause },
    ),

  connectionLost: (f: ErrorFacts, cause: unknown) =>
    new ConnectionLostError(
      `The connection to the database was lost${reason(f, '')}.\n` +
        '  The connection has been discarded; retry the transaction on a new one.',
      details(f),
      { cause },
    ),

  connection: (f: ErrorFacts, cause: unknown) =>
    new ConnectionError(
      `Cannot connect to the database${reason(f, '')}.\n` +
        '  Check the host, port, database name or file path of the connection URL, and that the server runs.',
      details(f),
      { cause },
    ),

  authentication: (f: ErrorFacts, cause: unknown) =>
    new AuthenticationError(
      `The database refused the login${reason(f, '')}.\n  Check the user name and password of the connection URL.`,
      details(f),
      { cause },
    ),

  statement: (f: ErrorFacts, cause: unknown) =>
    new StatementError(`The database rejected the SQL${reason(f, '')}.`, details(f), { cause }),

  /** A column or table the SQL names does not exist: most often the mappers are ahead of the database. */
  missingSchemaObject: (f: ErrorFacts, cause: unknown) =>
    new StatementError(
      `The database rejected the SQL${reason(f, '')}.\n` +
        '  The mappers may be ahead of the database: generate and apply a migration (tabula migration generate),\n' +
        '  or run orm.schema.update() in development; orm.schema.verify() lists every difference.',
      details(f),
      { cause },
    ),

  database: (f: ErrorFacts, cause: unknown) =>
    new DatabaseError(
      `The database reported an error${f.driverCode ? ` (${f.driverCode})` : ''}${reason(f, '')}.`,
      details(f),
      { cause },
    ),
};

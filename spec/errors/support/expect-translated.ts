/**
 * Asserts the whole outcome of an error translation: the exact class, the location fields, the
 * driver code, the cause, the SQL, whether the connection is fatal, and that no value leaked
 * into the message. {@link expectRaised} takes an error a pooled connection (or `connect()`)
 * threw; {@link expectTranslated} passes a driver error built by hand through the dialect's
 * translateError / isFatal (the unit specs in spec/dialects/<name>/errors.spec.ts).
 */
import { expect } from 'chai';
import * as mysqlErrors from '../../../lib/dialects/mysql/errors';
import * as postgresErrors from '../../../lib/dialects/postgres/errors';
import * as sqliteErrors from '../../../lib/dialects/sqlite/errors';
import { DatabaseError, TabulaError } from '../../../lib/errors';
import type { DialectName } from '../../support/matrix';
import type { Raised } from './sessions';

const translators = { sqlite: sqliteErrors, postgres: postgresErrors, mysql: mysqlErrors };

/** The dialect's error translation, as its ConnectionAdapter exposes it. */
function errorsOf(dialect: DialectName): Pick<typeof sqliteErrors, 'translateError' | 'isFatal'> {
  return translators[dialect];
}

/** A driver error together with the SQL text the driver was given (no parameter values). */
export interface Failure {
  readonly raw: unknown;
  readonly sql: string | undefined;
}

export interface Expected<T extends TabulaError> {
  /** The exact class (a subclass instance does not pass). */
  readonly type: abstract new (
    ...args: never[]
  ) => T;
  readonly table?: string;
  readonly constraint?: string;
  readonly column?: string;
  readonly driverCode?: string;
  readonly fatal: boolean;
  /** Values that were written or sent and must not appear in the message. */
  readonly hidden?: readonly string[];
}

/** Asserts the translation of a hand-built driver error on `dialect` and returns the translated error. */
export function expectTranslated<T extends TabulaError>(
  dialect: DialectName,
  failure: Failure,
  expected: Expected<T>,
): T {
  const { translateError, isFatal } = errorsOf(dialect);
  const error = translateError(failure.raw, failure.sql);
  expect(error.cause).to.equal(failure.raw);
  return expectOutcome(error, failure.sql, isFatal(failure.raw), expected, `translated ${String(failure.raw)}`);
}

/**
 * Asserts an error thrown by the pooled path on `dialect`: the connection layer translated it
 * (the driver's error is its `cause` and translates to the same class again), and `fatal` is
 * whether the connection layer marked the connection broken (for a failed `connect()`, which
 * has no connection: whether the dialect calls the driver's error fatal).
 */
export function expectRaised<T extends TabulaError>(dialect: DialectName, raised: Raised, expected: Expected<T>): T {
  const { translateError, isFatal } = errorsOf(dialect);
  const { error, sql, connection } = raised;
  expect(error, String(error)).to.be.instanceOf(TabulaError);
  const cause = (error as TabulaError).cause;
  expect(cause, 'the driver error as cause').to.be.instanceOf(Error).and.not.be.instanceOf(TabulaError);
  expect(translateError(cause, sql).constructor).to.equal((error as TabulaError).constructor);
  const fatal = connection ? connection.isBroken : isFatal(cause);
  return expectOutcome(error as TabulaError, sql, fatal, expected, String(cause));
}

function expectOutcome<T extends TabulaError>(
  error: TabulaError,
  sql: string | undefined,
  fatal: boolean,
  expected: Expected<T>,
  what: string,
): T {
  expect(error.constructor, what).to.equal(expected.type);
  expect(error).to.be.instanceOf(DatabaseError);
  const db = error as DatabaseError;
  expect({
    table: db.table,
    constraint: db.constraint,
    column: db.column,
    driverCode: db.driverCode,
    sql: db.sql,
    fatal,
  }).to.deep.equal({
    table: expected.table,
    constraint: expected.constraint,
    column: expected.column,
    driverCode: expected.driverCode,
    sql,
    fatal: expected.fatal,
  });
  for (const value of expected.hidden ?? []) {
    expect(error.message).not.to.include(value);
    expect(db.sql ?? '').not.to.include(value);
  }
  return error as T;
}

/** Per-dialect expectations, picked for the dialect under test. */
export function byDialect<T>(dialect: DialectName, values: Record<DialectName, T>): T {
  return values[dialect];
}

/** The first line of an error's message: what went wrong (the lines after it say what to do). */
export function headline(error: Error): string {
  return error.message.split('\n')[0] ?? '';
}

/**
 * Passes a real driver error through the dialect's translateError / isFatal and asserts the whole
 * outcome: the exact class, the location fields, the driver code, the cause, the SQL, whether the
 * connection is fatal, and that no value leaked into the message.
 */
import { expect } from 'chai';
import * as mysqlErrors from '../../../lib/dialects/mysql/errors';
import * as postgresErrors from '../../../lib/dialects/postgres/errors';
import * as sqliteErrors from '../../../lib/dialects/sqlite/errors';
import { DatabaseError, type TabulaError } from '../../../lib/errors';
import type { DialectName } from '../../support/matrix';
import type { Failure } from './raw-connection';

const translators = { sqlite: sqliteErrors, postgres: postgresErrors, mysql: mysqlErrors };

/** The dialect's error translation, as its ConnectionAdapter exposes it. */
export function errorsOf(dialect: DialectName): Pick<typeof sqliteErrors, 'translateError' | 'isFatal'> {
  return translators[dialect];
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

/** Asserts the translation of `failure` on `dialect` and returns the translated error. */
export function expectTranslated<T extends TabulaError>(
  dialect: DialectName,
  failure: Failure,
  expected: Expected<T>,
): T {
  const { translateError, isFatal } = errorsOf(dialect);
  const error = translateError(failure.raw, failure.sql);
  expect(error.constructor, `translated ${String(failure.raw)}`).to.equal(expected.type);
  expect(error.cause).to.equal(failure.raw);
  expect(error).to.be.instanceOf(DatabaseError);
  const db = error as DatabaseError;
  expect({
    table: db.table,
    constraint: db.constraint,
    column: db.column,
    driverCode: db.driverCode,
    sql: db.sql,
    fatal: isFatal(failure.raw),
  }).to.deep.equal({
    table: expected.table,
    constraint: expected.constraint,
    column: expected.column,
    driverCode: expected.driverCode,
    sql: failure.sql,
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

/**
 * SQLite error translation for result codes and message forms the matrix specs do not provoke
 * (a corrupt file, a full disk, expression indexes, RAISE in a trigger). Errors are built the way
 * node-sqlite3 builds them ("SQLITE_CODE: message", errno, code); the real, provoked errors are
 * in spec/errors/.
 */
import { expect } from 'chai';
import { isFatal, translateError } from '../../../lib/dialects/sqlite/errors';
import {
  CheckConstraintError,
  ConnectionLostError,
  ConstraintViolationError,
  DatabaseError,
  LockWaitTimeoutError,
  StatementError,
  type TabulaError,
  UniqueConstraintError,
  ValueTooLongError,
} from '../../../lib/errors';
import { type Expected, expectTranslated, headline } from '../../errors/support/expect-translated';

const SQL = 'INSERT INTO authors (email) VALUES (?)';

function sqliteError(code: string, errno: number, message: string): Error {
  return Object.assign(new Error(`${code}: ${message}`), { code, errno });
}

const cases: { title: string; raw: unknown; expected: Expected<TabulaError> }[] = [
  {
    title: 'SQLITE_CORRUPT is a plain DatabaseError, and fatal',
    raw: sqliteError('SQLITE_CORRUPT', 11, 'database disk image is malformed'),
    expected: { type: DatabaseError, driverCode: 'SQLITE_CORRUPT', fatal: true },
  },
  {
    title: 'SQLITE_LOCKED is a LockWaitTimeoutError',
    raw: sqliteError('SQLITE_LOCKED', 6, 'database table is locked'),
    expected: { type: LockWaitTimeoutError, driverCode: 'SQLITE_LOCKED', fatal: false },
  },
  {
    title: 'SQLITE_READONLY is a StatementError',
    raw: sqliteError('SQLITE_READONLY', 8, 'attempt to write a readonly database'),
    expected: { type: StatementError, driverCode: 'SQLITE_READONLY', fatal: false },
  },
  {
    title: 'SQLITE_TOOBIG is a ValueTooLongError',
    raw: sqliteError('SQLITE_TOOBIG', 18, 'string or blob too big'),
    expected: { type: ValueTooLongError, driverCode: 'SQLITE_TOOBIG', fatal: false },
  },
  {
    title: 'SQLITE_FULL is a plain DatabaseError, not fatal',
    raw: sqliteError('SQLITE_FULL', 13, 'database or disk is full'),
    expected: { type: DatabaseError, driverCode: 'SQLITE_FULL', fatal: false },
  },
  {
    title: 'a SQLITE_MISUSE that is not a closed handle is a plain DatabaseError, not fatal',
    raw: sqliteError('SQLITE_MISUSE', 21, 'Statement is already finalized'),
    expected: { type: DatabaseError, driverCode: 'SQLITE_MISUSE', fatal: false },
  },
  {
    title: 'a unique index on an expression is named: "index \'ux_email_lower\'"',
    raw: sqliteError('SQLITE_CONSTRAINT', 19, "UNIQUE constraint failed: index 'ux_email_lower'"),
    expected: {
      type: UniqueConstraintError,
      constraint: 'ux_email_lower',
      driverCode: 'SQLITE_CONSTRAINT',
      fatal: false,
    },
  },
  {
    title: 'a composite unique key names all its columns',
    raw: sqliteError('SQLITE_CONSTRAINT', 19, 'UNIQUE constraint failed: books.author_id, books.title'),
    expected: {
      type: UniqueConstraintError,
      table: 'books',
      column: 'author_id, title',
      driverCode: 'SQLITE_CONSTRAINT',
      fatal: false,
    },
  },
  {
    title: 'RAISE(ABORT, …) in a trigger is a ConstraintViolationError',
    raw: sqliteError('SQLITE_CONSTRAINT', 19, 'books are read-only after publication'),
    expected: { type: ConstraintViolationError, driverCode: 'SQLITE_CONSTRAINT', fatal: false },
  },
];

describe('SQLite translateError / isFatal (driver-shaped errors)', () => {
  for (const c of cases) it(c.title, () => void expectTranslated('sqlite', { raw: c.raw, sql: SQL }, c.expected));

  it('an unnamed CHECK names no constraint; its expression goes into the message', () => {
    const error = expectTranslated(
      'sqlite',
      { raw: sqliteError('SQLITE_CONSTRAINT', 19, 'CHECK constraint failed: price > 0'), sql: SQL },
      { type: CheckConstraintError, driverCode: 'SQLITE_CONSTRAINT', fatal: false },
    );
    expect(headline(error)).to.equal('A check constraint rejected the row (price > 0).');
  });

  it('passes a TabulaError through unchanged, and a lost connection stays fatal', () => {
    const lost = new ConnectionLostError('gone');
    expect(translateError(lost, SQL)).to.equal(lost);
    expect(isFatal(lost)).to.equal(true);
  });
});

/**
 * PostgreSQL error translation for what the test servers cannot be made to say (a password check,
 * a crash, a reset socket, parsing corner cases). Errors are built the way `pg` builds them; the
 * real, provoked errors are in spec/errors/.
 */
import { expect } from 'chai';
import pg from 'pg';
import { isFatal, translateError } from '../../../lib/dialects/postgres/errors';
import {
  AuthenticationError,
  ConnectionError,
  ConnectionLostError,
  ConstraintViolationError,
  DatabaseError,
  QueryTimeoutError,
  StatementError,
  type TabulaError,
  UniqueConstraintError,
} from '../../../lib/errors';
import { type Expected, expectTranslated } from '../../errors/support/expect-translated';

const SQL = 'INSERT INTO authors (email) VALUES ($1)';

/** A server error as pg-protocol builds it from an ErrorResponse. */
function serverError(code: string, message: string, fields: Partial<pg.DatabaseError> = {}): pg.DatabaseError {
  return Object.assign(new pg.DatabaseError(message, message.length, 'error'), { severity: 'ERROR', code }, fields);
}

/** A Node socket error (what pg rejects with when the network fails). */
function socketError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, errno: -1 });
}

const cases: { title: string; raw: unknown; expected: Expected<TabulaError> }[] = [
  {
    title: '28P01 (wrong password) is an AuthenticationError, fatal',
    raw: serverError('28P01', 'password authentication failed for user "app"', { severity: 'FATAL' }),
    expected: { type: AuthenticationError, driverCode: '28P01', fatal: true },
  },
  {
    title: '57P02 (crash of another backend) is a ConnectionLostError, fatal',
    raw: serverError('57P02', 'terminating connection because of crash of another server process', {
      severity: 'FATAL',
    }),
    expected: { type: ConnectionLostError, driverCode: '57P02', fatal: true },
  },
  {
    title: '57P03 (server starting up) is a ConnectionLostError, fatal',
    raw: serverError('57P03', 'the database system is starting up', { severity: 'FATAL' }),
    expected: { type: ConnectionLostError, driverCode: '57P03', fatal: true },
  },
  {
    title: 'class 08 (connection failure) is a ConnectionLostError, fatal even at severity ERROR',
    raw: serverError('08006', 'connection failure'),
    expected: { type: ConnectionLostError, driverCode: '08006', fatal: true },
  },
  {
    title: '08001 (client unable to establish the connection) is a ConnectionError, fatal',
    raw: serverError('08001', 'could not establish connection'),
    expected: { type: ConnectionError, driverCode: '08001', fatal: true },
  },
  {
    title: 'ECONNRESET is a ConnectionLostError, fatal',
    raw: socketError('ECONNRESET', 'read ECONNRESET'),
    expected: { type: ConnectionLostError, driverCode: 'ECONNRESET', fatal: true },
  },
  {
    title: 'EPIPE is a ConnectionLostError, fatal',
    raw: socketError('EPIPE', 'write EPIPE'),
    expected: { type: ConnectionLostError, driverCode: 'EPIPE', fatal: true },
  },
  {
    title: 'ENOTFOUND (unknown host) is a ConnectionError, fatal',
    raw: socketError('ENOTFOUND', 'getaddrinfo ENOTFOUND db.invalid'),
    expected: { type: ConnectionError, driverCode: 'ENOTFOUND', fatal: true },
  },
  {
    title: 'pg\'s "Connection terminated unexpectedly" (no code) is a ConnectionLostError, fatal',
    raw: new Error('Connection terminated unexpectedly'),
    expected: { type: ConnectionLostError, fatal: true },
  },
  {
    title: 'pg\'s "Client was closed and is not queryable" is a ConnectionLostError, fatal',
    raw: new Error('Client was closed and is not queryable'),
    expected: { type: ConnectionLostError, fatal: true },
  },
  {
    title: "pg's connect timeout (connectionTimeoutMillis: 'timeout expired') is a ConnectionError, fatal",
    raw: new Error('timeout expired'),
    expected: { type: ConnectionError, fatal: true },
  },
  {
    title: "pg's client-side query_timeout is a QueryTimeoutError, fatal (the server may still be answering)",
    raw: new Error('Query read timeout'),
    expected: { type: QueryTimeoutError, fatal: true },
  },
  {
    title: 'a protocol message out of step is a ConnectionLostError, fatal',
    raw: new Error('Received unexpected dataRow message from backend.'),
    expected: { type: ConnectionLostError, fatal: true },
  },
  {
    title: '23P01 (exclusion constraint) is a ConstraintViolationError with table and constraint',
    raw: serverError('23P01', 'conflicting key value violates exclusion constraint "rooms_no_overlap"', {
      table: 'rooms',
      constraint: 'rooms_no_overlap',
      detail: 'Key (during)=([2024-01-01,2024-01-03)) conflicts with existing key (during)=([2024-01-02,2024-01-04)).',
    }),
    expected: {
      type: ConstraintViolationError,
      table: 'rooms',
      constraint: 'rooms_no_overlap',
      driverCode: '23P01',
      fatal: false,
      hidden: ['2024-01-01'],
    },
  },
  {
    title: '42501 (permission denied) is a StatementError',
    raw: serverError('42501', 'permission denied for table authors'),
    expected: { type: StatementError, driverCode: '42501', fatal: false },
  },
  {
    title: 'a unique violation on an expression index names no column',
    raw: serverError('23505', 'duplicate key value violates unique constraint "authors_lower_email"', {
      table: 'authors',
      constraint: 'authors_lower_email',
      detail: 'Key (lower(email::text))=(ann@example.com) already exists.',
    }),
    expected: {
      type: UniqueConstraintError,
      table: 'authors',
      constraint: 'authors_lower_email',
      driverCode: '23505',
      fatal: false,
      hidden: ['ann@example.com'],
    },
  },
  {
    title: 'a composite unique violation names all its columns',
    raw: serverError('23505', 'duplicate key value violates unique constraint "books_author_title"', {
      table: 'books',
      constraint: 'books_author_title',
      detail: 'Key (author_id, title)=(1, Dune) already exists.',
    }),
    expected: {
      type: UniqueConstraintError,
      table: 'books',
      constraint: 'books_author_title',
      column: 'author_id, title',
      driverCode: '23505',
      fatal: false,
      hidden: ['Dune'],
    },
  },
  {
    title: 'an unlisted SQLSTATE (22012 division by zero) is a plain DatabaseError, not fatal',
    raw: serverError('22012', 'division by zero'),
    expected: { type: DatabaseError, driverCode: '22012', fatal: false },
  },
];

describe('PostgreSQL translateError / isFatal (driver-shaped errors)', () => {
  for (const c of cases) it(c.title, () => void expectTranslated('postgres', { raw: c.raw, sql: SQL }, c.expected));

  it('passes a TabulaError through unchanged, and a lost connection stays fatal', () => {
    const lost = new ConnectionLostError('gone');
    expect(translateError(lost, SQL)).to.equal(lost);
    expect(isFatal(lost)).to.equal(true);
  });

  it('turns a thrown non-Error into a DatabaseError that keeps it as cause', () => {
    const error = translateError('boom', SQL);
    expect(error).to.be.instanceOf(DatabaseError);
    expect([error.constructor, error.message, error.cause]).to.deep.equal([
      DatabaseError,
      'The database reported an error: boom.',
      'boom',
    ]);
  });
});

/**
 * MySQL / MariaDB error translation for what the MariaDB test server cannot be made to say (MySQL 8
 * codes and message forms, a reset socket, a server shutdown). Errors are built the way mysql2
 * builds them; the real, provoked errors are in spec/errors/.
 */
import { expect } from 'chai';
import { isFatal, translateError } from '../../../lib/dialects/mysql/errors';
import {
  AuthenticationError,
  CheckConstraintError,
  ConnectionError,
  ConnectionLostError,
  DatabaseError,
  ForeignKeyConstraintError,
  LockWaitTimeoutError,
  NotNullConstraintError,
  QueryTimeoutError,
  StatementError,
  type TabulaError,
  UniqueConstraintError,
} from '../../../lib/errors';
import { type Expected, expectTranslated } from '../../errors/support/expect-translated';

const SQL = 'INSERT INTO authors (email) VALUES (?)';

/** A server error packet as mysql2 turns it into an Error. */
function serverError(errno: number, code: string | undefined, sqlState: string, message: string): Error {
  return Object.assign(new Error(message), { code, errno, sqlState, sqlMessage: message, sql: SQL });
}

/** A client-side error mysql2 raises itself (socket, protocol), flagged fatal. */
function clientError(code: string | undefined, message: string): Error {
  return Object.assign(new Error(message), { code, fatal: true });
}

const cases: { title: string; raw: unknown; expected: Expected<TabulaError> }[] = [
  {
    title: "MySQL 8 duplicate key: 'for key 'authors.uq_email'' gives table and constraint",
    raw: serverError(1062, 'ER_DUP_ENTRY', '23000', "Duplicate entry 'ann@example.com' for key 'authors.uq_email'"),
    expected: {
      type: UniqueConstraintError,
      table: 'authors',
      constraint: 'uq_email',
      driverCode: 'ER_DUP_ENTRY',
      fatal: false,
      hidden: ['ann@example.com'],
    },
  },
  {
    title: 'MySQL 8 check violation (3819) is a CheckConstraintError',
    raw: serverError(3819, 'ER_CHECK_CONSTRAINT_VIOLATED', 'HY000', "Check constraint 'authors_chk_1' is violated."),
    expected: {
      type: CheckConstraintError,
      constraint: 'authors_chk_1',
      driverCode: 'ER_CHECK_CONSTRAINT_VIOLATED',
      fatal: false,
    },
  },
  {
    title: "MySQL 8's own 4025 (a DDL error, sqlState HY000) is not a check violation",
    raw: serverError(
      4025,
      'ER_INNODB_AUTOEXTEND_SIZE_OUT_OF_RANGE',
      'HY000',
      'AUTOEXTEND_SIZE should be a multiple of 4M',
    ),
    expected: { type: DatabaseError, driverCode: 'ER_INNODB_AUTOEXTEND_SIZE_OUT_OF_RANGE', fatal: false },
  },
  {
    title: 'MySQL 8 NOWAIT (3572) is a LockWaitTimeoutError',
    raw: serverError(
      3572,
      'ER_LOCK_NOWAIT',
      'HY000',
      'Statement aborted because lock(s) could not be acquired immediately and NOWAIT is set.',
    ),
    expected: { type: LockWaitTimeoutError, driverCode: 'ER_LOCK_NOWAIT', fatal: false },
  },
  {
    title: 'MySQL 8 max_execution_time (3024) is a QueryTimeoutError',
    raw: serverError(
      3024,
      'ER_QUERY_TIMEOUT',
      'HY000',
      'Query execution was interrupted, maximum statement execution time exceeded',
    ),
    expected: { type: QueryTimeoutError, driverCode: 'ER_QUERY_TIMEOUT', fatal: false },
  },
  {
    title: 'KILL QUERY (1317) is a QueryTimeoutError, the connection stays usable',
    raw: serverError(1317, 'ER_QUERY_INTERRUPTED', '70100', 'Query execution was interrupted'),
    expected: { type: QueryTimeoutError, driverCode: 'ER_QUERY_INTERRUPTED', fatal: false },
  },
  {
    title: 'NULL into NOT NULL in a multi-row insert (1263) is a NotNullConstraintError naming the column',
    raw: serverError(
      1263,
      'ER_WARN_NULL_TO_NOTNULL',
      '22004',
      "Column set to default value; NULL supplied to NOT NULL column 'email' at row 2",
    ),
    expected: { type: NotNullConstraintError, column: 'email', driverCode: 'ER_WARN_NULL_TO_NOTNULL', fatal: false },
  },
  {
    title: 'the old foreign-key errors without details (1216) are ForeignKeyConstraintErrors',
    raw: serverError(
      1216,
      'ER_NO_REFERENCED_ROW',
      '23000',
      'Cannot add or update a child row: a foreign key constraint fails',
    ),
    expected: { type: ForeignKeyConstraintError, driverCode: 'ER_NO_REFERENCED_ROW', fatal: false },
  },
  {
    title: 'a composite foreign key names all its columns',
    raw: serverError(
      1451,
      'ER_ROW_IS_REFERENCED_2',
      '23000',
      'Cannot delete or update a parent row: a foreign key constraint fails (`app`.`lines`, CONSTRAINT `fk_order` FOREIGN KEY (`order_id`, `shop_id`) REFERENCES `orders` (`id`, `shop_id`))',
    ),
    expected: {
      type: ForeignKeyConstraintError,
      table: 'lines',
      constraint: 'fk_order',
      column: 'order_id, shop_id',
      driverCode: 'ER_ROW_IS_REFERENCED_2',
      fatal: false,
    },
  },
  {
    title: 'server shutdown (1053) is a ConnectionLostError, fatal',
    raw: serverError(1053, 'ER_SERVER_SHUTDOWN', '08S01', 'Server shutdown in progress'),
    expected: { type: ConnectionLostError, driverCode: 'ER_SERVER_SHUTDOWN', fatal: true },
  },
  {
    title: 'MariaDB "Connection was killed" (1927, no mysql2 name) is a ConnectionLostError, fatal',
    raw: serverError(1927, undefined, '70100', 'Connection was killed'),
    expected: { type: ConnectionLostError, driverCode: 'ER_CONNECTION_KILLED', fatal: true },
  },
  {
    title: 'ECONNRESET is a ConnectionLostError, fatal',
    raw: clientError('ECONNRESET', 'read ECONNRESET'),
    expected: { type: ConnectionLostError, driverCode: 'ECONNRESET', fatal: true },
  },
  {
    title: 'EPIPE is a ConnectionLostError, fatal',
    raw: clientError('EPIPE', 'write EPIPE'),
    expected: { type: ConnectionLostError, driverCode: 'EPIPE', fatal: true },
  },
  {
    title: 'a protocol error is a ConnectionLostError, fatal',
    raw: clientError('PROTOCOL_SEQUENCE_TIMEOUT', 'Query inactivity timeout'),
    expected: { type: ConnectionLostError, driverCode: 'PROTOCOL_SEQUENCE_TIMEOUT', fatal: true },
  },
  {
    title: 'a connect timeout (ETIMEDOUT) is a ConnectionError, fatal',
    raw: clientError('ETIMEDOUT', 'connect ETIMEDOUT'),
    expected: { type: ConnectionError, driverCode: 'ETIMEDOUT', fatal: true },
  },
  {
    title: 'too many connections (1040) is a ConnectionError, fatal',
    raw: serverError(1040, 'ER_CON_COUNT_ERROR', '08004', 'Too many connections'),
    expected: { type: ConnectionError, driverCode: 'ER_CON_COUNT_ERROR', fatal: true },
  },
  {
    title: 'a socket-authenticated account refused (1698) is an AuthenticationError, fatal',
    raw: serverError(1698, 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR', '28000', "Access denied for user 'root'@'localhost'"),
    expected: { type: AuthenticationError, driverCode: 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR', fatal: true },
  },
  {
    title: 'a missing privilege (1142, sqlState 42000) is a StatementError',
    raw: serverError(
      1142,
      'ER_TABLEACCESS_DENIED_ERROR',
      '42000',
      "INSERT command denied to user 'app'@'%' for table 'authors'",
    ),
    expected: { type: StatementError, driverCode: 'ER_TABLEACCESS_DENIED_ERROR', fatal: false },
  },
];

describe('MySQL translateError / isFatal (driver-shaped errors)', () => {
  for (const c of cases) it(c.title, () => void expectTranslated('mysql', { raw: c.raw, sql: SQL }, c.expected));

  it('passes a TabulaError through unchanged', () => {
    const unique = new UniqueConstraintError('duplicate', { table: 'authors' });
    expect(translateError(unique, SQL)).to.equal(unique);
    expect(isFatal(unique)).to.equal(false);
  });

  it("never takes the SQL from mysql2's error.sql, which has the values inlined", () => {
    const raw = serverError(1062, 'ER_DUP_ENTRY', '23000', "Duplicate entry 'x' for key 'uq'");
    Object.assign(raw, { sql: "INSERT INTO authors (email) VALUES ('ann@example.com')" });
    expect((translateError(raw, SQL) as DatabaseError).sql).to.equal(SQL);
  });
});

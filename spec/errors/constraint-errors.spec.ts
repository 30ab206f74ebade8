import { expect } from 'chai';
import {
  CheckConstraintError,
  ForeignKeyConstraintError,
  NotNullConstraintError,
  UniqueConstraintError,
  ValueTooLongError,
} from '../../lib/errors';
import { describeEachDialect } from '../support/matrix';
import { byDialect, expectRaised, headline } from './support/expect-translated';
import { type ClosableSession, openSession } from './support/sessions';

const AUTHORS = `CREATE TABLE t_errors_authors (
  id INTEGER PRIMARY KEY, email VARCHAR(40) NOT NULL, age INTEGER,
  CONSTRAINT t_errors_authors_email_uq UNIQUE (email), CONSTRAINT t_errors_authors_age_ck CHECK (age > 0))`;
const BOOKS = `CREATE TABLE t_errors_books (
  id INTEGER PRIMARY KEY, author_id INTEGER, title VARCHAR(5), pages SMALLINT,
  CONSTRAINT t_errors_books_author_fk FOREIGN KEY (author_id) REFERENCES t_errors_authors (id))`;
const INSERT_AUTHOR = 'INSERT INTO t_errors_authors (id, email, age) VALUES (?, ?, ?)';
const INSERT_BOOK = 'INSERT INTO t_errors_books (id, author_id, title, pages) VALUES (?, ?, ?, ?)';
/** A value that would be personal data: it must never reach a message. */
const EMAIL = 'ann.secret@example.com';

describeEachDialect('constraint violations, provoked and translated', (ctx) => {
  let conn: ClosableSession;

  beforeEach(async () => {
    conn = await openSession(ctx.dialect, ctx.url);
    await conn.query(AUTHORS);
    await conn.query(BOOKS);
    await conn.query(INSERT_AUTHOR, [1, EMAIL, 30]);
  });

  afterEach(async () => {
    await conn.query('DROP TABLE IF EXISTS t_errors_books');
    await conn.query('DROP TABLE IF EXISTS t_errors_authors');
    await conn.close();
  });

  it('a duplicate unique value is a UniqueConstraintError naming the constraint and column, not the value', async () => {
    const failure = await conn.failure(INSERT_AUTHOR, [2, EMAIL, 40]);
    const error = expectRaised(ctx.dialect, failure, {
      type: UniqueConstraintError,
      fatal: false,
      hidden: [EMAIL],
      ...byDialect(ctx.dialect, {
        sqlite: { table: 't_errors_authors', column: 'email', driverCode: 'SQLITE_CONSTRAINT' },
        postgres: {
          table: 't_errors_authors',
          constraint: 't_errors_authors_email_uq',
          column: 'email',
          driverCode: '23505',
        },
        // MariaDB names only the key ("for key 't_errors_authors_email_uq'"), not its table.
        mysql: { constraint: 't_errors_authors_email_uq', driverCode: 'ER_DUP_ENTRY' },
      }),
    });
    expect(headline(error)).to.equal(
      byDialect(ctx.dialect, {
        sqlite: 'Duplicate key in t_errors_authors: a unique constraint (email) already holds this value.',
        postgres:
          'Duplicate key in t_errors_authors: unique constraint t_errors_authors_email_uq (email) already holds this value.',
        mysql: 'Duplicate key: unique constraint t_errors_authors_email_uq already holds this value.',
      }),
    );
  });

  it('a duplicate primary key is a UniqueConstraintError too', async () => {
    const failure = await conn.failure(INSERT_AUTHOR, [1, 'bob@example.com', 40]);
    const error = expectRaised(ctx.dialect, failure, {
      type: UniqueConstraintError,
      fatal: false,
      ...byDialect(ctx.dialect, {
        sqlite: { table: 't_errors_authors', column: 'id', driverCode: 'SQLITE_CONSTRAINT' },
        postgres: { table: 't_errors_authors', constraint: 't_errors_authors_pkey', column: 'id', driverCode: '23505' },
        mysql: { constraint: 'PRIMARY', driverCode: 'ER_DUP_ENTRY' },
      }),
    });
    if (ctx.dialect === 'mysql') {
      expect(headline(error)).to.equal('Duplicate key: the primary key already holds this value.');
    }
  });

  it('a child pointing to a missing parent is a ForeignKeyConstraintError (SQLite names no constraint)', async () => {
    const failure = await conn.failure(INSERT_BOOK, [1, 99, 'Tale', 10]);
    const error = expectRaised(ctx.dialect, failure, {
      type: ForeignKeyConstraintError,
      fatal: false,
      ...byDialect(ctx.dialect, {
        sqlite: { driverCode: 'SQLITE_CONSTRAINT' },
        postgres: {
          table: 't_errors_books',
          constraint: 't_errors_books_author_fk',
          column: 'author_id',
          driverCode: '23503',
        },
        mysql: {
          table: 't_errors_books',
          constraint: 't_errors_books_author_fk',
          column: 'author_id',
          driverCode: 'ER_NO_REFERENCED_ROW_2',
        },
      }),
    });
    if (ctx.dialect !== 'sqlite') {
      expect(headline(error)).to.equal(
        'Foreign key violation in t_errors_books: foreign key t_errors_books_author_fk (author_id) ' +
          'refers to a t_errors_authors row that does not exist.',
      );
    }
  });

  it('deleting a parent that still has children is a ForeignKeyConstraintError (SQLite: same message as a missing parent)', async () => {
    await conn.query(INSERT_BOOK, [1, 1, 'Tale', 10]);
    const failure = await conn.failure('DELETE FROM t_errors_authors WHERE id = ?', [1]);
    const error = expectRaised(ctx.dialect, failure, {
      type: ForeignKeyConstraintError,
      fatal: false,
      ...byDialect(ctx.dialect, {
        sqlite: { driverCode: 'SQLITE_CONSTRAINT' },
        // PostgreSQL's detail names the parent's key columns here, not the child's: no column.
        postgres: { table: 't_errors_books', constraint: 't_errors_books_author_fk', driverCode: '23503' },
        mysql: {
          table: 't_errors_books',
          constraint: 't_errors_books_author_fk',
          column: 'author_id',
          driverCode: 'ER_ROW_IS_REFERENCED_2',
        },
      }),
    });
    expect(headline(error)).to.equal(
      byDialect(ctx.dialect, {
        sqlite:
          'Foreign key violation: a row refers to a parent row that does not exist, or a parent row that is ' +
          'still referenced was deleted (the database does not say which constraint).',
        postgres:
          'Foreign key violation: the t_errors_authors row is still referenced from t_errors_books through ' +
          'foreign key t_errors_books_author_fk.',
        mysql:
          'Foreign key violation: the t_errors_authors row is still referenced from t_errors_books through ' +
          'foreign key t_errors_books_author_fk (author_id).',
      }),
    );
  });

  it('NULL written to a NOT NULL column is a NotNullConstraintError naming the column', async () => {
    const failure = await conn.failure(INSERT_AUTHOR, [2, null, 40]);
    const error = expectRaised(ctx.dialect, failure, {
      type: NotNullConstraintError,
      fatal: false,
      ...byDialect(ctx.dialect, {
        sqlite: { table: 't_errors_authors', column: 'email', driverCode: 'SQLITE_CONSTRAINT' },
        postgres: { table: 't_errors_authors', column: 'email', driverCode: '23502' },
        mysql: { column: 'email', driverCode: 'ER_BAD_NULL_ERROR' },
      }),
    });
    expect(headline(error)).to.equal(
      ctx.dialect === 'mysql'
        ? 'NULL for the NOT NULL column email.'
        : 'NULL for the NOT NULL column t_errors_authors.email.',
    );
  });

  it('leaving out a NOT NULL column without default is a NotNullConstraintError (MySQL: 1364 "no default value")', async () => {
    const failure = await conn.failure('INSERT INTO t_errors_authors (id) VALUES (?)', [2]);
    const error = expectRaised(ctx.dialect, failure, {
      type: NotNullConstraintError,
      fatal: false,
      ...byDialect(ctx.dialect, {
        sqlite: { table: 't_errors_authors', column: 'email', driverCode: 'SQLITE_CONSTRAINT' },
        postgres: { table: 't_errors_authors', column: 'email', driverCode: '23502' },
        mysql: { column: 'email', driverCode: 'ER_NO_DEFAULT_FOR_FIELD' },
      }),
    });
    if (ctx.dialect === 'mysql') {
      expect(headline(error)).to.equal('No value for the NOT NULL column email, which has no default.');
    }
  });

  it('a row failing a CHECK is a CheckConstraintError naming the constraint (MariaDB: errno 4025)', async () => {
    const failure = await conn.failure(INSERT_AUTHOR, [2, 'bob@example.com', -5]);
    const error = expectRaised(ctx.dialect, failure, {
      type: CheckConstraintError,
      fatal: false,
      hidden: ['-5'],
      ...byDialect(ctx.dialect, {
        sqlite: { constraint: 't_errors_authors_age_ck', driverCode: 'SQLITE_CONSTRAINT' },
        postgres: { table: 't_errors_authors', constraint: 't_errors_authors_age_ck', driverCode: '23514' },
        mysql: { table: 't_errors_authors', constraint: 't_errors_authors_age_ck', driverCode: 'ER_CONSTRAINT_FAILED' },
      }),
    });
    expect(headline(error)).to.equal(
      ctx.dialect === 'sqlite'
        ? 'Check constraint t_errors_authors_age_ck rejected the row.'
        : 'Check constraint t_errors_authors_age_ck on t_errors_authors rejected the row.',
    );
  });

  it('a too-long string is a ValueTooLongError (SQLite: VARCHAR(n) is not enforced, the string is stored whole)', async () => {
    const title = 'A secret far too long title';
    if (ctx.dialect === 'sqlite') {
      await conn.query(INSERT_BOOK, [1, 1, title, 10]);
      expect(await conn.query('SELECT title FROM t_errors_books')).to.deep.equal([{ title }]);
      return;
    }
    const failure = await conn.failure(INSERT_BOOK, [1, 1, title, 10]);
    const error = expectRaised(ctx.dialect, failure, {
      type: ValueTooLongError,
      fatal: false,
      hidden: [title],
      ...byDialect(ctx.dialect, {
        sqlite: {},
        postgres: { driverCode: '22001' }, // PostgreSQL names the type, not the column
        mysql: { column: 'title', driverCode: 'ER_DATA_TOO_LONG' },
      }),
    });
    expect(headline(error)).to.equal(
      ctx.dialect === 'postgres'
        ? 'Value does not fit its column: value too long for type character varying(5).'
        : 'Value does not fit column title: the text is too long.',
    );
  });

  it('a number out of range is a ValueTooLongError (SQLite: integer columns take any 64-bit integer, so an overflowing sum)', async () => {
    if (ctx.dialect === 'sqlite') {
      await conn.query(INSERT_BOOK, [1, 1, 'A', 10]);
      await conn.query('UPDATE t_errors_books SET pages = 9223372036854775807');
      await conn.query(INSERT_BOOK, [2, 1, 'B', 9007199254740991]);
      const failure = await conn.failure('SELECT sum(pages) AS total FROM t_errors_books');
      const error = expectRaised(ctx.dialect, failure, {
        type: ValueTooLongError,
        fatal: false,
        driverCode: 'SQLITE_ERROR',
      });
      expect(headline(error)).to.equal('Value does not fit its column: integer overflow.');
      return;
    }
    const failure = await conn.failure(INSERT_BOOK, [1, 1, 'A', 987654]);
    const error = expectRaised(ctx.dialect, failure, {
      type: ValueTooLongError,
      fatal: false,
      hidden: ['987654'],
      ...byDialect(ctx.dialect, {
        sqlite: {},
        postgres: { driverCode: '22003' },
        mysql: { column: 'pages', driverCode: 'ER_WARN_DATA_OUT_OF_RANGE' },
      }),
    });
    expect(headline(error)).to.equal(
      ctx.dialect === 'postgres'
        ? 'Value does not fit its column: value "…" is out of range for type smallint.'
        : 'Value does not fit column pages: the number is out of range.',
    );
  });
});

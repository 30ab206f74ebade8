import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import { AuthenticationError, ConnectionError } from '../../lib/errors';
import { describeEachDialect } from '../support/matrix';
import { freePort } from '../support/servers';
import { byDialect, expectRaised, headline } from './support/expect-translated';
import { connectFailure, sqliteFile } from './support/sessions';

/** The matrix URL with some parts replaced (a closed port, another user or database). */
function changedUrl(url: string, change: (u: URL) => void): string {
  const u = new URL(url);
  change(u);
  return u.toString();
}

describeEachDialect('connections that cannot be opened, translated', (ctx) => {
  it('a refused port: ConnectionError, fatal (SQLite: a file in a missing directory, SQLITE_CANTOPEN)', async () => {
    const port = await freePort(); // free now, so nothing listens there
    const url =
      ctx.dialect === 'sqlite'
        ? `sqlite:${join(dirname(sqliteFile(ctx.url)), 'no-such-dir', 'app.db')}`
        : changedUrl(ctx.url, (u) => (u.port = String(port)));
    const error = expectRaised(ctx.dialect, await connectFailure(url), {
      type: ConnectionError,
      fatal: true,
      driverCode: ctx.dialect === 'sqlite' ? 'SQLITE_CANTOPEN' : 'ECONNREFUSED',
    });
    expect(headline(error)).to.equal(
      ctx.dialect === 'sqlite'
        ? 'Cannot connect to the database: unable to open database file.'
        : `Cannot connect to the database: connect ECONNREFUSED 127.0.0.1:${port}.`,
    );
  });

  it('an unknown database: ConnectionError, fatal (SQLite: a file that is not a database, SQLITE_NOTADB when connect() first reads it)', async () => {
    if (ctx.dialect === 'sqlite') {
      const file = join(dirname(sqliteFile(ctx.url)), 'not-a-database.db');
      writeFileSync(file, 'plain text, not an SQLite file; '.repeat(8));
      const error = expectRaised(ctx.dialect, await connectFailure(`sqlite:${file}`), {
        type: ConnectionError,
        driverCode: 'SQLITE_NOTADB',
        fatal: true,
      });
      expect(headline(error)).to.equal('Cannot connect to the database: file is not a database.');
      return;
    }
    const url = changedUrl(ctx.url, (u) => (u.pathname = '/t_errors_no_such_db'));
    const error = expectRaised(ctx.dialect, await connectFailure(url), {
      type: ConnectionError,
      fatal: true,
      driverCode: byDialect(ctx.dialect, { sqlite: '', postgres: '3D000', mysql: 'ER_BAD_DB_ERROR' }),
    });
    expect(headline(error)).to.equal(
      ctx.dialect === 'postgres'
        ? 'Cannot connect to the database: database "t_errors_no_such_db" does not exist.'
        : "Cannot connect to the database: Unknown database 't_errors_no_such_db'.",
    );
  });
});

describeEachDialect(
  'logins the server refuses [MariaDB]',
  (ctx) => {
    it('a wrong password is an AuthenticationError (1045), fatal', async () => {
      const url = changedUrl(ctx.url, (u) => (u.password = 'wrong-secret-password'));
      const error = expectRaised(ctx.dialect, await connectFailure(url), {
        type: AuthenticationError,
        fatal: true,
        driverCode: 'ER_ACCESS_DENIED_ERROR',
        hidden: ['wrong-secret-password'],
      });
      expect(headline(error)).to.match(
        /^The database refused the login: Access denied for user '[^']+'@'[^']+' \(using password: YES\)\.$/,
      );
    });
  },
  { only: ['mysql'] },
);

describeEachDialect(
  'logins the server refuses [PostgreSQL; SQLite has no credentials]',
  (ctx) => {
    it('an unknown role is an AuthenticationError, fatal (28000 from a trusting server, 28P01 where passwords are checked)', async () => {
      const url = changedUrl(ctx.url, (u) => {
        u.username = 't_errors_no_such_role';
        u.password = 'wrong-secret-password';
      });
      const failure = await connectFailure(url);
      // A server that checks passwords does not tell a missing role from a wrong password.
      const checksPasswords = (failure.error as { driverCode?: string }).driverCode === '28P01';
      const error = expectRaised(ctx.dialect, failure, {
        type: AuthenticationError,
        fatal: true,
        driverCode: checksPasswords ? '28P01' : '28000',
        hidden: ['wrong-secret-password'],
      });
      expect(headline(error)).to.equal(
        checksPasswords
          ? 'The database refused the login: password authentication failed for user "t_errors_no_such_role".'
          : 'The database refused the login: role "t_errors_no_such_role" does not exist.',
      );
    });
  },
  { only: ['postgres'] },
);

import { expect } from 'chai';
import sinon from 'sinon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../lib/dialects/config';
import { connect } from '../../lib/dialects/connect';
import { AuthenticationError, ConfigError, ConnectionError } from '../../lib/errors';
import { sql } from '../../lib/sql/raw';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';
import { freePort } from '../support/servers';

describe('connect configuration', () => {
  it('parses each URL form into its dialect and parts', () => {
    expect(resolveConfig('sqlite:./app.db')).to.include({ dialect: 'sqlite', filename: './app.db' });
    expect(resolveConfig('sqlite::memory:')).to.include({ dialect: 'sqlite', filename: ':memory:' });
    expect(resolveConfig('postgres://ann:s%40cret@db.local:6543/shop')).to.include({
      dialect: 'postgres',
      host: 'db.local',
      port: 6543,
      user: 'ann',
      password: 's@cret',
      database: 'shop',
    });
    expect(resolveConfig('mysql://root@127.0.0.1/app')).to.include({
      dialect: 'mysql',
      host: '127.0.0.1',
      database: 'app',
    });
    expect(resolveConfig({ dialect: 'sqlite', filename: ':memory:' }).pool).to.deep.equal({
      acquireTimeoutMs: 10_000,
      idleTimeoutMs: 30_000,
      connectTimeoutMs: 10_000,
    });
  });

  it('rejects a bad URL with a ConfigError that hides the password', async () => {
    const error = await expectRejection(connect('oracle://scott:tiger@host/db'), ConfigError);
    expect(error.message).to.contain('unknown scheme "oracle:"').and.not.contain('tiger');
    await expectRejection(connect('postgres://'), ConfigError);
    await expectRejection(connect('sqlite:'), ConfigError);
  });

  it('rejects malformed escapes and query parameters instead of ignoring them', async () => {
    const badEscape = await expectRejection(connect('postgres://u:100%@h/db'), ConfigError);
    expect(badEscape.message).to.contain('malformed %-escape').and.not.contain('100%');
    await expectRejection(connect('sqlite:./50%zz.db'), ConfigError);
    const ssl = await expectRejection(connect('postgres://u:p@h/db?sslmode=require'), ConfigError);
    expect(ssl.message).to.contain('query parameters (sslmode) are not supported');
    await expectRejection(connect('sqlite:./app.db?mode=ro'), ConfigError);
  });

  it('rejects unknown options and impossible pool settings by name', async () => {
    const unknown = await expectRejection(connect({ url: 'sqlite::memory:', poool: {} } as never), ConfigError);
    expect(unknown.message).to.contain('Unknown connect option "poool"');
    const size = await expectRejection(connect({ url: 'postgres://h/db', pool: { size: 0 } }), ConfigError);
    expect(size.message).to.contain('pool.size');
    const timeout = await expectRejection(
      connect({ url: 'sqlite::memory:', pool: { acquireTimeoutMs: -1 } }),
      ConfigError,
    );
    expect(timeout.message).to.contain('pool.acquireTimeoutMs');
  });

  it('rejects a SQLite file in a missing directory with ConnectionError', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tabula-missing-'));
    rmSync(dir, { recursive: true });
    await expectRejection(connect(`sqlite:${join(dir, 'nope', 'app.db')}`), ConnectionError);
  });

  it('rejects a refused PostgreSQL and MySQL port with ConnectionError at once, not at the connect timeout', async () => {
    const port = await freePort();
    for (const scheme of ['postgres', 'mysql']) {
      // The clock stands still: the rejection can only come from the refused socket, never from
      // the connect timeout firing or a retry after a delay (either would leave the promise pending).
      const clock = sinon.useFakeTimers({
        toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
      });
      try {
        const error = await expectRejection(
          connect({ url: `${scheme}://u:p@127.0.0.1:${port}/db`, pool: { connectTimeoutMs: 1000 } }),
          ConnectionError,
        );
        expect(error.message, scheme).to.contain(
          `Cannot connect to the database: connect ECONNREFUSED 127.0.0.1:${port}.`,
        );
      } finally {
        clock.restore();
      }
    }
  });
});

describeEachDialect(
  'connect to a live server',
  (ctx) => {
    it('opens a pool, detects the version and runs a statement', async () => {
      const db = await connect(ctx.url);
      try {
        expect(db.dialect.name).to.equal(ctx.dialect);
        expect(db.dialect.capabilities.serverVersion).to.match(/^\d+\.\d+/);
        expect(await db.query(sql`SELECT ${'ok'} AS status`)).to.deep.equal([{ status: 'ok' }]);
      } finally {
        await db.close();
      }
    });

    it('rejects a wrong password with AuthenticationError at once, not at the connect timeout', async function () {
      const url = new URL(ctx.url);
      url.password = 'definitely-wrong';
      const admin = await connect(ctx.url);
      try {
        if (ctx.dialect === 'postgres') {
          await admin.execute(sql`DROP ROLE IF EXISTS tabula_pw_probe`);
          await admin.execute(sql`CREATE ROLE tabula_pw_probe LOGIN PASSWORD 'right'`);
          url.username = 'tabula_pw_probe';
        }
        // The clock stands still: the AuthenticationError can only be the server's answer, never the
        // connect timeout firing or a retry after a delay (either would leave the promise pending).
        const clock = sinon.useFakeTimers({
          toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
        });
        const attempt = await connect({ url: url.toString(), pool: { connectTimeoutMs: 2000 } })
          .then(
            async (db) => {
              await db.close();
              return undefined;
            },
            (e: unknown) => e,
          )
          .finally(() => clock.restore());
        if (attempt === undefined && ctx.dialect === 'postgres') {
          // A server given through TABULA_TEST_PG_URL may trust loopback logins; the throwaway one checks passwords.
          process.stderr.write(
            '[connect.spec] the PostgreSQL server under test accepts any password (trust): skipped\n',
          );
          this.skip();
        }
        expect(attempt).to.be.instanceOf(AuthenticationError);
      } finally {
        if (ctx.dialect === 'postgres') await admin.execute(sql`DROP ROLE IF EXISTS tabula_pw_probe`);
        await admin.close();
      }
    });
  },
  { only: ['postgres', 'mysql'] },
);

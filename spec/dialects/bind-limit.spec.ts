/**
 * A statement past the server's bind ceiling is refused before it is sent, on every dialect: on
 * PostgreSQL it used to come back as a ConnectionLostError (the driver's count wrapped), a
 * retryable class for a deterministic failure (issue 16, defect 4).
 */
import { expect } from 'chai';
import { connect, type Database } from '../../lib/dialects';
import { BindLimitError } from '../../lib/errors';
import { sql } from '../../lib/sql';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';

describeEachDialect('the bind ceiling', (ctx) => {
  let db: Database;
  before(async () => {
    db = await connect(ctx.url);
  });
  after(async () => {
    await db?.close();
  });

  const inList = (n: number) =>
    sql`SELECT 1 AS one WHERE 1 IN (${sql.join(Array.from({ length: n }, (_, i) => i + 1))})`;

  it('answers a statement that binds exactly as many parameters as the server takes', async () => {
    const limit = db.dialect.capabilities.maxBindParameters;
    expect(limit).to.equal(ctx.dialect === 'sqlite' ? 32_766 : 65_535);
    expect(await db.query(inList(limit))).to.deep.equal([{ one: 1 }]);
  });

  it('refuses one more with a BindLimitError before sending it, and the connection stays usable', async () => {
    const limit = db.dialect.capabilities.maxBindParameters;
    const sent: string[] = [];
    const off = db.onQuery((e) => sent.push(e.sql));
    const error = await expectRejection(db.query(inList(limit + 1)), BindLimitError);
    off();
    expect([error.code, error.parameters, error.limit]).to.deep.equal(['BIND_LIMIT', limit + 1, limit]);
    expect(error.message.split('\n')[0]).to.match(
      /^The statement binds \d+ parameters; (SQLite|PostgreSQL|MySQL\/MariaDB) takes at most \d+ in one statement\.$/,
    );
    expect(sent).to.deep.equal([]);
    expect(await db.query(sql`SELECT 2 AS two`)).to.deep.equal([{ two: 2 }]);
  });
});

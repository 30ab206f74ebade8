/**
 * A connection found dead by BEGIN (the server ended its session while it was idle in the pool)
 * is replaced before the transaction's callback runs; any other failure is the caller's. The dead
 * connection is injected (sinon on Connection.run); the real-server case is in
 * spec/reliability/server-restart.spec.ts.
 */
import { expect } from 'chai';
import sinon from 'sinon';
import { Connection } from '../../lib/connection';
import { connect } from '../../lib/dialects/connect';
import type { Database } from '../../lib/dialects/database';
import { ConnectionLostError, StatementError } from '../../lib/errors';
import { sql } from '../../lib/sql/raw';
import { expectRejection } from '../support/expect-rejection';

describe('pool: a connection found dead at BEGIN', () => {
  let db: Database;
  let begins = 0;

  /** BEGIN fails `times` times, as on a connection whose session the server ended (fatal, or not). */
  function failBegin(times: number, fatal = true) {
    const run = Connection.prototype.run;
    sinon.stub(Connection.prototype, 'run').callsFake(function (this: Connection, query) {
      if (/^BEGIN/i.test(query.sql)) {
        begins++;
        if (times-- > 0) {
          if (fatal) this.markBroken();
          return Promise.reject(
            fatal
              ? new ConnectionLostError('simulated: server closed the connection')
              : new StatementError('simulated'),
          );
        }
      }
      return run.call(this, query);
    });
  }

  beforeEach(async () => {
    begins = 0;
    db = await connect('sqlite::memory:');
    await db.execute(sql`CREATE TABLE t (id INTEGER PRIMARY KEY)`);
  });
  afterEach(async () => {
    sinon.restore();
    // A broken SQLite writer is reset (ROLLBACK, pragmas) before it counts as free again.
    for (let i = 0; i < 100 && db.pool.stats().inUse > 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(db.pool.stats().inUse, 'connections checked out').to.equal(0);
    await db.close();
  });

  it('begins again on another connection, and the callback runs once', async () => {
    failBegin(1);
    let calls = 0;
    await db.transaction(async (tx) => {
      calls++;
      await tx.execute(sql`INSERT INTO t (id) VALUES (${1})`);
    });
    expect({ calls, begins }).to.deep.equal({ calls: 1, begins: 2 });
    expect(await db.query(sql`SELECT id FROM t`)).to.deep.equal([{ id: 1 }]);
  });

  it('gives up with the ConnectionLostError after as many tries as the pool has connections, plus one', async () => {
    failBegin(100);
    const error = await expectRejection(
      db.transaction(async () => expect.fail('the callback ran')),
      ConnectionLostError,
    );
    expect(error.message).to.match(/simulated/);
    expect(begins).to.equal(db.pool.size + 1);
  });

  it('does not retry a BEGIN that failed without losing the connection', async () => {
    failBegin(1, false);
    await expectRejection(
      db.transaction(async () => expect.fail('the callback ran')),
      StatementError,
    );
    expect(begins).to.equal(1);
  });

  it('does not retry once the callback has started: the unit may have written', async () => {
    let calls = 0;
    const error = await expectRejection(
      db.transaction(async (tx) => {
        calls++;
        await tx.execute(sql`INSERT INTO t (id) VALUES (${2})`);
        tx.raw.connection.markBroken();
        throw new ConnectionLostError('simulated: lost after the first statement');
      }),
      ConnectionLostError,
    );
    expect(error.message).to.match(/after the first statement/);
    expect(calls).to.equal(1);
    expect(await db.query(sql`SELECT id FROM t`)).to.deep.equal([]);
  });
});

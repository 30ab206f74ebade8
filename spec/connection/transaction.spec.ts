import { expect } from 'chai';
import { connect } from '../../lib/dialects/connect';
import type { Database } from '../../lib/dialects/database';
import { DatabaseError, TransactionError, TransactionTimeoutError, UniqueConstraintError } from '../../lib/errors';
import { sql } from '../../lib/sql/raw';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeEachDialect('transactions', (ctx) => {
  let db: Database;

  before(async () => {
    db = await connect({ url: ctx.url, pool: { size: 3, acquireTimeoutMs: 2000 } });
    await db.execute(sql`DROP TABLE IF EXISTS t_conn_tx`);
    await db.execute(sql`CREATE TABLE t_conn_tx (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL)`);
  });
  beforeEach(() => db.execute(sql`DELETE FROM t_conn_tx`));
  afterEach(() => expect(db.pool.stats().inUse, 'connections still checked out').to.equal(0));
  after(async () => {
    await db.execute(sql`DROP TABLE t_conn_tx`);
    await db.close();
  });

  const ids = async () =>
    (await db.query<{ id: number | string }>(sql`SELECT id FROM t_conn_tx ORDER BY id`)).map((r) => Number(r.id));

  it('commits when the callback resolves, and returns its value', async () => {
    const result = await db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO t_conn_tx (id, name) VALUES (${1}, ${'a'})`);
      await tx.execute(sql`INSERT INTO t_conn_tx (id, name) VALUES (${2}, ${'b'})`);
      return 'done';
    });
    expect(result).to.equal('done');
    expect(await ids()).to.deep.equal([1, 2]);
  });

  it('rolls back everything and re-throws when the callback throws', async () => {
    const boom = new Error('boom');
    const error = await expectRejection(
      db.transaction(async (tx) => {
        await tx.execute(sql`INSERT INTO t_conn_tx (id, name) VALUES (${1}, ${'a'})`);
        throw boom;
      }),
      Error,
    );
    expect(error).to.equal(boom);
    expect(await ids()).to.deep.equal([]);
  });

  it('rolls back when a statement rejects (a duplicate key), with the typed error', async () => {
    await expectRejection(
      db.transaction(async (tx) => {
        await tx.execute(sql`INSERT INTO t_conn_tx (id, name) VALUES (${1}, ${'a'})`);
        await tx.execute(sql`INSERT INTO t_conn_tx (id, name) VALUES (${1}, ${'again'})`);
      }),
      UniqueConstraintError,
    );
    expect(await ids()).to.deep.equal([]);
  });

  it('rolls back and releases the connection when the callback exceeds timeoutMs', async () => {
    let lateError: unknown;
    await expectRejection(
      db.transaction(
        async (tx) => {
          await tx.execute(sql`INSERT INTO t_conn_tx (id, name) VALUES (${1}, ${'a'})`);
          await sleep(300);
          await tx.execute(sql`INSERT INTO t_conn_tx (id, name) VALUES (${2}, ${'late'})`).catch((e) => {
            lateError = e;
          });
        },
        { timeoutMs: 100 },
      ),
      TransactionTimeoutError,
    );
    await sleep(350);
    expect(lateError, 'a statement after the timeout is refused').to.be.instanceOf(TransactionError);
    expect(await ids()).to.deep.equal([]);
  });

  it('waits for a statement the callback forgot to await before committing', async () => {
    await db.transaction(async (tx) => {
      void tx.execute(sql`INSERT INTO t_conn_tx (id, name) VALUES (${7}, ${'unawaited'})`);
    });
    expect(await ids()).to.deep.equal([7]);
  });

  it('rolls back when a statement the callback forgot to await fails', async () => {
    await expectRejection(
      db.transaction(async (tx) => {
        await tx.execute(sql`INSERT INTO t_conn_tx (id, name) VALUES (${1}, ${'a'})`);
        void tx.execute(sql`INSERT INTO t_conn_tx (id, name) VALUES (${1}, ${'dup'})`);
      }),
      UniqueConstraintError,
    );
    expect(await ids()).to.deep.equal([]);
  });

  it('nests as a savepoint: an inner failure rolls back only the inner work', async () => {
    await db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO t_conn_tx (id, name) VALUES (${1}, ${'outer'})`);
      await expectRejection(
        tx.transaction(async (inner) => {
          await inner.execute(sql`INSERT INTO t_conn_tx (id, name) VALUES (${2}, ${'inner'})`);
          throw new Error('inner fails');
        }),
        Error,
      );
      await tx.transaction(async (inner) => {
        await inner.execute(sql`INSERT INTO t_conn_tx (id, name) VALUES (${3}, ${'inner ok'})`);
      });
    });
    expect(await ids()).to.deep.equal([1, 3]);
  });

  it('fails the transaction when a statement fails, even if the callback catches the error', async () => {
    // PostgreSQL would abort the transaction itself; Tabula makes every dialect behave so.
    let later: unknown;
    await expectRejection(
      db.transaction(async (tx) => {
        await tx.execute(sql`INSERT INTO t_conn_tx (id, name) VALUES (${1}, ${'a'})`);
        await tx.execute(sql`INSERT INTO t_conn_tx (id, name) VALUES (${1}, ${'dup'})`).catch(() => undefined);
        await tx.execute(sql`INSERT INTO t_conn_tx (id, name) VALUES (${2}, ${'b'})`).catch((e) => {
          later = e;
        });
      }),
      UniqueConstraintError,
    );
    expect(later).to.be.instanceOf(TransactionError);
    expect((later as Error).message).to.contain('run the statement in a savepoint');
    expect(await ids()).to.deep.equal([]);
  });

  it('recovers from a failed statement run in a savepoint, and commits the rest', async () => {
    await db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO t_conn_tx (id, name) VALUES (${1}, ${'a'})`);
      await expectRejection(
        tx.transaction((sp) => sp.execute(sql`INSERT INTO t_conn_tx (id, name) VALUES (${1}, ${'dup'})`)),
        UniqueConstraintError,
      );
      await tx.execute(sql`INSERT INTO t_conn_tx (id, name) VALUES (${2}, ${'b'})`);
    });
    expect(await ids()).to.deep.equal([1, 2]);
  });

  it('runs savepoints opened together one after the other', async () => {
    await db.transaction(async (tx) => {
      const results = await Promise.allSettled([
        tx.transaction(async (sp) => {
          await sp.execute(sql`INSERT INTO t_conn_tx (id, name) VALUES (${1}, ${'first'})`);
          await sp.execute(sql`INSERT INTO t_conn_tx (id, name) VALUES (${2}, ${'first'})`);
        }),
        tx.transaction(async (sp) => {
          await sp.execute(sql`INSERT INTO t_conn_tx (id, name) VALUES (${3}, ${'second'})`);
          throw new Error('second fails');
        }),
        tx.transaction((sp) => sp.execute(sql`INSERT INTO t_conn_tx (id, name) VALUES (${4}, ${'third'})`)),
      ]);
      expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
    });
    expect(await ids()).to.deep.equal([1, 2, 4]);
  });

  it('refuses writes in a read-only transaction and writes nothing', async () => {
    const error = await expectRejection(
      db.transaction(
        async (tx) => {
          await tx.execute(sql`INSERT INTO t_conn_tx (id, name) VALUES (${1}, ${'a'})`);
        },
        { readOnly: true },
      ),
      DatabaseError,
    );
    expect(error.message).to.match(/read.?only|readonly/i);
    expect(await ids()).to.deep.equal([]);
    // The connection is usable for writes again afterwards.
    await db.transaction((tx) => tx.execute(sql`INSERT INTO t_conn_tx (id, name) VALUES (${2}, ${'b'})`));
    expect(await ids()).to.deep.equal([2]);
  });

  it('rejects an unknown isolation level before touching the database', async () => {
    await expectRejection(
      db.transaction(async () => undefined, { isolationLevel: 'chaos; drop table x' as never }),
      TransactionError,
    );
  });

  if (ctx.dialect === 'sqlite') {
    it('sqlite: accepts every isolation level and runs serializable (SQLite has no other level)', async () => {
      for (const level of ['read committed', 'repeatable read', 'serializable'] as const) {
        const rows = await db.transaction((tx) => tx.query(sql`SELECT 1 AS one`), { isolationLevel: level });
        expect(rows).to.deep.equal([{ one: 1 }]);
      }
    });
  } else {
    it('runs each transaction at the isolation level it asks for', async () => {
      const seen: string[] = [];
      for (const level of ['read committed', 'repeatable read', 'serializable'] as const) {
        const current = await db.transaction(
          async (tx) => {
            if (ctx.dialect === 'postgres') {
              const rows = await tx.query<{ level: string }>(
                sql`SELECT current_setting('transaction_isolation') AS level`,
              );
              return rows[0]?.level;
            }
            await tx.query(sql`SELECT COUNT(*) FROM t_conn_tx`);
            // InnoDB refreshes its INNODB_TRX table from a cache at most every 100 ms.
            await tx.query(sql`SELECT SLEEP(0.15)`);
            const rows = await tx.query<{ level: string }>(
              sql`SELECT trx_isolation_level AS level FROM information_schema.innodb_trx WHERE trx_mysql_thread_id = CONNECTION_ID()`,
            );
            return rows[0]?.level;
          },
          { isolationLevel: level },
        );
        seen.push(String(current).toLowerCase());
      }
      expect(seen).to.deep.equal(['read committed', 'repeatable read', 'serializable']);
    });
  }

  if (ctx.dialect !== 'sqlite') {
    it('fails the outer transaction when a savepoint cannot be rolled back (a statement still running)', async () => {
      const slow = ctx.dialect === 'postgres' ? sql`SELECT pg_sleep(3)` : sql`SELECT SLEEP(3)`;
      await expectRejection(
        db.transaction(async (tx) => {
          await tx.execute(sql`INSERT INTO t_conn_tx (id, name) VALUES (${1}, ${'outer'})`);
          await expectRejection(
            tx.transaction(
              async (sp) => {
                await sp.execute(sql`INSERT INTO t_conn_tx (id, name) VALUES (${2}, ${'inner'})`);
                await sp.execute(slow);
              },
              { timeoutMs: 100 },
            ),
            TransactionTimeoutError,
          );
          await tx.execute(sql`INSERT INTO t_conn_tx (id, name) VALUES (${3}, ${'after'})`);
        }),
        TransactionError,
      );
      expect(await ids()).to.deep.equal([]);
    });
  }
});

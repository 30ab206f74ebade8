import { expect } from 'chai';
import { TabulaError } from '../../../lib/errors';
import type { TableDescription } from '../../../lib/sql/ddl';
import { column, eq, insert, type LockClause, select } from '../../../lib/sql/nodes';
import { type DialectName, describeEachDialect } from '../../support/matrix';
import { createTables, driverErrorCode, dropTables } from '../support/tables';
import { openSessions, type SqlSession } from '../support/test-database';

const JOBS: TableDescription = {
  name: 't_sql_jobs',
  columns: [
    { name: 'id', type: { kind: 'integer' }, primaryKey: true },
    { name: 'state', type: { kind: 'string', length: 10 } },
  ],
};

const BEGIN: Record<DialectName, string> = { postgres: 'BEGIN', mysql: 'START TRANSACTION', sqlite: 'BEGIN IMMEDIATE' };
/** PostgreSQL: lock_not_available; MariaDB reports NOWAIT as a lock wait timeout. */
const LOCKED: Record<Exclude<DialectName, 'sqlite'>, string> = { postgres: '55P03', mysql: 'ER_LOCK_WAIT_TIMEOUT' };

const jobs = (lock: LockClause, where = eq(column('id'), 1)) =>
  select({ columns: [column('id')], from: JOBS.name, where, orderBy: [column('id')], lock });

describeEachDialect('row locks executed', (ctx) => {
  // A nested suite, so its after hook runs before the matrix removes the SQLite file.
  describe('with two connections', () => {
    let holder: SqlSession;
    let other: SqlSession;
    let close: () => Promise<void>;

    before(async () => {
      // Two pooled connections of one pool (SQLite: the writers of two pools on the same file).
      const opened = await openSessions(ctx, 2);
      [holder, other] = opened.sessions as [SqlSession, SqlSession];
      close = opened.close;
      await createTables(holder, [JOBS]);
      await holder.run(
        insert({
          table: JOBS.name,
          columns: ['id', 'state'],
          rows: [
            [1, 'new'],
            [2, 'new'],
            [3, 'new'],
          ],
        }),
      );
    });

    after(async () => {
      await dropTables(holder, [JOBS.name]);
      await close();
    });

    /** Runs `body` while `holder` keeps row 1 locked FOR UPDATE in an open transaction. */
    async function whileLocked(body: () => Promise<void>): Promise<void> {
      await holder.query(BEGIN[ctx.dialect]);
      try {
        expect((await holder.run(jobs({ strength: 'update' }))).rows).to.deep.equal([{ id: 1 }]);
        await body();
      } finally {
        await holder.query('ROLLBACK');
      }
    }

    it('reads rows FOR UPDATE and FOR SHARE inside a transaction', async () => {
      await holder.query(BEGIN[ctx.dialect]);
      try {
        expect((await holder.run(jobs({ strength: 'share' }, eq(column('id'), 2)))).rows).to.deep.equal([{ id: 2 }]);
        expect((await holder.run(jobs({ strength: 'update' }, eq(column('id'), 3)))).rows).to.deep.equal([{ id: 3 }]);
      } finally {
        await holder.query('ROLLBACK');
      }
      if (ctx.dialect === 'sqlite') {
        // SQLite has no row locks: the write transaction (BEGIN IMMEDIATE) locked the database.
        expect(holder.dialect.compile(jobs({ strength: 'update' })).sql).not.to.contain('FOR');
      }
    });

    it('fails at once with NOWAIT on a locked row (SQLite refuses NOWAIT at compile time)', async () => {
      if (ctx.dialect === 'sqlite') {
        expect(() => other.dialect.compile(jobs({ strength: 'update', wait: 'nowait' }))).to.throw(
          TabulaError,
          'NOWAIT',
        );
        return;
      }
      const locked = LOCKED[ctx.dialect];
      await whileLocked(async () => {
        await other.query(BEGIN[ctx.dialect]);
        try {
          expect(await driverErrorCode(other.run(jobs({ strength: 'update', wait: 'nowait' })))).to.equal(locked);
        } finally {
          await other.query('ROLLBACK');
        }
      });
    });

    it('skips locked rows with SKIP LOCKED (SQLite refuses it at compile time)', async () => {
      const all = select({
        columns: [column('id')],
        from: JOBS.name,
        orderBy: [column('id')],
        lock: { strength: 'update', wait: 'skip-locked' },
      });
      if (ctx.dialect === 'sqlite') {
        expect(() => other.dialect.compile(all)).to.throw(TabulaError, 'SKIP LOCKED');
        return;
      }
      await whileLocked(async () => {
        await other.query(BEGIN[ctx.dialect]);
        try {
          expect((await other.run(all)).rows).to.deep.equal([{ id: 2 }, { id: 3 }]);
        } finally {
          await other.query('ROLLBACK');
        }
      });
    });
  });
});

import { expect } from 'chai';
import sinon from 'sinon';
import type { QueryEvent } from '../../lib/connection/query-events';
import { debugLogger } from '../../lib/connection/query-events';
import { connect } from '../../lib/dialects/connect';
import type { Database } from '../../lib/dialects/database';
import { ClosedError, ConnectionLostError, PoolTimeoutError, QueryTimeoutError } from '../../lib/errors';
import { sql } from '../../lib/sql/raw';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';

describeEachDialect(
  'pool',
  (ctx) => {
    let db: Database;
    // SQLite has one writer; servers get a pool of two so exhaustion is quick to reach.
    const size = () => (ctx.dialect === 'sqlite' ? 1 : 2);

    before(async () => {
      db = await connect({ url: ctx.url, pool: { size: ctx.dialect === 'sqlite' ? 0 : 2, acquireTimeoutMs: 300 } });
    });
    afterEach(() => expect(db.pool.stats().inUse, 'connections still checked out').to.equal(0));
    after(() => db.close());

    it('fails with PoolTimeoutError naming the pool size when every connection stays busy, at the acquire timeout', async () => {
      const held = await Promise.all(Array.from({ length: size() }, () => db.pool.acquire()));
      // A fake clock: the wait ends when the acquire timeout (300 ms) has passed on it, not before.
      const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      try {
        const waiting = db.query(sql`SELECT 1 AS one`);
        let outcome = 'pending';
        waiting.then(
          () => {
            outcome = 'resolved';
          },
          (e: unknown) => {
            outcome = (e as Error).name;
          },
        );
        await clock.tickAsync(299);
        expect(outcome, 'still waiting 1 ms before the acquire timeout').to.equal('pending');
        await clock.tickAsync(1);
        expect(outcome, 'given up at the acquire timeout').to.equal('PoolTimeoutError');
        const error = await expectRejection(waiting, PoolTimeoutError);
        expect([error.poolSize, error.waitedMs]).to.deep.equal([size(), 300]);
        expect(error.message).to.contain(`within 300 ms (pool size ${size()}, all in use)`);
      } finally {
        clock.restore();
        for (const c of held) db.pool.release(c);
      }
      expect(await db.query(sql`SELECT 1 AS one`)).to.deep.equal([{ one: 1 }]);
    });

    it('destroys a connection after a fatal error and hands out a working one next', async () => {
      const first = await db.pool.acquire();
      const brokenId = first.id;
      if (ctx.dialect === 'sqlite') {
        // No server can drop a SQLite connection; close its handle underneath it instead.
        const raw = (first as unknown as { raw: { db: { close(cb: () => void): void } } }).raw;
        await new Promise<void>((r) => raw.db.close(() => r()));
      } else {
        const killer =
          ctx.dialect === 'postgres' ? sql`SELECT pg_terminate_backend(${brokenId})` : sql`KILL ${brokenId}`;
        await db.pool.withConnection((other) => other.run(db.dialect.compile(killer)));
      }
      await expectRejection(first.run(db.dialect.compile(sql`SELECT 1 AS one`)), ConnectionLostError);
      expect(first.isBroken).to.equal(true);
      db.pool.release(first);
      const next = await db.pool.withConnection(async (c) => ({
        id: c.id,
        rows: (await c.run(db.dialect.compile(sql`SELECT 1 AS one`))).rows,
      }));
      expect(next.rows).to.deep.equal([{ one: 1 }]);
      if (ctx.dialect !== 'sqlite') expect(next.id).to.not.equal(brokenId);
    });

    it('reports each statement as a query event, without values unless asked', async () => {
      const events: QueryEvent[] = [];
      const off = db.onQuery((e) => events.push(e));
      await db.query(sql`SELECT ${'forty-two'} AS answer, ${'x'} AS other`);
      off();
      await db.query(sql`SELECT 2 AS two`);
      expect(events).to.have.length(1);
      const [event] = events as [QueryEvent];
      expect(event.sql).to.match(/SELECT .* AS answer/);
      expect(event.paramCount).to.equal(2);
      expect(event.rowCount).to.equal(1);
      expect(event.params).to.equal(undefined);
      expect(event.durationMs).to.be.a('number').and.at.least(0);
      expect(event.connectionId).to.be.a('number');
    });

    it('includes values in events with logParams, and the debug logger prints them readably', async () => {
      const withParams = await connect({ url: ctx.url, logParams: true });
      const lines: string[] = [];
      withParams.onQuery(debugLogger((l) => lines.push(l)));
      try {
        await withParams.query(sql`SELECT ${'x'} AS v`);
      } finally {
        await withParams.close();
      }
      expect(lines).to.have.length(1);
      expect(lines[0]).to.match(
        /^\[tabula\] conn \d+ {2}[\d.]+ ms {2}1 rows {2}SELECT .* AS v {2}\[1 param \["x"\]\]$/,
      );
    });

    it('reports a listener that throws without failing the statement', async () => {
      const stderr = sinon.stub(process.stderr, 'write');
      const off = db.onQuery(() => {
        throw new Error('listener bug');
      });
      try {
        expect(await db.query(sql`SELECT 1 AS one`)).to.deep.equal([{ one: 1 }]);
      } finally {
        off();
        stderr.restore();
      }
      expect(stderr.calledWithMatch(sinon.match(/a query listener threw/))).to.equal(true);
    });

    it('cancels a statement that runs past statementTimeoutMs with QueryTimeoutError', async () => {
      const slow =
        ctx.dialect === 'postgres'
          ? sql`SELECT pg_sleep(3)`
          : ctx.dialect === 'mysql'
            ? sql`SELECT SLEEP(3)`
            : sql`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT max(x) FROM c`;
      const timed = await connect({ url: ctx.url, pool: { statementTimeoutMs: 200 } });
      try {
        await expectRejection(timed.query(slow), QueryTimeoutError);
        expect(await timed.query(sql`SELECT 1 AS one`), 'the connection still works').to.deep.equal([{ one: 1 }]);
      } finally {
        await timed.close();
      }
    });

    it('streams rows one by one and releases the connection when the loop breaks', async () => {
      const seen: number[] = [];
      const query =
        ctx.dialect === 'mysql'
          ? sql`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 50) SELECT x FROM c`
          : sql`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 50) SELECT x FROM c`;
      for await (const row of db.stream(query, { batchSize: 7 })) {
        seen.push(Number(row.x));
        if (seen.length === 20) break;
      }
      expect(seen).to.deep.equal(Array.from({ length: 20 }, (_, i) => i + 1));
      const all: number[] = [];
      for await (const row of db.stream(query, { batchSize: 7 })) all.push(Number(row.x));
      expect(all).to.have.length(50);
      let odd = 0;
      for await (const _ of db.stream(query, { batchSize: 0 })) odd++;
      for await (const _ of db.stream(query, { batchSize: 2.5 })) odd++;
      expect(odd, 'batch sizes below 1 or fractional still stream every row').to.equal(100);
    });

    it('reports a stream once, also when the loop reading it breaks early, with the rows read', async () => {
      const query = sql`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 50) SELECT x FROM c`;
      const rows: number[] = [];
      const off = db.onQuery((e) => rows.push(e.rowCount));
      try {
        for await (const row of db.stream(query, { batchSize: 5 })) {
          if (Number(row.x) === 3) break;
        }
        for await (const _ of db.stream(query, { batchSize: 5 })) {
        }
      } finally {
        off();
      }
      expect(rows).to.deep.equal([3, 50]);
    });

    it('refuses statements after close with ClosedError', async () => {
      const short = await connect(ctx.url);
      await short.close();
      await expectRejection(short.query(sql`SELECT 1 AS one`), ClosedError);
      await short.close();
    });
  },
  { sqliteMemory: true },
);

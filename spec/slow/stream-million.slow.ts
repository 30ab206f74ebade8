/**
 * Issue 7's promise at full size: `em.stream` keeps memory flat over 1,000,000 rows, on every
 * dialect. Slow (tens of seconds per dialect): run with `npm run test:stream-million`, which exposes
 * `gc`; the `.slow.ts` name keeps it out of `npm test`'s `spec/**\/*.spec.ts`.
 */
import { expect } from 'chai';
import { Tabula } from '../../lib';
import { defineEntity, p } from '../../lib/mapping';
import { type RawNode, sql } from '../../lib/sql';
import { type DialectName, describeEachDialect } from '../support/matrix';

const ROWS = Number(process.env.TABULA_STREAM_ROWS ?? 1_000_000);
const SAMPLE_EVERY = ROWS / 10;
/** Rows streamed tracked by the control, which must break the bound. */
const CONTROL_ROWS = 200_000;
/**
 * Heap growth allowed, max of the samples (each after a full GC) minus the heap before the stream.
 * A streamed Reading (object, label string, the row it came from) costs well over 80 bytes, so
 * keeping even one row in five of a million would pass 16 MB; any per-row leak of 17 bytes or more
 * fails it too. The drivers' own buffers are one batch (1,000 rows on PostgreSQL and MySQL, one on
 * SQLite), well under 1 MB; measured, the growth stays under 1 MB on every dialect.
 */
const FLAT_BOUND = 16 * 2 ** 20;

class Reading {
  id?: number;
  constructor(
    public label: string,
    public value: number,
  ) {}
}

const ReadingMapper = defineEntity(Reading, {
  table: 't_slow_readings',
  properties: {
    id: p.integer().primaryKey(),
    label: p.string({ length: 40 }),
    value: p.integer(),
  },
});

/** Rows 1…ROWS with id = value = i, made by the database in one statement (no rows from the client). */
function fill(dialect: DialectName): RawNode {
  const insert = sql`INSERT INTO t_slow_readings (id, label, value)`;
  if (dialect === 'postgres') {
    return sql`${insert} SELECT i, 'reading ' || i, i FROM generate_series(1, ${ROWS}::integer) AS i`;
  }
  if (dialect === 'sqlite') {
    return sql`${insert} WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS}) SELECT i, 'reading ' || i, i FROM n`;
  }
  // MySQL 8 stops recursive CTEs at 1,000 levels by default: a cross join of seven digit tables instead.
  const d = sql`SELECT 0 AS x UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9`;
  return sql`${insert} WITH d AS (${d}), n AS (
    SELECT d0.x + d1.x * 10 + d2.x * 100 + d3.x * 1000 + d4.x * 10000 + d5.x * 100000 + d6.x * 1000000 + 1 AS i
    FROM d d0 CROSS JOIN d d1 CROSS JOIN d d2 CROSS JOIN d d3 CROSS JOIN d d4 CROSS JOIN d d5 CROSS JOIN d d6)
    SELECT i, CONCAT('reading ', i), i FROM n WHERE i <= ${ROWS}`;
}

function settledHeap(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc (npm run test:stream-million)');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

interface Streamed {
  readonly rows: number;
  readonly sum: number;
  /** Rows whose value was not the previous one plus one (primary-key order). */
  readonly outOfOrder: number;
  /** Max of the settled-heap samples minus the settled heap before the first row. */
  readonly growth: number;
}

async function streamAll(rows: AsyncIterable<Reading>, stopAt = ROWS): Promise<Streamed> {
  const baseline = settledHeap();
  let max = baseline;
  let n = 0;
  let sum = 0;
  let outOfOrder = 0;
  for await (const r of rows) {
    if (r.value !== n + 1) outOfOrder++;
    n++;
    sum += r.value;
    if (n % SAMPLE_EVERY === 0 || n % (stopAt / 4) === 0) max = Math.max(max, settledHeap());
    if (n === stopAt) break;
  }
  return { rows: n, sum, outOfOrder, growth: max - baseline };
}

describeEachDialect('em.stream over a million rows', (ctx) => {
  let orm: Tabula | undefined;
  const db = () => orm as Tabula;
  before(async function () {
    this.timeout(300_000);
    orm = await Tabula.connect({ url: ctx.url, mappers: [ReadingMapper] });
    await db().schema.drop();
    await db().schema.create();
    const start = Date.now();
    await db().db.execute(fill(ctx.dialect));
    console.log(`      [${ctx.dialect}] filled ${ROWS} rows in ${((Date.now() - start) / 1000).toFixed(1)} s`);
  });
  after(async () => {
    await orm?.schema.drop();
    await orm?.close();
  });

  it(`streams all ${ROWS} rows in key order with the heap growing less than 16 MB`, async function () {
    this.timeout(600_000);
    const start = Date.now();
    const got = await streamAll(db().em.fork().stream(Reading));
    console.log(
      `      [${ctx.dialect}] streamed ${got.rows} rows in ${((Date.now() - start) / 1000).toFixed(1)} s, ` +
        `heap growth ${(got.growth / 2 ** 20).toFixed(2)} MB`,
    );
    expect({ ...got, growth: got.growth < FLAT_BOUND }).to.deep.equal({
      rows: ROWS,
      sum: (ROWS * (ROWS + 1)) / 2,
      outOfOrder: 0,
      growth: true,
    });
  });

  it(`control: the same measure passes 16 MB within ${CONTROL_ROWS} tracked rows`, async function () {
    this.timeout(300_000);
    const em = db().em.fork();
    const got = await streamAll(em.stream(Reading, {}, { tracked: true }), CONTROL_ROWS);
    expect([got.rows, got.growth > FLAT_BOUND]).to.deep.equal([CONTROL_ROWS, true]);
  });
});

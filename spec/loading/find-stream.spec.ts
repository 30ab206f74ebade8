import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect } from 'chai';
import { Tabula, op } from '../../lib';
import { defineEntity, p } from '../../lib/mapping';
import { TransactionError } from '../../lib/errors';
import { sql } from '../../lib/sql';
import { describeEachDialect } from '../support/matrix';
import { Author, Book, closeFind, emptyFind, openFind, Reading, seedFind } from '../query/support/find-entities';

const ROWS = 200_000;
const SAMPLE_EVERY = 20_000;
/**
 * Heap growth allowed over the stream, sampled after a full GC. A Reading held in memory costs
 * well over 100 bytes (object, two strings/numbers, the hydrated row), so keeping all 200,000
 * would add more than 20 MB; 4 MB leaves room for the driver's and V8's own buffers while any
 * per-row retention fails it. Measured: untracked, the samples stay within 0.1 MB; tracked, the
 * heap grows about 10 MB per 20,000 rows — the control below shows the measure catches that.
 */
const FLAT_BOUND = 4 * 1024 * 1024;

/** A full garbage collection (mocha runs without --expose-gc; the flag can be set at run time). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Streams readings (up to `stopAt`), sampling the heap every SAMPLE_EVERY rows; returns [rows, max − min]. */
async function heapSpread(rows: AsyncIterable<Reading>, stopAt = ROWS): Promise<[number, number]> {
  const samples: number[] = [];
  let n = 0;
  for await (const r of rows) {
    if (r.value !== n + 1) throw new Error(`row ${n + 1} came back as ${r.value}`);
    n++;
    if (n % SAMPLE_EVERY === 0) {
      collectGarbage();
      samples.push(process.memoryUsage().heapUsed);
    }
    if (n === stopAt) break;
  }
  return [n, Math.max(...samples) - Math.min(...samples)];
}

describeEachDialect('EntityManager stream', (ctx) => {
  let orm: Tabula | undefined;
  before(async () => {
    orm = await openFind(ctx.url);
  });
  afterEach(async () => emptyFind(db()));
  after(async () => closeFind(orm));
  const db = () => orm as Tabula;

  it('iterates the matching entities in order, untracked unless asked', async () => {
    await seedFind(db());
    const em = db().em.fork();
    const plain: Author[] = [];
    for await (const a of em.stream(Author, { born: op({ $gte: 1980 }) }, { orderBy: { born: 'desc' } })) plain.push(a);
    const tracked: Author[] = [];
    for await (const a of em.stream(Author, {}, { tracked: true, batchSize: 2 })) tracked.push(a);
    expect([
      plain.map((a) => a.name),
      plain.map((a) => em.contains(a)),
      tracked.map((a) => a.name),
      tracked.map((a) => em.contains(a)),
    ]).to.deep.equal([
      ['Cid', 'Bob'],
      [false, false],
      ['Ann', 'Bob', 'Cid'],
      [true, true, true],
    ]);
  });

  it('pages by key on SQLite (a statement per batch, rows written meanwhile after the position included), one statement elsewhere', async () => {
    await seedFind(db());
    const em = db().em.fork();
    const selects: string[] = [];
    const stop = db().db.onQuery((e) => {
      if (/^select/i.test(e.sql)) selects.push(e.sql);
    });
    const names: string[] = [];
    for await (const a of em.stream(Author, {}, { batchSize: 2 })) {
      names.push(a.name);
      if (names.length === 1) {
        const writer = db().em.fork();
        writer.persist(new Author('Dan', 2000));
        await writer.flush();
      }
    }
    stop();
    const streamed = selects.filter((q) => q.includes('t_find_authors'));
    if (ctx.dialect === 'sqlite') {
      // Pages [Ann, Bob], [Cid, Dan], [] — each after the last key of the one before.
      expect([names, streamed.length, streamed[1]]).to.deep.equal([
        ['Ann', 'Bob', 'Cid', 'Dan'],
        3,
        'SELECT "t0"."id", "t0"."name", "t0"."born" FROM "t_find_authors" AS "t0" WHERE "t0"."id" > ? ORDER BY "t0"."id" ASC LIMIT 2',
      ]);
    } else {
      // One statement read through a cursor: the row written after it started is not in its snapshot.
      expect([names, streamed.length]).to.deep.equal([['Ann', 'Bob', 'Cid'], 1]);
    }
  });

  it('streams the statement row by row on SQLite too when the order goes through a relation', async () => {
    await seedFind(db());
    const em = db().em.fork();
    let selects = 0;
    const stop = db().db.onQuery((e) => {
      if (/^select/i.test(e.sql)) selects++;
    });
    const titles: string[] = [];
    for await (const b of em.stream(Book, {}, { orderBy: { author: { name: 'asc' }, title: 'desc' }, batchSize: 1 })) {
      titles.push(b.title);
    }
    stop();
    expect([titles, selects]).to.deep.equal([['A2', 'A1', 'B1'], 1]);
  });

  it('pages from the rows read, not from entities the caller changed or managed instances with unflushed values', async () => {
    await seedFind(db());
    const em = db().em.fork();
    const seen: string[] = [];
    for await (const a of em.stream(Author, {}, { orderBy: { born: 'asc' }, batchSize: 1 })) {
      seen.push(a.name);
      a.born += 1000;
    }
    const bob = await em.findOneOrFail(Author, { name: 'Bob' });
    bob.born = 1995;
    const tracked: string[] = [];
    for await (const a of em.stream(Author, {}, { orderBy: { born: 'asc' }, batchSize: 1, tracked: true })) {
      tracked.push(`${a.name} ${a.born}`);
    }
    expect([seen, tracked]).to.deep.equal([
      ['Ann', 'Bob', 'Cid'],
      ['Ann 1970', 'Bob 1995', 'Cid 1990'],
    ]);
  });

  it('is refused inside transactional (it reads on a connection of its own)', async () => {
    const em = db().em.fork();
    const error = await em
      .transactional(async (tx) => {
        tx.stream(Author);
      })
      .catch((e: unknown) => e);
    expect(error).to.be.instanceOf(TransactionError);
  });
});

describeEachDialect(
  'EntityManager stream memory',
  (ctx) => {
    let orm: Tabula | undefined;
    before(async function () {
      this.timeout(60_000);
      orm = await openFind(ctx.url);
      await db().db.execute(
        sql`insert into t_find_readings (label, value) with recursive n(i) as (select 1 union all select i + 1 from n where i < ${ROWS}) select 'reading ' || i, i from n`,
      );
    });
    after(async () => closeFind(orm));
    const db = () => orm as Tabula;

    it(`keeps the heap flat over ${ROWS} untracked rows (max − min of samples every ${SAMPLE_EVERY} < 4 MB)`, async function () {
      this.timeout(120_000);
      const [rows, spread] = await heapSpread(db().em.fork().stream(Reading));
      expect([rows, spread < FLAT_BOUND]).to.deep.equal([ROWS, true]);
    });

    it('control: the same measure grows past the bound within 60,000 tracked rows', async function () {
      this.timeout(120_000);
      const em = db().em.fork();
      const [rows, spread] = await heapSpread(em.stream(Reading, {}, { tracked: true }), 3 * SAMPLE_EVERY);
      expect([rows, spread > FLAT_BOUND]).to.deep.equal([3 * SAMPLE_EVERY, true]);
    });
  },
  { only: ['sqlite'] },
);

class Order {
  id?: number;
  lines: Line[] = [];
}

class Line {
  constructor(
    public order: Order,
    public lineNo: number,
  ) {}
}

const OrderMapper = defineEntity(Order, {
  table: 't_find_orders',
  properties: { id: p.integer().primaryKey().generated(), lines: p.oneToMany(() => Line, 'order') },
});
const LineMapper = defineEntity(Line, {
  table: 't_find_lines',
  properties: { order: p.manyToOne(() => Order).primaryKey(), lineNo: p.integer().primaryKey() },
});

describeEachDialect('EntityManager stream of a key that holds a relation', (ctx) => {
  let orm: Tabula | undefined;
  before(async () => {
    orm = await Tabula.connect({ url: ctx.url, mappers: [OrderMapper, LineMapper] });
    await orm.schema.drop();
    await orm.schema.create();
  });
  after(async () => {
    await orm?.schema.drop();
    await orm?.close();
  });

  it('streams every row (SQLite steps the statement: keyset pages order by columns, not relations)', async () => {
    const em = (orm as Tabula).em.fork();
    const [a, b] = [new Order(), new Order()];
    em.persist(a, b, new Line(a, 1), new Line(a, 2), new Line(b, 1));
    // Orders have nothing to write but their generated key: one INSERT … DEFAULT VALUES each.
    expect(em.plan().steps[0]?.statements.map((s) => s.sql.replace(/ RETURNING .*/, ''))).to.deep.equal(
      ctx.dialect === 'mysql'
        ? ['INSERT INTO `t_find_orders` () VALUES ()', 'INSERT INTO `t_find_orders` () VALUES ()']
        : ['INSERT INTO "t_find_orders" DEFAULT VALUES', 'INSERT INTO "t_find_orders" DEFAULT VALUES'],
    );
    await em.flush();
    const seen: string[] = [];
    for await (const line of (orm as Tabula).em.fork().stream(Line, {}, { batchSize: 1 })) {
      seen.push(`${line.order.id}/${line.lineNo}`);
    }
    expect(seen).to.deep.equal([`${a.id}/1`, `${a.id}/2`, `${b.id}/1`]);
  });
});

import { expect } from 'chai';
import { Tabula, op } from '../../lib';
import { defineEntity, p } from '../../lib/mapping';
import { QueryError } from '../../lib/query';
import { sql } from '../../lib/sql';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';

class Writer {
  id?: number;
  constructor(public name: string) {}
}

class Novel {
  id?: number;
  version?: number;
  constructor(
    public title: string,
    public pages: number,
    public writer: Writer,
  ) {}
}

const WriterMapper = defineEntity(Writer, {
  table: 't_bulk_writers',
  properties: { id: p.integer().primaryKey().generated(), name: p.string({ length: 50 }) },
});

const NovelMapper = defineEntity(Novel, {
  table: 't_bulk_novels',
  properties: {
    id: p.integer().primaryKey().generated(),
    version: p.integer().version(),
    title: p.string({ length: 50 }),
    pages: p.integer(),
    writer: p.manyToOne(() => Writer),
  },
});

type Row = [string, number, string, number];

const q = (text: string, dialect: string) => (dialect === 'mysql' ? text.replaceAll('"', '`') : text);
const n = (dialect: string, i: number) => (dialect === 'postgres' ? `$${i}` : '?');

/**
 * The statements of `updateWhere(Novel, { pages: op({ $gte: 150 }) }, { pages: 99 })`: one UPDATE
 * reporting its keys with RETURNING, where the server has UPDATE … RETURNING; MariaDB has none, so
 * there the keys are SELECTed first, in a transaction.
 */
const SIMPLE_UPDATE: Record<string, string[]> = Object.fromEntries(
  (['sqlite', 'postgres', 'mysql'] as const).map((d) => [
    d,
    d !== 'mysql'
      ? [
          `UPDATE "t_bulk_novels" SET "pages" = ${n(d, 1)}, "version" = "version" + ${n(d, 2)} WHERE "t_bulk_novels"."pages" >= ${n(d, 3)} RETURNING "id" AS "k0"`,
        ]
      : [
          'START TRANSACTION',
          q(
            `SELECT "t_bulk_novels"."id" AS "k0" FROM "t_bulk_novels" WHERE "t_bulk_novels"."pages" >= ${n(d, 1)} FOR UPDATE`,
            d,
          ),
          q(
            `UPDATE "t_bulk_novels" SET "pages" = ${n(d, 1)}, "version" = "version" + ${n(d, 2)} WHERE "t_bulk_novels"."pages" >= ${n(d, 3)}`,
            d,
          ),
          'COMMIT',
        ],
  ]),
);

/** The statements of `updateWhere(Novel, { writer: { name: 'Ann' } }, { title: 'Ann?' })`. */
const JOINED_UPDATE: Record<string, string[]> = Object.fromEntries(
  (['sqlite', 'postgres', 'mysql'] as const).map((d) => [
    d,
    [
      { sqlite: 'BEGIN IMMEDIATE', postgres: 'BEGIN', mysql: 'START TRANSACTION' }[d],
      q(
        `SELECT "t_bulk_novels"."id" AS "k0" FROM "t_bulk_novels" LEFT JOIN "t_bulk_writers" AS "t0" ON "t0"."id" = "t_bulk_novels"."writer_id" WHERE "t0"."name" = ${n(d, 1)}`,
        d,
      ),
      q(
        `UPDATE "t_bulk_novels" SET "title" = ${n(d, 1)}, "version" = "version" + ${n(d, 2)} WHERE "t_bulk_novels"."id" ${d === 'postgres' ? '= ANY($3::integer[])' : 'IN (?, ?)'}`,
        d,
      ),
      'COMMIT',
    ],
  ]),
);

describeEachDialect('EntityManager bulk updateWhere / deleteWhere', (ctx) => {
  let orm: Tabula | undefined;
  let ids: Record<'ann' | 'bob' | 'a1' | 'a2' | 'b1', number>;
  const db = () => orm as Tabula;

  before(async () => {
    orm = await Tabula.connect({ url: ctx.url, mappers: [WriterMapper, NovelMapper] });
    await orm.schema.drop();
    await orm.schema.create();
  });
  beforeEach(async () => {
    const em = db().em.fork();
    const [ann, bob] = [new Writer('Ann'), new Writer('Bob')];
    const novels = [new Novel('A1', 100, ann), new Novel('A2', 200, ann), new Novel('B1', 150, bob)];
    em.persist(ann, bob, ...novels);
    await em.flush();
    const [a1, a2, b1] = novels.map((n) => n.id as number);
    ids = { ann: ann.id as number, bob: bob.id as number, a1: a1 as number, a2: a2 as number, b1: b1 as number };
  });
  afterEach(async () => {
    await db().db.execute(sql`delete from t_bulk_novels`);
    await db().db.execute(sql`delete from t_bulk_writers`);
  });
  after(async () => {
    if (!orm) return;
    await orm.schema.drop();
    await orm.close();
  });

  /** Title, pages, writer name and version of every novel, as the database has them. */
  async function rows(): Promise<Row[]> {
    const novels = await db()
      .em.fork()
      .find(Novel, {}, { orderBy: { title: 'asc' }, populate: ['writer'] });
    return novels.map((n) => [n.title, n.pages, n.writer.name, n.version as number]);
  }

  function recordStatements(): () => string[] {
    const seen: string[] = [];
    const off = db().db.onQuery((e) => {
      seen.push(e.sql);
    });
    return () => {
      off();
      return seen;
    };
  }

  it('updates the matching rows with one UPDATE (after the SELECT of their keys) and bumps their version', async () => {
    const stop = recordStatements();
    const changed = await db()
      .em.fork()
      .updateWhere(Novel, { pages: op({ $gte: 150 }) }, { pages: 99 });
    expect([changed, stop()]).to.deep.equal([2, SIMPLE_UPDATE[ctx.dialect]]);
    expect(await rows()).to.deep.equal([
      ['A1', 100, 'Ann', 1],
      ['A2', 99, 'Ann', 2],
      ['B1', 99, 'Bob', 2],
    ]);
  });

  it('filters through a to-one relation (a join) on every dialect, MySQL included, by the key list', async () => {
    const stop = recordStatements();
    const changed = await db()
      .em.fork()
      .updateWhere(Novel, { writer: { name: 'Ann' } }, { title: 'Ann?' });
    const statements = stop();
    const after = await rows();
    expect([changed, statements, after.map((r) => [r[0], r[2]])]).to.deep.equal([
      2,
      JOINED_UPDATE[ctx.dialect],
      [
        ['Ann?', 'Ann'],
        ['Ann?', 'Ann'],
        ['B1', 'Bob'],
      ],
    ]);
  });

  it('writes the values and the next version into managed instances and their snapshots, keeping other unflushed changes', async () => {
    const em = db().em.fork();
    const [a1, a2, b1] = await em.find(Novel, {}, { orderBy: { title: 'asc' } });
    (a2 as Novel).title = 'A2 edited';
    await em.updateWhere(Novel, { writer: ids.ann }, { pages: 7 });
    const inMemory = [a1, a2, b1].map((n) => [n?.title, n?.pages, n?.version]);
    const plan = em.plan();
    const dirty = plan.steps.map((s) => [s.kind, s.columns.map((c) => c.name), s.rows.length]);
    await em.flush();
    expect([inMemory, dirty]).to.deep.equal([
      [
        ['A1', 7, 2],
        ['A2 edited', 7, 2],
        ['B1', 150, 1],
      ],
      [['update', ['title', 'version'], 1]],
    ]);
    expect(await rows()).to.deep.equal([
      ['A1', 7, 'Ann', 2],
      ['A2 edited', 7, 'Ann', 3],
      ['B1', 150, 'Bob', 1],
    ]);
  });

  it('sets a to-one relation from a key: the instance then holds the managed target', async () => {
    const em = db().em.fork();
    const bob = await em.findOneOrFail(Writer, ids.bob);
    const a1 = await em.findOneOrFail(Novel, ids.a1);
    const changed = await em.updateWhere(Novel, { id: ids.a1 }, { writer: ids.bob });
    expect([changed, a1.writer === bob, em.plan().steps.length]).to.deep.equal([1, true, 0]);
    expect((await rows()).map((r) => r[2])).to.deep.equal(['Bob', 'Ann', 'Bob']);
  });

  it('deletes the matching rows with one DELETE and detaches their managed instances', async () => {
    const em = db().em.fork();
    const [a1, a2, b1] = await em.find(Novel, {}, { orderBy: { title: 'asc' } });
    const deleted = await em.deleteWhere(Novel, { writer: { name: 'Ann' } });
    expect([deleted, em.contains(a1 as Novel), em.contains(a2 as Novel), em.contains(b1 as Novel)]).to.deep.equal([
      2,
      false,
      false,
      true,
    ]);
    expect(await rows()).to.deep.equal([['B1', 150, 'Bob', 1]]);
  });

  it('deletes by key with one DELETE … RETURNING (no SELECT, no transaction) and detaches the managed instance', async () => {
    const em = db().em.fork();
    const [a1, a2] = await em.find(Novel, {}, { orderBy: { title: 'asc' } });
    const stop = recordStatements();
    const deleted = await em.deleteWhere(Novel, { id: ids.a1 });
    expect([deleted, em.contains(a1 as Novel), em.contains(a2 as Novel)]).to.deep.equal([1, false, true]);
    expect(stop()).to.deep.equal([
      q(
        `DELETE FROM "t_bulk_novels" WHERE "t_bulk_novels"."id" = ${n(ctx.dialect, 1)} RETURNING "id" AS "k0"`,
        ctx.dialect,
      ),
    ]);
    expect((await rows()).map((r) => r[0])).to.deep.equal(['A2', 'B1']);
  });

  it('updates by key with RETURNING where the server has UPDATE … RETURNING, and says when it has not (MariaDB)', async () => {
    const em = db().em.fork();
    const a1 = await em.findOneOrFail(Novel, ids.a1);
    const stop = recordStatements();
    const changed = await em.updateWhere(Novel, { id: ids.a1 }, { pages: 5 });
    const statements = stop();
    expect([changed, a1.pages, a1.version]).to.deep.equal([1, 5, 2]);
    if (ctx.dialect === 'mysql') {
      // MariaDB has DELETE … RETURNING but no UPDATE … RETURNING: the keys are SELECTed first.
      expect(statements.map((s) => s.split(' ')[0])).to.deep.equal(['START', 'SELECT', 'UPDATE', 'COMMIT']);
    } else expect(statements).to.have.length(1);
    expect(statements.some((s) => /RETURNING/.test(s))).to.equal(ctx.dialect !== 'mysql');
  });

  it('refuses a filter with no condition unless { all: true } is passed', async () => {
    const em = db().em.fork();
    await expectRejection(em.updateWhere(Novel, {}, { pages: 1 }), QueryError);
    await expectRejection(em.deleteWhere(Novel, { $and: [] }), QueryError);
    expect((await rows()).length).to.equal(3);
    const changed = await em.updateWhere(Novel, {}, { pages: 1 }, { all: true });
    const deleted = await em.deleteWhere(Novel, {}, { all: true });
    expect([changed, deleted, await rows()]).to.deep.equal([3, 3, []]);
  });

  it('refuses a filter that is always true however it is nested, and sends no SQL', async () => {
    const em = db().em.fork();
    const stop = recordStatements();
    const alwaysTrue = [
      { $or: [{}, { title: 'A1' }] },
      { $and: [{}, { $or: [{ title: 'A1' }, { $and: [] }] }] },
      { $not: { $or: [] } },
      { $or: [{ title: 'A1' }, { $and: [{}] }] },
    ];
    for (const filter of alwaysTrue) {
      const error = await expectRejection(em.deleteWhere(Novel, filter), QueryError);
      expect(error.message, JSON.stringify(filter)).to.contain('Pass { all: true }');
      await expectRejection(em.updateWhere(Novel, filter, { pages: 1 }), QueryError);
    }
    expect(stop()).to.deep.equal([]);
    expect((await rows()).length).to.equal(3);
    // A condition ANDed with an always-true part keeps its meaning; an OR with a never-true branch too.
    expect(await em.deleteWhere(Novel, { title: 'A1', $or: [{ $and: [{}] }] })).to.equal(1);
    expect(await em.deleteWhere(Novel, { $or: [{ title: 'A2' }, { $not: { $and: [] } }] })).to.equal(1);
  });

  it('refuses to assign a key or the version, before any SQL', async () => {
    const em = db().em.fork();
    const stop = recordStatements();
    await expectRejection(em.updateWhere(Novel, { id: ids.a1 }, { id: 5 }), QueryError);
    await expectRejection(em.updateWhere(Novel, { id: ids.a1 }, { version: 5 }), QueryError);
    expect(stop()).to.deep.equal([]);
  });

  it("runs in transactional's transaction: a rollback undoes it and clears the EntityManager", async () => {
    const em = db().em.fork();
    const a1 = await em.findOneOrFail(Novel, ids.a1);
    let seenInside: unknown[] = [];
    const failure = em.transactional(async (inner) => {
      await inner.updateWhere(Novel, { id: ids.a1 }, { pages: 1 });
      seenInside = [a1.pages, await inner.count(Novel, { pages: 1 })];
      throw new Error('roll back');
    });
    const error = await expectRejection(failure, Error);
    expect([error.message, seenInside, em.contains(a1), (await rows())[0]]).to.deep.equal([
      'roll back',
      [1, 1],
      false,
      ['A1', 100, 'Ann', 1],
    ]);
  });

  it('returns 0 and changes nothing when no row matches', async () => {
    const em = db().em.fork();
    const changed = await em.updateWhere(Novel, { writer: { name: 'Nobody' } }, { pages: 1 });
    const deleted = await em.deleteWhere(Novel, { pages: op({ $gt: 1000 }) });
    expect([changed, deleted, (await rows()).map((r) => r[1])]).to.deep.equal([0, 0, [100, 200, 150]]);
  });
});

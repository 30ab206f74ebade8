import { expect } from 'chai';
import type { CursorOptions, FindOptions, Tabula } from '../../lib';
import type { EntityClass } from '../../lib/mapping';
import { type Filter, QueryError, op } from '../../lib/query';
import { recordQueries } from '../query/support/find-entities';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';
import {
  Book,
  closeJoined,
  Edition,
  emptyJoined,
  openJoined,
  seedJoined,
  Tag,
  Writer,
} from '../entity-manager/support/populate-joined-entities';

/** A loaded graph as plain data: class, own properties, nested objects; a repeat on the path is named, not walked. */
function shape(value: unknown, path: readonly object[] = []): unknown {
  if (Array.isArray(value)) return value.map((v) => shape(v, path));
  if (typeof value !== 'object' || value === null) return value;
  const name = `${value.constructor.name}#${String((value as { id?: unknown }).id ?? (value as Edition).year)}`;
  if (path.includes(value)) return `<${name}>`;
  const out: Record<string, unknown> = { class: name };
  for (const [k, v] of Object.entries(value)) out[k] = shape(v, [...path, value]);
  return out;
}

interface Case {
  readonly title: string;
  readonly cls: EntityClass<object>;
  readonly filter: Filter<object>;
  readonly options: FindOptions<object>;
}
const kase = <T extends object>(title: string, cls: EntityClass<T>, filter: Filter<T>, options: FindOptions<T>) =>
  ({ title, cls, filter, options }) as unknown as Case;

const cases: Case[] = [
  kase('to-many two levels deep and an inverse one-to-one', Writer, {}, { populate: ['books.tags', 'profile'] }),
  kase(
    'a filter, an order and a page of roots over a to-many',
    Writer,
    { name: op({ $ne: 'Zed' }) },
    {
      orderBy: { name: 'desc' },
      limit: 2,
      offset: 1,
      populate: ['books.tags'],
    },
  ),
  kase(
    'null to-ones, a composite-key to-one, STI members',
    Book,
    {},
    {
      orderBy: { title: 'desc' },
      populate: ['writer', 'edition', 'tags', 'media'],
    },
  ),
  kase(
    'an order through a to-one and a to-one to-many path',
    Book,
    {},
    {
      orderBy: { writer: { name: 'asc' }, title: 'asc' },
      populate: ['writer.books'],
    },
  ),
  kase('a composite-key root with its to-many', Edition, {}, { populate: ['books.writer'] }),
  kase('the inverse many-to-many side and STI below it', Tag, {}, { populate: ['books.media'] }),
  kase('read-only instances', Writer, {}, { readOnly: true, populate: ['books.tags', 'profile'] }),
  kase(
    'a to-many filter (EXISTS) with a limit',
    Writer,
    { books: { tags: { name: 'y' } } },
    {
      limit: 1,
      populate: ['books.tags'],
    },
  ),
  kase('partial fields on the root', Book, { title: op({ $like: 'A%' }) }, { fields: ['title'], populate: ['tags'] }),
  kase('a limit with to-one joins only', Book, {}, { limit: 2, offset: 1, populate: ['writer.profile'] }),
];

describeEachDialect('EntityManager populate (joined)', (ctx) => {
  let orm: Tabula | undefined;
  before(async () => {
    orm = await openJoined(ctx.url);
  });
  beforeEach(async () => seedJoined(db()));
  afterEach(async () => emptyJoined(db()));
  after(async () => closeJoined(orm));
  const db = () => orm as Tabula;

  for (const c of cases) {
    it(`gives what select-in gives, in one statement: ${c.title}`, async () => {
      const selectIn = await db().em.fork().find(c.cls, c.filter, c.options);
      const em = db().em.fork();
      const rec = recordQueries(db());
      const joined = await em.find(c.cls, c.filter, { ...c.options, strategy: 'joined' });
      const statements = rec.stop().length;
      expect([shape(joined), statements, em.plan().steps.length]).to.deep.equal([shape(selectIn), 1, 0]);
    });
  }

  it('pages the roots, not the joined rows, and hydrates STI subclasses', async () => {
    const em = db().em.fork();
    const writers = await em.find(Writer, {}, { populate: ['books.media'], strategy: 'joined', limit: 1 });
    const ann = writers[0] as Writer;
    expect([
      writers.map((w) => w.name),
      ann.books.map((b) => b.title),
      ann.books[0]?.media.map((m) => [m.constructor.name, m.price]),
    ]).to.deep.equal([
      ['Ann'],
      ['A1', 'A2', 'A3'],
      [
        ['PrintMedia', 20],
        ['AudioMedia', 15],
      ],
    ]);
  });

  it('compiles one SELECT with LEFT JOINs and the page of roots in a derived table', async () => {
    const rec = recordQueries(db());
    await db()
      .em.fork()
      .find(Writer, {}, { populate: ['books.tags'], strategy: 'joined', limit: 2 });
    const q = ctx.dialect === 'mysql' ? '`' : '"';
    const id = (...names: string[]) => names.map((n) => `${q}${n}${q}`).join('.');
    const cols = (alias: string, level: number, names: string[]) =>
      names.map((n, i) => `${id(alias, n)} AS ${id(`tabula_${level}_${i}`)}`).join(', ');
    expect(rec.stop()).to.deep.equal([
      `SELECT ${cols('t0', 0, ['id', 'name'])}, ${cols('j1', 1, ['id', 'title', 'writer_id', 'edition_isbn', 'edition_year'])}, ` +
        `${cols('j2', 2, ['id', 'name'])} FROM ${id('t_pj_writers')} AS ${id('t0')} ` +
        `LEFT JOIN ${id('t_pj_books')} AS ${id('j1')} ON ${id('j1', 'writer_id')} = ${id('t0', 'id')} ` +
        `LEFT JOIN ${id('t_pj_book_tags')} AS ${id('j2p')} ON ${id('j2p', 'book_id')} = ${id('j1', 'id')} ` +
        `LEFT JOIN ${id('t_pj_tags')} AS ${id('j2')} ON ${id('j2', 'id')} = ${id('j2p', 'tag_id')} ` +
        `WHERE ${id('t0', 'id')} IN (SELECT ${id('tabula_page', 'id')} FROM (SELECT ${id('t0', 'id')} ` +
        `FROM ${id('t_pj_writers')} AS ${id('t0')} WHERE 1 = 1 ORDER BY ${id('t0', 'id')} ASC LIMIT 2) AS ${id('tabula_page')}) ` +
        `ORDER BY ${id('t0', 'id')} ASC, ${id('j1', 'id')} ASC, ${id('j2', 'id')} ASC`,
    ]);
  });

  it('keeps a managed instance and its unflushed changes; populated arrays are the members a flush compares against', async () => {
    const em = db().em.fork();
    const [before] = await em.find(Writer, { name: 'Ann' });
    (before as Writer).name = 'Ann B.';
    const [ann] = await em.find(Writer, { name: 'Ann' }, { populate: ['books.tags'], strategy: 'joined' });
    const a1 = (ann as Writer).books[0] as Book;
    a1.tags = a1.tags.filter((t) => t.name !== 'y');
    expect([
      ann === before,
      (ann as Writer).name,
      em.plan().steps.map((s) => `${s.kind} ${s.table} ${s.rows.length}`),
    ]).to.deep.equal([true, 'Ann B.', ['update t_pj_writers 1', 'unlink t_pj_book_tags 1']]);
  });

  it('keeps a to-many array loaded before, with its unflushed changes', async () => {
    const em = db().em.fork();
    const [ann] = await em.find(Writer, { name: 'Ann' }, { populate: ['books'], strategy: 'joined' });
    const writer = ann as Writer;
    writer.books = writer.books.filter((b) => b.title !== 'A2');
    await em.find(Writer, { name: 'Ann' }, { populate: ['books'], strategy: 'joined' });
    expect(writer.books.map((b) => b.title)).to.deep.equal(['A1', 'A3']);
  });

  it('findOne: by filter, and from the identity map (populating the managed instance in one statement)', async () => {
    const em = db().em.fork();
    const byFilter = await em.findOne(Writer, { name: 'Bob' }, { populate: ['books.tags'], strategy: 'joined' });
    const managed = (await em.findOne(Writer, { name: 'Ann' })) as Writer;
    const rec = recordQueries(db());
    const byKey = await em.findOne(Writer, managed.id, { populate: ['books'], strategy: 'joined' });
    const statements = rec.stop().length;
    expect([
      byFilter?.books.map((b) => [b.title, b.tags.map((t) => t.name)]),
      byKey === managed,
      managed.books.map((b) => b.title),
      statements,
    ]).to.deep.equal([[['B1', ['x']]], true, ['A1', 'A2', 'A3'], 1]);
  });

  it('findAndCount pages roots and counts them', async () => {
    const em = db().em.fork();
    const [items, total] = await em.findAndCount(
      Writer,
      {},
      {
        populate: ['books'],
        strategy: 'joined',
        orderBy: { name: 'asc' },
        limit: 2,
      },
    );
    expect([items.map((w) => [w.name, w.books.length]), total]).to.deep.equal([
      [
        ['Ann', 3],
        ['Bob', 1],
      ],
      3,
    ]);
  });

  it('findByCursor populates the page with one joined statement, chunked under the bind limit', async () => {
    const small = await openJoined(ctx.url, { maxBindParameters: 2 });
    try {
      const rec = recordQueries(small);
      const options: CursorOptions<Writer> = { first: 3, populate: ['books'], strategy: 'joined' };
      const page = await small.em.fork().findByCursor(Writer, {}, options);
      const statements = rec.stop().length;
      expect([page.items.map((w) => [w.name, w.books.length]), statements]).to.deep.equal([
        [
          ['Ann', 3],
          ['Bob', 1],
          ['Cid', 0],
        ],
        3,
      ]);
    } finally {
      await small.close();
    }
  });

  it('refuses an unknown strategy with a QueryError naming it, before any SQL', async () => {
    const em = db().em.fork();
    const rec = recordQueries(db());
    const bad = { populate: ['books'], strategy: 'eager' } as unknown as FindOptions<Writer>;
    const errors = [
      await expectRejection(em.find(Writer, {}, bad), QueryError),
      await expectRejection(em.findOne(Writer, 1, bad), QueryError),
      await expectRejection(em.findAndCount(Writer, {}, bad), QueryError),
    ];
    expect([errors.map((e) => e.message), rec.stop().length]).to.deep.equal([
      Array(3).fill(
        `WriterMapper.strategy: unknown populate strategy "eager"; use 'select-in' (the default) or 'joined'.`,
      ),
      0,
    ]);
  });

  it('refuses a lock with strategy joined (outer joins cannot be locked everywhere)', async () => {
    const error = await expectRejection(
      db()
        .em.fork()
        .transactional((em) =>
          em.find(Writer, {}, { populate: ['books'], strategy: 'joined', lock: 'pessimistic-write' }),
        ),
      QueryError,
    );
    expect(error.message).to.equal(
      "WriterMapper.strategy: a pessimistic-write lock cannot be taken with strategy 'joined'; use 'select-in'.",
    );
  });
});

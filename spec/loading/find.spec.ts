import { expect } from 'chai';
import { TransactionError, ValueError } from '../../lib/errors';
import { type Filter, QueryError, op } from '../../lib/query';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';
import { Author, Book, recordQueries, useSeededFind } from '../query/support/find-entities';

describeEachDialect('EntityManager finds with typed filters', (ctx) => {
  const suite = useSeededFind(ctx);
  const { db } = suite;
  const titles = (books: Book[]) => books.map((b) => b.title);

  it('filters with operators and relation paths, orders, limits and offsets, in one statement each', async () => {
    const em = db().em.fork();
    const rec = recordQueries(db());
    const long = await em.find(Book, { pages: op({ $gte: 150 }) }, { orderBy: { pages: 'desc' } });
    const byA = await em.find(
      Book,
      { author: { name: op({ $like: 'A%' }) } },
      { orderBy: { title: 'desc' }, limit: 1, offset: 1 },
    );
    const byAuthorName = await em.find(Book, {}, { orderBy: { author: { name: 'desc' }, title: 'asc' } });
    expect([titles(long), titles(byA), titles(byAuthorName), rec.stop().length]).to.deep.equal([
      ['A2', 'B1'],
      ['A1'],
      ['B1', 'A1', 'A2'],
      3,
    ]);
  });

  it('keeps equality filters on columns and to-one relations (entity or key) working', async () => {
    const em = db().em.fork();
    const ann = await em.findOneOrFail(Author, { name: 'Ann' });
    const byEntity = await em.find(Book, { author: ann });
    const byKey = await em.find(Book, { author: suite.ids.bob });
    expect([titles(byEntity), titles(byKey), byEntity[0]?.author === ann]).to.deep.equal([['A1', 'A2'], ['B1'], true]);
  });

  it('answers findOne by key for a managed row with no SQL, and gives managed rows back with their unflushed changes', async () => {
    const em = db().em.fork();
    const ann = await em.findOneOrFail(Author, suite.ids.ann);
    ann.name = 'Changed';
    const rec = recordQueries(db());
    const again = await em.findOne(Author, suite.ids.ann);
    const statementsForKey = rec.stop().length;
    const old = await em.find(Author, { born: op({ $lt: 1985 }) });
    expect([again === ann, statementsForKey, old.map((a) => a.name), old[0] === ann]).to.deep.equal([
      true,
      0,
      ['Changed', 'Bob'],
      true,
    ]);
  });

  it('reads plain instances with readOnly: not tracked, never flushed, to-one relations as unmanaged stubs', async () => {
    const em = db().em.fork();
    const [a1] = await em.find(Book, { title: 'A1' }, { readOnly: true });
    const [again] = await em.find(Book, { title: 'A1' }, { readOnly: true });
    const book = a1 as Book;
    book.title = 'Edited';
    expect([
      book instanceof Book,
      em.contains(book),
      again === book,
      book.author instanceof Author,
      book.author.id,
      book.author.name,
      em.contains(book.author),
      em.plan().steps.length,
    ]).to.deep.equal([true, false, false, true, suite.ids.ann, undefined, false, 0]);
  });

  it('counts, tests existence and pages with the total', async () => {
    const em = db().em.fork();
    const filter: Filter<Book> = { tags: { $some: { name: 'x' } } };
    const [page, total] = await em.findAndCount(Book, {}, { orderBy: { pages: 'asc' }, limit: 2, offset: 1 });
    expect([
      await em.count(Book, filter),
      await em.count(Author, { books: { $none: {} } }),
      await em.exists(Author, { name: 'Cid' }),
      await em.exists(Author, { name: 'Zed' }),
      titles(page),
      total,
    ]).to.deep.equal([2, 1, true, false, ['B1', 'A2'], 3]);
  });

  it('refuses a lock outside transactional, and locks the rows inside it (SQLite: the whole database, no clause)', async () => {
    const em = db().em.fork();
    await expectRejection(em.find(Author, {}, { lock: 'pessimistic-write' }), TransactionError);
    const rec = recordQueries(db());
    const locked = await em.transactional(async (tx) => [
      await tx.find(Author, { name: 'Bob' }, { lock: 'pessimistic-write' }),
      await tx.find(Author, { name: 'Cid' }, { lock: 'pessimistic-read' }),
    ]);
    const tails = rec
      .stop()
      .filter((s) => /^select/i.test(s))
      .map((s) => s.slice(s.toLowerCase().lastIndexOf(' order by ')).replace(/^ order by \S+ asc ?/i, ''));
    const expected = {
      sqlite: ['', ''],
      postgres: ['for update', 'for share'],
      mysql: ['for update', 'lock in share mode'],
    }[ctx.dialect];
    expect([locked.map((l) => l.map((a) => a.name)), tails.map((t) => t.toLowerCase())]).to.deep.equal([
      [['Bob'], ['Cid']],
      expected,
    ]);
  });

  it('refuses an unknown lock mode, in find and em.lock, before any SQL (a typo is never a weaker lock)', async () => {
    const em = db().em.fork();
    const bob = await em.findOneOrFail(Author, suite.ids.bob);
    const rec = recordQueries(db());
    const typo = 'pessimistic_write' as unknown as 'pessimistic-write';
    await em.transactional(async (tx) => {
      const inFind = await expectRejection(tx.find(Author, {}, { lock: typo }), QueryError);
      expect(inFind.message).to.equal(
        `AuthorMapper.lock: "pessimistic_write" is not a lock mode.\n  Use 'pessimistic-write' (FOR UPDATE) or 'pessimistic-read' (FOR SHARE).`,
      );
      await expectRejection(tx.findOne(Author, suite.ids.bob, { lock: typo }), QueryError);
      await expectRejection(tx.lock(bob, typo), QueryError);
    });
    // Outside a transaction too, the mode is refused first.
    await expectRejection(em.lock(bob, 'exclusive' as unknown as 'pessimistic-write'), QueryError);
    expect(rec.stop().filter((s) => /^select/i.test(s))).to.deep.equal([]);
  });

  it('refuses a LIKE pattern with a NUL character on every dialect (SQLite stopped reading the pattern there)', async () => {
    const em = db().em.fork();
    const rec = recordQueries(db());
    for (const filter of [
      { name: op({ $like: 'Bo\u0000%' }) },
      { name: op({ $ilike: '%\u0000' }) },
    ] as Filter<Author>[]) {
      const error = await expectRejection(em.find(Author, filter), ValueError);
      expect(error.message).to.match(
        /expects text without NUL characters, got a string with a NUL character \(U\+0000\) at index \d/,
      );
    }
    expect(rec.stop()).to.deep.equal([]);
    expect((await em.find(Author, { name: op({ $like: 'Bo%' }) })).map((a) => a.name)).to.deep.equal(['Bob']);
  });

  it('finds by key with readOnly past the identity map: a fresh plain instance', async () => {
    const em = db().em.fork();
    const managed = await em.findOneOrFail(Author, suite.ids.bob);
    managed.name = 'Unflushed';
    const rec = recordQueries(db());
    const plain = await em.findOneOrFail(Author, suite.ids.bob, { readOnly: true });
    expect([plain === managed, plain.name, em.contains(plain), rec.stop().length]).to.deep.equal([
      false,
      'Bob',
      false,
      1,
    ]);
  });

  it('raises a QueryError for an unknown property before any SQL', async () => {
    const em = db().em.fork();
    const rec = recordQueries(db());
    const error = await expectRejection(em.find(Book, { nmae: 'x' } as unknown as Filter<Book>), QueryError);
    expect([error.property, rec.stop().length]).to.deep.equal(['nmae', 0]);
  });

  it('sends one query for concurrent findOne of the same key, and one per key otherwise', async () => {
    const em = db().em.fork();
    const rec = recordQueries(db());
    const [a, b, c] = await Promise.all([
      em.findOne(Author, suite.ids.bob),
      em.findOne(Author, suite.ids.bob),
      em.findOne(Author, suite.ids.cid),
    ]);
    const statements = rec.stop().length;
    expect([a === b, a?.name, c?.name, statements]).to.deep.equal([true, 'Bob', 'Cid', 2]);
  });
});

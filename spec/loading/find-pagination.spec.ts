import { expect } from 'chai';
import type { Tabula } from '../../lib';
import { QueryError, op } from '../../lib/query';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';
import { Author, Book, closeFind, emptyFind, openFind, recordQueries, seedFind } from '../query/support/find-entities';

describeEachDialect('EntityManager keyset pagination (findByCursor)', (ctx) => {
  let orm: Tabula | undefined;
  before(async () => {
    orm = await openFind(ctx.url);
  });
  beforeEach(async () => {
    await seedFind(db());
    const em = db().em.fork();
    em.persist(new Author('Dee', 1980), new Author('Eve', 1970), new Author('Fay', 1990), new Author('Gus', 1980));
    await em.flush();
  });
  afterEach(async () => emptyFind(db()));
  after(async () => closeFind(orm));
  const db = () => orm as Tabula;
  const names = (list: Author[]) => list.map((a) => a.name);

  it('pages by order then key, one statement per page, stable while rows are inserted before the cursor', async () => {
    const em = db().em.fork();
    const rec = recordQueries(db());
    const order = { born: 'desc' } as const;
    const page1 = await em.findByCursor(Author, {}, { orderBy: order, first: 3 });
    const statements = rec.stop().length;
    const writer = db().em.fork();
    writer.persist(new Author('Hal', 1995), new Author('Ian', 1985));
    await writer.flush();
    const page2 = await em.findByCursor(Author, {}, { orderBy: order, first: 3, after: page1.endCursor });
    const page3 = await em.findByCursor(Author, {}, { orderBy: order, first: 3, after: page2.endCursor });
    const empty = await em.findByCursor(Author, { born: op({ $gt: 2000 }) }, { orderBy: order, first: 3 });
    expect([
      [names(page1.items), page1.hasNextPage, statements],
      [names(page2.items), page2.hasNextPage],
      [names(page3.items), page3.hasNextPage],
      [empty.items.length, empty.endCursor, empty.hasNextPage],
    ]).to.deep.equal([
      [['Cid', 'Fay', 'Bob'], true, 1],
      [['Dee', 'Gus', 'Ann'], true],
      [['Eve'], false],
      [0, null, false],
    ]);
  });

  it('combines the cursor with a filter and populates only the page', async () => {
    const em = db().em.fork();
    const first = await em.findByCursor(Author, { books: { $some: {} } }, { first: 1, populate: ['books'] });
    const next = await em.findByCursor(Author, { books: { $some: {} } }, { first: 1, after: first.endCursor });
    const book = first.items[0]?.books[0] as Book;
    expect([names(first.items), book.title, names(next.items), next.hasNextPage]).to.deep.equal([
      ['Ann'],
      'A1',
      ['Bob'],
      false,
    ]);
  });

  it('refuses a cursor that is not one, or was made for another order, and an order through a to-many relation', async () => {
    const em = db().em.fork();
    const page = await em.findByCursor(Author, {}, { orderBy: { born: 'asc' }, first: 2 });
    await expectRejection(em.findByCursor(Author, {}, { first: 2, after: 'not a cursor' }), QueryError);
    await expectRejection(
      em.findByCursor(Author, {}, { orderBy: { name: 'asc' }, first: 2, after: page.endCursor }),
      QueryError,
    );
    const through = await expectRejection(
      em.findByCursor(Book, {}, { orderBy: { tags: { name: 'asc' } } as never, first: 2 }),
      QueryError,
    );
    expect(through.property).to.equal('tags');
  });

  it('pages by offset with findAndCount, the total ignoring the page', async () => {
    const em = db().em.fork();
    const [items, total] = await em.findAndCount(
      Author,
      { born: op({ $lte: 1980 }) },
      { orderBy: { name: 'desc' }, limit: 2, offset: 1 },
    );
    expect([names(items), total]).to.deep.equal([['Eve', 'Dee'], 5]);
  });
});

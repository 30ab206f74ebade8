import { expect } from 'chai';
import type { Tabula } from '../../lib';
import { QueryError, op } from '../../lib/query';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';
import {
  Author,
  Book,
  closeFind,
  connectFind,
  emptyFind,
  openFind,
  recordQueries,
  seedFind,
  Tag,
} from '../query/support/find-entities';

const names = (list: { name: string }[]) => list.map((x) => x.name);
const titles = (list: Book[]) => list.map((b) => b.title);

describeEachDialect('EntityManager populate (select-in)', (ctx) => {
  let orm: Tabula | undefined;
  before(async () => {
    orm = await openFind(ctx.url);
  });
  beforeEach(async () => {
    await seedFind(db());
  });
  afterEach(async () => emptyFind(db()));
  after(async () => closeFind(orm));
  const db = () => orm as Tabula;

  it('loads a to-one relation with one more query, one instance per row', async () => {
    const em = db().em.fork();
    const rec = recordQueries(db());
    const books = await em.find(Book, {}, { populate: ['author'] });
    const statements = rec.stop().length;
    expect([
      books.map((b) => `${b.title}:${b.author.name}`),
      books[0]?.author === books[1]?.author,
      statements,
    ]).to.deep.equal([['A1:Ann', 'A2:Ann', 'B1:Bob'], true, 2]);
  });

  it('loads one-to-many arrays, which become the members the flush compares against', async () => {
    const em = db().em.fork();
    const rec = recordQueries(db());
    const authors = await em.find(Author, {}, { populate: ['books'] });
    const statements = rec.stop().length;
    expect([authors.map((a) => [a.name, titles(a.books)]), statements, em.plan().steps.length]).to.deep.equal([
      [
        ['Ann', ['A1', 'A2']],
        ['Bob', ['B1']],
        ['Cid', []],
      ],
      2,
      0,
    ]);
  });

  it('loads nested paths level by level: books.tags is one query per level', async () => {
    const em = db().em.fork();
    const rec = recordQueries(db());
    const authors = await em.find(Author, { name: op({ $in: ['Ann', 'Bob'] }) }, { populate: ['books.tags'] });
    const statements = rec.stop().length;
    expect([
      authors.map((a) => a.books.map((b) => [b.title, names(b.tags)])),
      statements,
      em.plan().steps.length,
    ]).to.deep.equal([
      [
        [
          ['A1', ['x', 'y']],
          ['A2', []],
        ],
        [['B1', ['x']]],
      ],
      3,
      0,
    ]);
  });

  it('loads the inverse side of a many-to-many through the pivot, and a removal from a populated array unlinks', async () => {
    const em = db().em.fork();
    const tags = await em.find(Tag, {}, { populate: ['books'] });
    const books = await em.find(Book, { title: 'A1' }, { populate: ['tags'] });
    const a1 = books[0] as Book;
    a1.tags = a1.tags.filter((t) => t.name !== 'y');
    expect([
      tags.map((t) => [t.name, titles(t.books)]),
      em.plan().steps.map((s) => `${s.kind} ${s.table} ${s.rows.length}`),
    ]).to.deep.equal([
      [
        ['x', ['A1', 'B1']],
        ['y', ['A1']],
      ],
      ['unlink t_find_book_tags 1'],
    ]);
  });

  it('keeps a managed array that was loaded before, with its unflushed changes', async () => {
    const em = db().em.fork();
    const [ann] = await em.find(Author, { name: 'Ann' }, { populate: ['books'] });
    const author = ann as Author;
    author.books = author.books.filter((b) => b.title !== 'A2');
    await em.find(Author, { name: 'Ann' }, { populate: ['books'] });
    expect(titles(author.books)).to.deep.equal(['A1']);
  });

  it('populates read-only finds with plain instances', async () => {
    const em = db().em.fork();
    const books = await em.find(Book, { title: 'B1' }, { readOnly: true, populate: ['author', 'tags'] });
    const b1 = books[0] as Book;
    expect([b1.author.name, names(b1.tags), em.contains(b1.author), em.contains(b1.tags[0] as Tag)]).to.deep.equal([
      'Bob',
      ['x'],
      false,
      false,
    ]);
  });

  it('chunks key lists under maxBindParameters', async () => {
    const small = await connectFind(ctx.url, { maxBindParameters: 2 });
    try {
      const em = small.em.fork();
      const rec = recordQueries(small);
      const authors = await em.find(Author, {}, { populate: ['books'] });
      const statements = rec.stop().length;
      expect([authors.map((a) => a.books.length), statements]).to.deep.equal([[2, 1, 0], 3]);
    } finally {
      await small.close();
    }
  });

  it('refuses an unknown path or a path through a column with a QueryError, before any SQL', async () => {
    const em = db().em.fork();
    const rec = recordQueries(db());
    // @ts-expect-error a wrong relation name
    const unknown = await expectRejection(em.find(Author, {}, { populate: ['bokos'] }), QueryError);
    // @ts-expect-error a column is not a relation
    const column = await expectRejection(em.find(Author, {}, { populate: ['name'] }), QueryError);
    expect([unknown.property, column.property, rec.stop().length]).to.deep.equal(['bokos', 'name', 0]);
  });
});

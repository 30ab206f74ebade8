/**
 * findByCursor both ways (`first`/`after`, `last`/`before`) and ordered through to-one relations:
 * a walk forward and the walk back give the same pages reversed, ties go by key, each end has an
 * empty page, and hasPreviousPage / hasNextPage tell the truth on every page.
 */
import { expect } from 'chai';
import type { Tabula } from '../../lib';
import { QueryError } from '../../lib/query';
import type { CursorPage } from '../../lib';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';
import { Author, Book, closeFind, emptyFind, openFind, seedFind } from '../query/support/find-entities';

type Walked = [string[], boolean, boolean];

describeEachDialect('findByCursor both ways', (ctx) => {
  let orm: Tabula | undefined;
  before(async () => {
    orm = await openFind(ctx.url);
  });
  beforeEach(async () => {
    await seedFind(db());
    const em = db().em.fork();
    const [dee, eve] = [new Author('Dee', 1980), new Author('Eve', 1970)];
    em.persist(dee, eve, new Author('Fay', 1990), new Author('Gus', 1980));
    em.persist(new Book('D1', 10, dee), new Book('E1', 20, eve), new Book('E2', 30, eve));
    await em.flush();
  });
  afterEach(async () => emptyFind(db()));
  after(async () => closeFind(orm));
  const db = () => orm as Tabula;
  const walked = (page: CursorPage<{ name?: string; title?: string }>): Walked => [
    page.items.map((x) => (x.name ?? x.title) as string),
    page.hasPreviousPage,
    page.hasNextPage,
  ];

  it('walking forward then backward gives the same pages reversed; ties go by key; empty pages at both ends', async () => {
    const order = { born: 'desc' } as const;
    const forward: Walked[] = [];
    let page = await db().em.fork().findByCursor(Author, {}, { orderBy: order, first: 3 });
    forward.push(walked(page));
    while (page.hasNextPage) {
      page = await db().em.fork().findByCursor(Author, {}, { orderBy: order, first: 3, after: page.endCursor });
      forward.push(walked(page));
    }
    expect(forward).to.deep.equal([
      [['Cid', 'Fay', 'Bob'], false, true],
      [['Dee', 'Gus', 'Ann'], true, true],
      [['Eve'], true, false],
    ]);
    const pastTheEnd = await db()
      .em.fork()
      .findByCursor(Author, {}, { orderBy: order, first: 3, after: page.endCursor });
    expect([walked(pastTheEnd), pastTheEnd.startCursor, pastTheEnd.endCursor]).to.deep.equal([
      [[], true, false],
      null,
      null,
    ]);
    const backward: Walked[] = [];
    let back = page;
    while (back.hasPreviousPage) {
      back = await db().em.fork().findByCursor(Author, {}, { orderBy: order, last: 3, before: back.startCursor });
      backward.push(walked(back));
    }
    expect(backward).to.deep.equal(forward.slice(0, -1).reverse());
    const beforeTheStart = await db()
      .em.fork()
      .findByCursor(Author, {}, { orderBy: order, last: 3, before: back.startCursor });
    expect(walked(beforeTheStart)).to.deep.equal([[], false, true]);
  });

  it('last without before is the final page; a cursor works as after and as before', async () => {
    const em = db().em.fork();
    const final = await em.findByCursor(Author, {}, { orderBy: { born: 'asc' }, last: 2 });
    // born asc, then key: Ann Eve | Bob Dee Gus | Cid Fay.
    expect(walked(final)).to.deep.equal([['Cid', 'Fay'], true, false]);
    const middle = await em.findByCursor(Author, {}, { orderBy: { born: 'asc' }, last: 3, before: final.startCursor });
    expect(walked(middle)).to.deep.equal([['Bob', 'Dee', 'Gus'], true, true]);
    const again = await em.findByCursor(Author, {}, { orderBy: { born: 'asc' }, first: 2, after: middle.endCursor });
    expect(walked(again)).to.deep.equal(walked(final));
    const whole = await em.findByCursor(Author, {}, { orderBy: { born: 'asc' }, last: 10 });
    expect(walked(whole)).to.deep.equal([['Ann', 'Eve', 'Bob', 'Dee', 'Gus', 'Cid', 'Fay'], false, false]);
  });

  it('orders by a to-one relation column with a cursor, both ways, the key breaking ties', async () => {
    const order = { author: { name: 'desc' } } as const;
    const forward: Walked[] = [];
    let page = await db().em.fork().findByCursor(Book, {}, { orderBy: order, first: 2 });
    forward.push(walked(page));
    while (page.hasNextPage) {
      page = await db().em.fork().findByCursor(Book, {}, { orderBy: order, first: 2, after: page.endCursor });
      forward.push(walked(page));
    }
    expect(forward).to.deep.equal([
      [['E1', 'E2'], false, true],
      [['D1', 'B1'], true, true],
      [['A1', 'A2'], true, false],
    ]);
    const backward: Walked[] = [];
    let back = page;
    while (back.hasPreviousPage) {
      back = await db().em.fork().findByCursor(Book, {}, { orderBy: order, last: 2, before: back.startCursor });
      backward.push(walked(back));
    }
    expect(backward).to.deep.equal(forward.slice(0, -1).reverse());
    const nested = await db()
      .em.fork()
      .findByCursor(Book, {}, { orderBy: { author: { born: 'asc', name: 'asc' }, pages: 'desc' }, first: 4 });
    const next = await db()
      .em.fork()
      .findByCursor(
        Book,
        {},
        { orderBy: { author: { born: 'asc', name: 'asc' }, pages: 'desc' }, first: 4, after: nested.endCursor },
      );
    expect([walked(nested), walked(next)]).to.deep.equal([
      [['A2', 'A1', 'E2', 'E1'], false, true],
      [['B1', 'D1'], true, false],
    ]);
  });

  it('refuses both page sizes, or a cursor of the other direction', async () => {
    const em = db().em.fork();
    const page = await em.findByCursor(Author, {}, { first: 2 });
    const both = await expectRejection(em.findByCursor(Author, {}, { first: 2, last: 2 }), QueryError);
    expect(both.message).to.match(/exactly one of first .* and last/);
    await expectRejection(em.findByCursor(Author, {}, { first: 2, before: page.startCursor }), QueryError);
    await expectRejection(em.findByCursor(Author, {}, { last: 2, after: page.endCursor }), QueryError);
    await expectRejection(em.findByCursor(Author, {}, {}), QueryError);
    await expectRejection(em.findByCursor(Author, {}, { last: 0 }), QueryError);
  });
});

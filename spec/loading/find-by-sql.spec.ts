import { expect } from 'chai';
import { QueryError } from '../../lib/query';
import { sql } from '../../lib/sql';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';
import { Author, Book, recordQueries, useSeededFind } from '../query/support/find-entities';

describeEachDialect('EntityManager.findBySql', (ctx) => {
  const suite = useSeededFind(ctx);
  const { db } = suite;

  it('runs the fragment with bound parameters, in one statement, and returns managed entities', async () => {
    const em = db().em.fork();
    const rec = recordQueries(db());
    const authors = await em.findBySql(
      Author,
      sql`select * from t_find_authors where born >= ${1980} order by born desc`,
    );
    const statements = rec.stop();
    expect([
      authors.map((a) => [a.name, a.born, a.id]),
      authors.every((a) => a instanceof Author && em.contains(a)),
      statements.length,
      statements[0]?.includes('1980'),
    ]).to.deep.equal([
      [
        ['Cid', 1990, suite.ids.cid],
        ['Bob', 1980, suite.ids.bob],
      ],
      true,
      1,
      false,
    ]);
  });

  it('answers with the managed instance, which keeps its unflushed changes', async () => {
    const em = db().em.fork();
    const ann = await em.findOneOrFail(Author, suite.ids.ann);
    ann.name = 'Changed';
    const [found] = await em.findBySql(Author, sql`select * from t_find_authors where id = ${suite.ids.ann}`);
    expect([found === ann, found?.name]).to.deep.equal([true, 'Changed']);
  });

  it('tracks what it loads: a change is flushed as an UPDATE', async () => {
    const em = db().em.fork();
    const [bob] = await em.findBySql(Author, sql`select * from t_find_authors where name = ${'Bob'}`);
    (bob as Author).born = 1981;
    await em.flush();
    const reread = await db().em.fork().findOneOrFail(Author, suite.ids.bob);
    expect([reread.name, reread.born]).to.deep.equal(['Bob', 1981]);
  });

  it('resolves to-one columns to the managed instances of their targets', async () => {
    const em = db().em.fork();
    const ann = await em.findOneOrFail(Author, suite.ids.ann);
    const books = await em.findBySql(Book, sql`select * from t_find_books where pages < ${180} order by title`);
    expect(books.map((b) => [b.title, b.author === ann, b.author.id])).to.deep.equal([
      ['A1', true, suite.ids.ann],
      ['B1', false, suite.ids.bob],
    ]);
  });

  it('refuses rows without the key column with a QueryError naming it', async () => {
    const em = db().em.fork();
    const error = await expectRejection(em.findBySql(Author, sql`select name, born from t_find_authors`), QueryError);
    expect([error.property, error.message.includes('no key column id')]).to.deep.equal(['id', true]);
  });

  it('returns no entities when the query matches no row', async () => {
    const em = db().em.fork();
    expect(await em.findBySql(Author, sql`select * from t_find_authors where born > ${2000}`)).to.deep.equal([]);
  });
});

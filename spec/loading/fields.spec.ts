import { expect } from 'chai';
import { QueryError, op } from '../../lib/query';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';
import { Author, Book, recordQueries, useSeededFind } from '../query/support/find-entities';

/** SQL without identifier quotes, so one expectation fits every dialect. */
const unquoted = (statement: string) => statement.replace(/[`"]/g, '');

describeEachDialect('EntityManager partial loading with fields', (ctx) => {
  const suite = useSeededFind(ctx);
  const { db } = suite;
  const stored = async (id: number) => {
    const a = await db().em.fork().findOneOrFail(Author, id);
    return [a.name, a.born];
  };

  it('selects only the key and the named fields, leaving the others undefined', async () => {
    const em = db().em.fork();
    const rec = recordQueries(db());
    const authors = await em.find(Author, { born: op({ $lte: 1980 }) }, { fields: ['name'] });
    const statements = rec.stop().map(unquoted);
    // Placeholders differ ($1 on PostgreSQL, ? elsewhere); the select list is what matters.
    const select = statements.map((s) => s.replace('$1', '?'));
    expect([select, authors.map((a) => [a.id, a.name, a.born])]).to.deep.equal([
      ['SELECT t0.id, t0.name FROM t_find_authors AS t0 WHERE t0.born <= ? ORDER BY t0.id ASC'],
      [
        [suite.ids.ann, 'Ann', undefined],
        [suite.ids.bob, 'Bob', undefined],
      ],
    ]);
  });

  it('updates only a changed loaded field', async () => {
    const em = db().em.fork();
    const ann = await em.findOneOrFail(Author, { name: 'Ann' }, { fields: ['name'] });
    ann.name = 'Ann B.';
    const rec = recordQueries(db());
    await em.flush();
    const updates = rec
      .stop()
      .filter((s) => s.startsWith('UPDATE'))
      .map(unquoted);
    expect([
      updates.length,
      updates[0]?.includes('name'),
      updates[0]?.includes('born'),
      await stored(suite.ids.ann),
    ]).to.deep.equal([1, true, false, ['Ann B.', 1970]]);
  });

  it('never writes an unloaded field: the database keeps its value after a flush', async () => {
    const em = db().em.fork();
    const [ann, bob] = await em.find(Author, { born: op({ $lte: 1980 }) }, { fields: ['name'] });
    (ann as Author).born = 2001;
    (ann as Author).name = 'Ann B.';
    (bob as Author).born = 2002;
    const steps = em.plan().steps.length;
    await em.flush();
    expect([steps, await stored(suite.ids.ann), await stored(suite.ids.bob)]).to.deep.equal([
      1,
      ['Ann B.', 1970],
      ['Bob', 1980],
    ]);
  });

  it('leaves an unloaded to-one relation unset and its foreign key untouched', async () => {
    const em = db().em.fork();
    const a1 = await em.findOneOrFail(Book, { title: 'A1' }, { fields: ['title'] });
    const author = a1.author;
    a1.author = em.getReference(Author, suite.ids.bob);
    a1.title = 'A1 bis';
    await em.flush();
    const reread = await db().em.fork().findOneOrFail(Book, suite.ids.a1);
    expect([author, reread.title, reread.author.id, reread.pages]).to.deep.equal([
      undefined,
      'A1 bis',
      suite.ids.ann,
      100,
    ]);
  });

  it('loads the whole row on em.refresh, after which every column is flushed again', async () => {
    const em = db().em.fork();
    const cid = await em.findOneOrFail(Author, suite.ids.cid, { fields: ['name'] });
    await em.refresh(cid);
    const born = cid.born;
    cid.born = 1991;
    await em.flush();
    expect([born, await stored(suite.ids.cid)]).to.deep.equal([1990, ['Cid', 1991]]);
  });

  it('keeps a managed instance found before (it wins over the partial row)', async () => {
    const em = db().em.fork();
    const ann = await em.findOneOrFail(Author, suite.ids.ann);
    const [again] = await em.find(Author, { name: 'Ann' }, { fields: ['name'] });
    expect([again === ann, ann.born]).to.deep.equal([true, 1970]);
  });

  it('reads plain partial instances with readOnly', async () => {
    const em = db().em.fork();
    const [bob] = await em.find(Author, { name: 'Bob' }, { fields: ['born'], readOnly: true });
    expect([bob?.id, bob?.name, bob?.born, em.contains(bob as Author)]).to.deep.equal([
      suite.ids.bob,
      undefined,
      1980,
      false,
    ]);
  });

  it('refuses a field with no column of its own, or no such property, with a QueryError', async () => {
    const em = db().em.fork();
    const toMany = await expectRejection(em.find(Author, {}, { fields: ['books'] }), QueryError);
    const unknown = await expectRejection(em.find(Author, {}, { fields: ['nope' as 'name'] }), QueryError);
    expect([toMany.property, unknown.property]).to.deep.equal(['books', 'nope']);
  });
});

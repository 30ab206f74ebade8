/**
 * A filter built from input can be as deep or as wide as the input: past the documented limits it
 * is a QueryError before any SQL, not a RangeError from an exhausted stack (issue 16, defect 5).
 */
import { expect } from 'chai';
import { type Filter, MAX_FILTER_DEPTH, MAX_FILTER_LIST, QueryError } from '../../lib/query';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';
import { Author, recordQueries, useSeededFind } from '../query/support/find-entities';

/** `{ $and: [{ $and: [ … { name: 'Bob' } … ] }] }`, `levels` deep (each $and is one level, the innermost filter one more). */
function nested(key: '$and' | '$or' | '$not', levels: number): Filter<Author> {
  let filter: Record<string, unknown> = { name: 'Bob' };
  for (let i = 1; i < levels; i++) filter = key === '$not' ? { $not: { $not: filter } } : { [key]: [filter] };
  return filter as Filter<Author>;
}

describeEachDialect('filter depth and width limits', (ctx) => {
  const { db } = useSeededFind(ctx);

  it(`answers a filter nested exactly ${MAX_FILTER_DEPTH} levels deep`, async () => {
    const em = db().em.fork();
    expect((await em.find(Author, nested('$and', MAX_FILTER_DEPTH))).map((a) => a.name)).to.deep.equal(['Bob']);
  });

  it('refuses deeper filters, and 2,000-deep $and, 3,000-deep $or, with a QueryError before any SQL', async () => {
    const em = db().em.fork();
    const rec = recordQueries(db());
    for (const filter of [nested('$and', MAX_FILTER_DEPTH + 1), nested('$and', 2_000), nested('$or', 3_000)]) {
      const error = await expectRejection(em.find(Author, filter), QueryError);
      expect(error.message).to.contain(`nests deeper than ${MAX_FILTER_DEPTH} levels`);
    }
    const notNot = await expectRejection(em.count(Author, nested('$not', 5_000)), QueryError);
    expect(notNot.message).to.contain('nests deeper');
    expect(rec.stop()).to.deep.equal([]);
  });

  it(`refuses an $or of more than ${MAX_FILTER_LIST} filters (131,073 branches threw a RangeError)`, async () => {
    const em = db().em.fork();
    const wide = { $or: Array.from({ length: 131_073 }, (_, i) => ({ name: `n${i}` })) } as Filter<Author>;
    const error = await expectRejection(em.find(Author, wide), QueryError);
    expect(error.message).to.contain(`holds 131073 filters, more than ${MAX_FILTER_LIST}`);
    // SQLite keeps an OR of n terms as an expression n deep and refuses past 1,000 (a StatementError).
    const atLimit = { $or: Array.from({ length: 900 }, (_, i) => ({ name: i === 899 ? 'Bob' : `n${i}` })) };
    expect((await em.find(Author, atLimit as Filter<Author>)).map((a) => a.name)).to.deep.equal(['Bob']);
  });
});

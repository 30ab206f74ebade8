/** A relation to an entity with a composite key: two FK columns, an array key for the resolver. */
import { expect } from 'chai';
import sinon from 'sinon';
import { postgresTypes } from '../../lib/dialects/postgres/types';
import { sqliteTypes } from '../../lib/dialects/sqlite/types';
import { defineEntity, MetadataRegistry, NO_CHANGES, p } from '../../lib/mapping';

class Edition {
  isbn!: string;
  year!: number;
}
class Review {
  id!: number;
  edition: Edition | null = null;
}

const registry = new MetadataRegistry([
  defineEntity(Edition, {
    properties: { isbn: p.string({ length: 13 }).primaryKey(), year: p.integer().primaryKey() },
  }),
  defineEntity(Review, {
    properties: { id: p.integer().primaryKey(), edition: p.manyToOne(() => Edition).nullable() },
  }),
]);

describe('generated hot paths with a composite foreign key', () => {
  it('names one FK column per key column of the target', () => {
    const [edition] = registry.get(Review).relations;
    expect(edition?.joinColumns.map((c) => [c.name, c.type.kind])).to.deep.equal([
      ['edition_isbn', 'string'],
      ['edition_year', 'integer'],
    ]);
  });

  it('hydrates a stub with both key properties, or asks the resolver with an array key', () => {
    const { hydrate } = registry.hotPaths(Review, postgresTypes);
    const row = { id: 1, edition_isbn: '9780441013593', edition_year: 2005 };
    const stub = hydrate(row) as Review;
    expect(stub.edition).to.be.instanceOf(Edition);
    expect(stub.edition).to.deep.equal(
      Object.assign(Object.create(Edition.prototype), { isbn: '9780441013593', year: 2005 }),
    );
    const reference = sinon.stub().returns('resolved');
    expect((hydrate(row, { reference }) as Review).edition).to.equal('resolved');
    expect(reference.firstCall.args).to.deep.equal([registry.get(Edition), ['9780441013593', 2005]]);
    expect((hydrate({ id: 2, edition_isbn: null, edition_year: null }) as Review).edition).to.equal(null);
  });

  it('snapshots and compares the FK as its key columns', () => {
    const paths = registry.hotPaths(Review, sqliteTypes);
    const review = paths.hydrate({ id: 1, edition_isbn: '9780441013593', edition_year: 2005 }) as Review;
    const snapshot = paths.snapshot(review);
    expect(snapshot).to.deep.equal({ id: 1, edition_isbn: '9780441013593', edition_year: 2005 });
    review.edition = Object.assign(new Edition(), { isbn: '9780441013593', year: 2005 });
    expect(paths.compare(review, snapshot)).to.equal(NO_CHANGES);
    review.edition = Object.assign(new Edition(), { isbn: '9780441013593', year: 2019 });
    expect(paths.compare(review, snapshot)).to.deep.equal([
      { column: 'edition_year', property: 'edition', old: 2005, new: 2019 },
    ]);
  });
});

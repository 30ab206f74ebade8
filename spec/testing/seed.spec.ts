import { expect } from 'chai';
import { type EntityManager, type Tabula, UniqueConstraintError } from 'tabula-orm';
import { type SeedOptions, seed, withRollback } from 'tabula-orm/testing';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';
import { Article, articles, committedCounts, labels, openKit, Writer, writers } from './support/kit-fixture';

/** A small shop: writers, articles by a random one of them, labels picked at random. */
function shop(target: Tabula | EntityManager, options: SeedOptions = {}) {
  return seed(
    target,
    async ({ create, createMany, random }) => {
      const staff = await createMany(writers, 3);
      const tags = await createMany(labels, 4);
      for (let i = 0; i < 5; i++) {
        await create(articles, { writer: random.pick(staff), labels: random.shuffle(tags).slice(0, 2) });
      }
      return staff.length;
    },
    options,
  );
}

/** Every article as plain data, by title. */
async function rows(em: EntityManager) {
  const found = await em.find(Article, {}, { orderBy: { title: 'asc' }, populate: ['writer', 'labels'] });
  return found.map((a) => [a.title, a.words, a.writer.name, a.labels.map((l) => l.name).sort()]);
}

describeEachDialect('seed', (ctx) => {
  let orm: Tabula;
  before(async () => {
    ({ orm } = await openKit(ctx.url));
  });
  after(async () => {
    await orm.schema.drop();
    await orm.close();
  });

  it('writes the same rows from the same seed, whatever the factories built before', async () => {
    writers.buildMany(5);
    const first = await withRollback(orm, async ({ em }) => {
      await shop(em, { seed: 42 });
      return rows(em);
    });
    articles.buildMany(3);
    const again = await withRollback(orm, async ({ em }) => {
      await shop(em, { seed: 42 });
      return rows(em);
    });
    const other = await withRollback(orm, async ({ em }) => {
      await shop(em, { seed: 43 });
      return rows(em);
    });
    expect(again).to.deep.equal(first);
    expect(first.map((r) => r[0])).to.deep.equal(['Article 1', 'Article 2', 'Article 3', 'Article 4', 'Article 5']);
    expect(other).to.not.deep.equal(first);
  });

  it('commits what a seed on a Tabula wrote, and returns what the function returns', async () => {
    try {
      expect(await shop(orm)).to.equal(3);
      expect(await committedCounts(orm)).to.deep.equal([3, 5, 4]);
    } finally {
      await orm.schema.drop();
      await orm.schema.create();
    }
  });

  it('writes nothing when the seed function fails', async () => {
    await expectRejection(
      seed(orm, async ({ createMany }) => {
        await createMany(writers, 2, { name: 'Twin' });
      }),
      UniqueConstraintError,
    );
    expect(await committedCounts(orm)).to.deep.equal([0, 0, 0]);
    expect(await orm.em.fork().count(Writer)).to.equal(0);
  });
});

import { expect } from 'chai';
import { Tabula, op } from '../../lib';
import { defineEntity, p } from '../../lib/mapping';
import { describeEachDialect } from '../support/matrix';

class Pet {
  id?: number;
  constructor(
    public name: string,
    public nickname: string | null,
    public weight: number | null,
  ) {}
}

const PetMapper = defineEntity(Pet, {
  table: 't_ne_null_pets',
  properties: {
    id: p.integer().primaryKey().generated(),
    name: p.string({ length: 20 }),
    nickname: p.string({ length: 20 }).nullable(),
    weight: p.integer().nullable(),
  },
});

const q = (text: string, dialect: string) => (dialect === 'mysql' ? text.replaceAll('"', '`') : text);

describeEachDialect('find with $ne: null / $eq: null / null', (ctx) => {
  let orm: Tabula | undefined;
  const db = () => orm as Tabula;

  before(async () => {
    orm = await Tabula.connect({ url: ctx.url, mappers: [PetMapper] });
    await orm.schema.drop();
    await orm.schema.create();
    const em = orm.em.fork();
    em.persist(
      new Pet('Ada', 'Addy', 4),
      new Pet('Bo', null, 7),
      new Pet('Cy', 'Cee', null),
      new Pet('Di', null, null),
    );
    await em.flush();
  });
  after(async () => {
    if (!orm) return;
    await orm.schema.drop();
    await orm.close();
  });

  /** The names found for `filter` (ordered by name) and the WHERE clause of the SELECT that found them. */
  async function names(filter: Record<string, unknown>): Promise<[string[], string]> {
    const seen: string[] = [];
    const off = db().db.onQuery((e) => {
      seen.push(e.sql);
    });
    const pets = await db()
      .em.fork()
      .find(Pet, filter as never, { orderBy: { name: 'asc' } });
    off();
    const where = / WHERE (.*) ORDER BY /.exec(seen.at(-1) ?? '')?.[1] ?? '';
    return [pets.map((pet) => pet.name), where];
  }

  it('finds exactly the rows whose column is set with $ne: null (IS NOT NULL)', async () => {
    expect(await names({ nickname: op({ $ne: null }) })).to.deep.equal([
      ['Ada', 'Cy'],
      q('"t0"."nickname" IS NOT NULL', ctx.dialect),
    ]);
    expect(await names({ weight: op({ $ne: null }) })).to.deep.equal([
      ['Ada', 'Bo'],
      q('"t0"."weight" IS NOT NULL', ctx.dialect),
    ]);
  });

  it('finds the complement with $eq: null and with a bare null (IS NULL)', async () => {
    const isNull = q('"t0"."nickname" IS NULL', ctx.dialect);
    expect(await names({ nickname: op({ $eq: null }) })).to.deep.equal([['Bo', 'Di'], isNull]);
    expect(await names({ nickname: null })).to.deep.equal([['Bo', 'Di'], isNull]);
  });

  it('combines $ne: null on one column with null on another', async () => {
    expect((await names({ nickname: op({ $ne: null }), weight: null }))[0]).to.deep.equal(['Cy']);
    expect((await names({ nickname: null, weight: op({ $ne: null }) }))[0]).to.deep.equal(['Bo']);
  });
});

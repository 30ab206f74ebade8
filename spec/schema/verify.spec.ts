/**
 * The drift check: `orm.schema.verify()` and `verifySchema` at connect throw a SchemaDriftError
 * listing each difference in words; a query that fails on a missing column or table says the
 * mappers may be ahead of the database (the error class unchanged).
 */
import { expect } from 'chai';
import { SchemaDriftError, StatementError, Tabula } from '../../lib';
import { defineEntity, p } from '../../lib/mapping';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';

class Author {
  id?: number;
  name = '';
}
class AuthorWithBio {
  id?: number;
  name = '';
  bio: string | null = null;
}
class Missing {
  id?: number;
}
const authors = defineEntity(Author, {
  table: 't_vf_authors',
  properties: { id: p.integer().primaryKey().generated(), name: p.string({ length: 40 }) },
});
const withBio = defineEntity(AuthorWithBio, {
  table: 't_vf_authors',
  properties: { id: p.integer().primaryKey().generated(), name: p.string({ length: 40 }), bio: p.text().nullable() },
});
const missing = defineEntity(Missing, {
  table: 't_vf_missing',
  properties: { id: p.integer().primaryKey().generated() },
});

describeEachDialect('schema drift check', (ctx) => {
  let orm: Tabula;

  before(async () => {
    orm = await Tabula.connect({ url: ctx.url, mappers: [authors] });
    await orm.schema.drop();
    await orm.schema.create();
  });
  after(async () => {
    await orm?.schema.drop();
    await orm?.close();
  });

  it('verify() resolves when the database matches the mappers', async () => {
    await orm.schema.verify();
  });

  it('verify() and verifySchema at connect list each difference in words', async () => {
    const ahead = await Tabula.connect({ url: ctx.url, mappers: [withBio, missing] });
    try {
      const error = await expectRejection(ahead.schema.verify(), SchemaDriftError);
      expect(error.code).to.equal('SCHEMA_DRIFT');
      expect(error.differences).to.deep.equal([
        't_vf_missing: a table in the mappers, not in the database — generate a migration',
        't_vf_authors.bio: in the mappers, not in the database — generate a migration',
      ]);
    } finally {
      await ahead.close();
    }
    const refused = await expectRejection(
      Tabula.connect({ url: ctx.url, mappers: [withBio], verifySchema: true }),
      SchemaDriftError,
    );
    expect(refused.message).to.contain('t_vf_authors.bio: in the mappers, not in the database — generate a migration');
    await (await Tabula.connect({ url: ctx.url, mappers: [authors], verifySchema: true })).close();
  });

  it('a query on a missing column or table says the mappers may be ahead of the database', async () => {
    const ahead = await Tabula.connect({ url: ctx.url, mappers: [withBio, missing] });
    try {
      const column = await expectRejection(ahead.em.fork().find(AuthorWithBio, {}), StatementError);
      expect(column.message).to.match(/bio/).and.to.contain('The mappers may be ahead of the database');
      const table = await expectRejection(ahead.em.fork().find(Missing, {}), StatementError);
      expect(table.message)
        .to.match(/t_vf_missing/)
        .and.to.contain('The mappers may be ahead of the database');
    } finally {
      await ahead.close();
    }
  });
});

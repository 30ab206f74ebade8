/**
 * Evolving a schema with rows in it, on every dialect: what keeps data applies by default and keeps
 * it (add/drop nullable, widen, new default, index, unique, foreign key, renames); what loses data
 * is held back until allowed; `down` restores the previous schema exactly; a look-alike rename is a
 * suggestion, never a guess.
 */
import { expect } from 'chai';
import type { Tabula } from '../../lib';
import { SchemaDriftError } from '../../lib';
import { defineEntity, p } from '../../lib/mapping';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';
import { applyDown, differences, exec, open, rows } from './support/evolve';

class Author {
  id?: number;
  name = '';
}
class Book {
  id?: number;
  title = '';
}
class AuthorV2 {
  id?: number;
  name = '';
  bio: string | null = null;
  country = '';
}
class BookV2 {
  id?: number;
  title = '';
  author: AuthorV2 | null = null;
}

const v1 = [
  defineEntity(Author, {
    table: 't_ev_authors',
    properties: { id: p.integer().primaryKey().generated(), name: p.string({ length: 40 }).default('anon') },
  }),
  defineEntity(Book, {
    table: 't_ev_books',
    properties: { id: p.integer().primaryKey().generated(), title: p.string({ length: 50 }) },
  }),
];
// Every change that keeps data: a new nullable column, a NOT NULL one with a default, a longer
// varchar, another default, an index, a unique, a foreign key.
const v2 = [
  defineEntity(AuthorV2, {
    table: 't_ev_authors',
    properties: {
      id: p.integer().primaryKey().generated(),
      name: p.string({ length: 80 }).default('nobody').unique(),
      bio: p.text().nullable(),
      country: p.string({ length: 2 }).default('NZ').index(),
    },
  }),
  defineEntity(BookV2, {
    table: 't_ev_books',
    properties: {
      id: p.integer().primaryKey().generated(),
      title: p.string({ length: 50 }),
      author: p.manyToOne(() => AuthorV2).nullable(),
    },
  }),
];

describeEachDialect('schema diff: changes that keep data, and down', (ctx) => {
  let old: Tabula;
  let next: Tabula;

  before(async () => {
    old = await open(ctx.url, v1);
    next = await open(ctx.url, v2);
  });
  beforeEach(async () => {
    await next.schema.drop();
    await old.schema.create();
    await exec(old, "INSERT INTO t_ev_authors (name) VALUES ('Ann')", "INSERT INTO t_ev_books (title) VALUES ('One')");
  });
  after(async () => {
    await next?.schema.drop();
    await old?.close();
    await next?.close();
  });

  it('applies them by default, keeps every row, and then diffs to nothing', async () => {
    const diff = await next.schema.update();
    expect(diff.heldBack).to.deep.equal([]);
    expect(diff.changes.map((c) => c.kind)).to.include.members([
      'add-column',
      'alter-column',
      'add-unique',
      'add-index',
      'add-foreign-key',
    ]);
    expect(await rows(next, 'SELECT id, name, bio, country FROM t_ev_authors')).to.deep.equal([
      { id: 1, name: 'Ann', bio: null, country: 'NZ' },
    ]);
    expect(await rows(next, 'SELECT title FROM t_ev_books')).to.deep.equal([{ title: 'One' }]);
    expect((await next.schema.diff({ allowDestructive: true })).up).to.deep.equal([]);
    await next.schema.verify();
  });

  it('down restores the previous schema exactly (introspection equal), rows kept', async () => {
    const before = await old.schema.introspect();
    const diff = await next.schema.update();
    await applyDown(next, diff);
    expect(differences(old, before, await old.schema.introspect())).to.deep.equal([]);
    expect(await rows(old, 'SELECT name FROM t_ev_authors')).to.deep.equal([{ name: 'Ann' }]);
  });

  it('verify lists each difference in words', async () => {
    const error = await expectRejection(next.schema.verify(), SchemaDriftError);
    expect(error.differences).to.include(
      't_ev_authors.bio: in the mappers, not in the database — generate a migration',
    );
    expect(error.message).to.match(
      /t_ev_books: foreign key \(author_id\) → t_ev_authors in the mappers, not in the database/,
    );
  });
});

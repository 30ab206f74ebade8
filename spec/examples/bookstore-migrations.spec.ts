import { expect } from 'chai';
import { join, resolve } from 'node:path';
import { bookstoreMappers } from '../../docs/examples/bookstore/mappers';
import { connect } from '../../lib/dialects/connect';
import type { Database } from '../../lib/dialects/database';
import { MetadataRegistry } from '../../lib/mapping';
import { Migrator, SchemaManager } from '../../lib/schema';
import { describeEachDialect } from '../support/matrix';

const FOLDER = resolve(__dirname, '..', '..', 'docs', 'examples', 'bookstore', 'migrations');

describeEachDialect('the bookstore migrations', (ctx) => {
  let db: Database;
  const registry = new MetadataRegistry(bookstoreMappers);
  const drop = async () => {
    await new SchemaManager(db, registry).drop();
    for (const s of db.dialect.ddl.dropTables(['tabula_migrations'])) await db.pool.run({ sql: s, params: [] });
  };

  before(async () => {
    db = await connect(ctx.url);
    await drop();
  });
  after(async () => {
    await drop();
    await db.close();
  });

  it('bring an empty database to the mappers (the schema verifies), and the second reverts to the first', async () => {
    const migrator = new Migrator(db, registry, { folder: join(FOLDER, ctx.dialect) });
    expect(await migrator.up()).to.deep.equal(['20261201090000_create_bookstore', '20261207090000_add_author_bio']);
    await new SchemaManager(db, registry).verify();
    expect((await migrator.check()).ok).to.equal(true);
    await migrator.down();
    const diff = await new SchemaManager(db, registry).diff();
    expect(diff.changes.map((c) => c.description)).to.deep.equal([
      'bookstore_authors.bio: in the mappers, not in the database',
    ]);
  });
});

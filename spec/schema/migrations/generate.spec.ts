import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { connect } from '../../../lib/dialects/connect';
import type { Database } from '../../../lib/dialects/database';
import { MigrationError } from '../../../lib/errors';
import { defineEntity, MetadataRegistry, p } from '../../../lib/mapping';
import { introspectSchema, Migrator, SchemaManager } from '../../../lib/schema';
import { sql } from '../../../lib/sql';
import { expectRejection } from '../../support/expect-rejection';
import { describeEachDialect } from '../../support/matrix';
import { MigrationFolder } from './support/migration-files';

class Writer {
  id?: number;
  name = '';
  bio?: string | null;
}

const V1 = defineEntity(Writer, {
  table: 't_gen_writers',
  properties: { id: p.integer().primaryKey().generated(), name: p.string({ length: 80 }), bio: p.transient() },
});
const V2 = defineEntity(Writer, {
  table: 't_gen_writers',
  properties: { id: p.integer().primaryKey().generated(), name: p.string({ length: 80 }), bio: p.text().nullable() },
});

describeEachDialect('Migrator.generate', (ctx) => {
  let db: Database;
  let folder: MigrationFolder;
  const migrator = (mapper: typeof V1 | typeof V2) =>
    new Migrator(db, new MetadataRegistry([mapper]), { folder: folder.path });
  const schema = async () => introspectSchema(db, { tables: ['t_gen_writers'] });

  before(async () => {
    db = await connect(ctx.url);
  });
  beforeEach(async () => {
    folder = new MigrationFolder();
    for (const s of db.dialect.ddl.dropTables(['t_gen_writers', 'tabula_migrations']))
      await db.pool.run({ sql: s, params: [] });
  });
  afterEach(() => folder.remove());
  after(async () => {
    for (const s of db.dialect.ddl.dropTables(['t_gen_writers', 'tabula_migrations']))
      await db.pool.run({ sql: s, params: [] });
    await db.close();
  });

  it('writes the diff as a readable migration; up brings the database to the mappers, down restores it exactly', async () => {
    const first = await migrator(V1).generate('create writers', { now: new Date('2026-01-02T03:04:05Z') });
    expect(first?.name).to.equal('20260102030405_create_writers');
    expect(await migrator(V1).up()).to.deep.equal(['20260102030405_create_writers']);
    await db.execute(sql`INSERT INTO t_gen_writers (name) VALUES (${'Ann'})`);
    const before = await schema();

    const second = await migrator(V2).generate('add bio', { now: new Date('2026-01-03T00:00:00Z') });
    const text = readFileSync(second?.path as string, 'utf8');
    expect(text).to.contain("import type { Migration } from 'tabula-orm';");
    expect(text).to.match(/await m\.execute\(.ALTER TABLE .t_gen_writers. ADD .*bio/);
    expect(text).to.contain('t_gen_writers.bio');
    expect(await migrator(V2).up()).to.deep.equal(['20260103000000_add_bio']);
    await new SchemaManager(db, new MetadataRegistry([V2])).verify();
    expect(await migrator(V2).generate('nothing'), 'no empty migration').to.equal(undefined);
    expect(await migrator(V2).down()).to.deep.equal(['20260103000000_add_bio']);
    expect(await schema()).to.deep.equal(before);
    expect(await db.query(sql`SELECT name FROM t_gen_writers`)).to.deep.equal([{ name: 'Ann' }]);
  });

  it('refuses to generate while a migration is pending (the new one would repeat it)', async () => {
    await migrator(V1).generate('create writers');
    const error = await expectRejection(migrator(V2).generate('add bio'), MigrationError);
    expect(error.reason).to.equal('pending');
    expect(error.message).to.contain('create_writers (pending)');
  });
});

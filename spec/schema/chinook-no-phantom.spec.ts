/**
 * Each Chinook database as loaded by its own script diffs to nothing against mappers with the
 * script's exact column types (fixtures/chinook/exact-mappers.ts): no statement, nothing held
 * back, no suggestion — on SQLite, PostgreSQL and MariaDB.
 */
import { expect } from 'chai';
import { chinookExactMappers } from '../../fixtures/chinook/exact-mappers';
import { connect, type Database } from '../../lib/dialects';
import { MetadataRegistry, pascalCaseNaming, snakeCaseNaming } from '../../lib/mapping';
import { desiredSchema, diffSchemas, introspectSchema } from '../../lib/schema';
import { sql } from '../../lib/sql';
import { type ChinookDatabase, loadChinook } from '../mapping/support/chinook-database';
import { describeEachDialect } from '../support/matrix';

const TABLES = [
  'Album',
  'Artist',
  'Customer',
  'Employee',
  'Genre',
  'Invoice',
  'InvoiceLine',
  'MediaType',
  'Playlist',
  'PlaylistTrack',
  'Track',
];

describeEachDialect('schema diff: Chinook as its script loaded it', (ctx) => {
  let raw: ChinookDatabase;
  let db: Database;

  before(async function () {
    this.timeout(120_000);
    raw = await loadChinook(ctx);
    if (ctx.dialect === 'sqlite') {
      const [main] = await raw.select('PRAGMA database_list');
      db = await connect({ url: `sqlite:${String(main?.file)}` });
    } else {
      db = await connect({ url: ctx.url, pool: { size: 1 } });
      if (ctx.dialect === 'postgres') await db.execute(sql`SET search_path TO t_mapping_chinook`);
    }
  });
  after(async () => {
    await db?.close();
    await raw?.close();
  });

  it('diffs to nothing against the exact-type mappers', async () => {
    const registry = new MetadataRegistry(chinookExactMappers(ctx.dialect), {
      naming: ctx.dialect === 'postgres' ? snakeCaseNaming : pascalCaseNaming,
    });
    const desired = desiredSchema(registry, db.dialect);
    const live = await introspectSchema(db, { tables: desired.tables.map((t) => t.name) });
    expect(live.tables.map((t) => t.name)).to.have.length(TABLES.length);
    const diff = diffSchemas(desired, live, db.dialect, { allowDestructive: true });
    expect({
      changes: diff.changes.map((c) => c.description),
      heldBack: diff.heldBack.map((c) => c.description),
      suggestions: diff.suggestions,
    }).to.deep.equal({ changes: [], heldBack: [], suggestions: [] });
  });
});

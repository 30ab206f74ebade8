/**
 * `db pull` on each Chinook database as its script loaded it: the generated entities and mappers
 * compile under `strict`, load every row of every table, and diff to nothing against the source.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect, type Database } from '../../lib/dialects';
import { type AnyEntityMapper, MetadataRegistry } from '../../lib/mapping';
import { desiredSchema, diffSchemas, generateCode, introspectSchema } from '../../lib/schema';
import { sql } from '../../lib/sql';
import { Tabula } from '../../lib/tabula';
import { type ChinookDatabase, loadChinook } from '../mapping/support/chinook-database';
import { describeEachDialect } from '../support/matrix';

const ROOT = resolve(__dirname, '..', '..');
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

describeEachDialect('db pull: Chinook', (ctx) => {
  let raw: ChinookDatabase;
  let db: Database;
  let dir: string;
  let url: string;

  before(async function () {
    this.timeout(120_000);
    raw = await loadChinook(ctx);
    if (ctx.dialect === 'sqlite') {
      const [main] = await raw.select('PRAGMA database_list');
      url = `sqlite:${String(main?.file)}`;
    } else url = ctx.url;
    db = await connect({ url, pool: { size: 1 } });
    if (ctx.dialect === 'postgres') await db.execute(sql`SET search_path TO t_mapping_chinook`);
    dir = mkdtempSync(join(tmpdir(), 'tabula-pull-'));
  });
  after(async () => {
    await db?.close();
    await raw?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const scalarForeignKeys of [false, true])
    it(`generates mappers that compile under strict, load every row, and diff to nothing${scalarForeignKeys ? ' (--scalar-foreign-keys)' : ''}`, async function () {
      this.timeout(180_000);
      const out = join(dir, scalarForeignKeys ? 'scalar' : 'plain');
      mkdirSync(out);
      const live = await introspectSchema(db);
      // PostgreSQL's script names them in snake case (invoice_line).
      const chinook = new Set(TABLES.map((t) => t.toLowerCase()));
      const model = {
        tables: live.tables.filter((t) => chinook.has(t.name.replace(/_/g, '').toLowerCase())),
      };
      expect(
        model.tables.map((t) => t.name),
        JSON.stringify(live.tables.map((t) => t.name)),
      ).to.have.length(11);
      const code = generateCode(model, (t) => db.dialect.schema.typeSql(t), { scalarForeignKeys });
      expect(code.mappers.includes('p.foreignKey(')).to.equal(scalarForeignKeys);
      writeFileSync(join(out, 'entities.ts'), code.entities);
      writeFileSync(join(out, 'mappers.ts'), code.mappers);
      writeFileSync(
        join(out, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            noEmit: true,
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            skipLibCheck: true,
            types: ['node'],
            typeRoots: [join(ROOT, 'node_modules', '@types')],
            paths: { 'tabula-orm': [join(ROOT, 'lib', 'index.ts')] },
          },
          files: ['mappers.ts'],
        }),
      );
      try {
        execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', out], {
          encoding: 'utf8',
        });
      } catch (e) {
        expect.fail(`the generated code does not compile:\n${(e as { stdout?: string }).stdout}\n${code.mappers}`);
      }

      // Loaded with tabula-orm resolved to lib/: the same mapping module as this spec's.
      const text = code.mappers.replace("from 'tabula-orm'", `from ${JSON.stringify(join(ROOT, 'lib', 'index'))}`);
      writeFileSync(join(out, 'mappers.ts'), text);
      const { mappers } = require(join(out, 'mappers.ts')) as { mappers: AnyEntityMapper[] };
      const registry = new MetadataRegistry(mappers);
      const diff = diffSchemas(desiredSchema(registry, db.dialect), model, db.dialect, { allowDestructive: true });
      expect({
        changes: diff.changes.map((c) => c.description),
        heldBack: diff.heldBack.map((c) => c.description),
        suggestions: diff.suggestions,
      }).to.deep.equal({ changes: [], heldBack: [], suggestions: [] });

      const orm = await Tabula.connect({ url, pool: { size: 1 }, mappers });
      try {
        if (ctx.dialect === 'postgres') await orm.db.execute(sql`SET search_path TO t_mapping_chinook`);
        for (const mapper of mappers) {
          const table = mapper.definition.table as string;
          const [count] = await orm.db.query<{ n: unknown }>(sql`SELECT COUNT(*) AS n FROM ${sql.id(table)}`);
          const rows = await orm.em.fork().find(mapper.entityClass as never, {});
          expect(rows.length, `${table}: every row`).to.equal(Number(count?.n));
          expect(rows.length).to.be.above(0);
          // A scalar foreign key holds the key its relation's reference holds.
          for (const fk of registry.get(mapper).foreignKeyProperties ?? []) {
            const key = (fk.foreignKeyOf.target.primaryKey[0] as { property: string }).property;
            for (const row of rows as Record<string, Record<string, unknown> | null>[]) {
              expect(row[fk.name], `${table}.${fk.name}`).to.equal(row[fk.foreignKeyOf.name]?.[key] ?? null);
            }
          }
        }
      } finally {
        await orm.close();
      }
    });
});

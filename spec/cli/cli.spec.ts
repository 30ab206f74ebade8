import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { connect } from '../../lib/dialects/connect';
import type { Database } from '../../lib/dialects/database';
import { sql } from '../../lib/sql';
import { describeEachDialect } from '../support/matrix';
import { runNode } from '../support/run-node';

const ROOT = resolve(__dirname, '..', '..');
const MAIN = join(ROOT, 'lib', 'cli', 'main.ts');
const LIB = join(ROOT, 'lib', 'index.ts');
const ESC = '\u001b[';
/** tsx by path: the projects live in temporary folders, where `--import tsx` would not resolve. */
const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/** A user's project: a mappers module and a tabula.config.ts, in a temporary folder. */
function project(url: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tabula-cli-'));
  writeFileSync(
    join(dir, 'mappers.ts'),
    `import { defineEntity, p } from ${JSON.stringify(LIB)};\n` +
      "export class Shelf { id?: number; label = ''; }\n" +
      "export const ShelfMapper = defineEntity(Shelf, { table: 't_cli_shelves', properties: { id: p.integer().primaryKey().generated(), label: p.string({ length: 40 }) } });\n",
  );
  writeFileSync(
    join(dir, 'tabula.config.ts'),
    `import { defineConfig } from ${JSON.stringify(LIB)};\nimport { ShelfMapper } from './mappers';\n` +
      `export default defineConfig({ url: ${JSON.stringify(url)}, mappers: [ShelfMapper] });\n`,
  );
  return dir;
}

const tabula = (cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) =>
  runNode(['--import', TSX, MAIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env },
  });

describe('tabula command line (no database)', () => {
  it('prints --help for every command and exits 0', async function () {
    this.timeout(60_000);
    const commands = [
      [],
      ['schema'],
      ['schema', 'diff'],
      ['migration'],
      ['migration', 'up'],
      ['migration', 'check'],
      ['db', 'pull'],
    ];
    for (const args of commands) {
      const run = await tabula(ROOT, [...args, '--help']);
      expect(run.code, `${args.join(' ')} --help\n${run.output}`).to.equal(0);
      expect(run.output).to.contain('Usage: tabula');
    }
  });

  it("prints the package's version for --version and exits 0", async function () {
    this.timeout(60_000);
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const run = await tabula(ROOT, ['--version']);
    expect([run.code, run.output.trim()]).to.deep.equal([0, version]);
  });

  it('exits 2 on a usage mistake: an unknown command or option, no database configured', async function () {
    this.timeout(60_000);
    const empty = mkdtempSync(join(tmpdir(), 'tabula-cli-'));
    try {
      expect((await tabula(empty, ['migration', 'sideways'])).code).to.equal(2);
      expect((await tabula(empty, ['migration', 'up', '--bogus'])).code).to.equal(2);
      const none = await tabula(empty, ['migration', 'status'], { TABULA_URL: undefined });
      expect(none.code).to.equal(2);
      expect(none.output).to.contain('No database to connect to');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describeEachDialect('tabula command line', (ctx) => {
  let db: Database;
  let dir: string;

  before(async () => {
    db = await connect(ctx.url);
  });
  beforeEach(async () => {
    dir = project(ctx.url);
    for (const s of db.dialect.ddl.dropTables(['t_cli_shelves', 't_cli_notes', 'tabula_migrations'])) {
      await db.pool.run({ sql: s, params: [] });
    }
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  after(() => db.close());

  it('schema create --dry-run prints the SQL and changes nothing; create, then drop --force', async function () {
    this.timeout(30_000);
    const dry = await tabula(dir, ['schema', 'create', '--dry-run']);
    expect(dry.code, dry.output).to.equal(0);
    expect(dry.output).to.match(/CREATE TABLE .t_cli_shelves./);
    const tables = async () =>
      (await db.pool.run({ sql: db.dialect.ddl.listTables(), params: [] })).rows.map((r) => r.name);
    expect(await tables(), 'the dry run created nothing').to.not.include('t_cli_shelves');
    const created = await tabula(dir, ['schema', 'create']);
    expect(created.code, created.output).to.equal(0);
    await db.execute(sql`INSERT INTO t_cli_shelves (label) VALUES (${'a'})`);
    const refused = await tabula(dir, ['schema', 'drop']);
    expect(refused.code, 'drop without --force is a usage mistake').to.equal(2);
    expect(await db.query(sql`SELECT label FROM t_cli_shelves`)).to.deep.equal([{ label: 'a' }]);
    expect((await tabula(dir, ['schema', 'drop', '--force'])).code).to.equal(0);
  });

  it('schema diff --exit-code and schema update: the SQL on stdout, notes on stderr, then no difference', async function () {
    this.timeout(60_000);
    expect((await tabula(dir, ['schema', 'create'])).code).to.equal(0);
    writeFileSync(
      join(dir, 'mappers.ts'),
      `import { defineEntity, p } from ${JSON.stringify(LIB)};\n` +
        "export class Shelf { id?: number; label = ''; note: string | null = null; }\n" +
        "export const ShelfMapper = defineEntity(Shelf, { table: 't_cli_shelves', properties: { id: p.integer().primaryKey().generated(), label: p.string({ length: 40 }), note: p.text().nullable() } });\n",
    );
    const diff = await tabula(dir, ['schema', 'diff', '--exit-code']);
    expect(diff.code, diff.output).to.equal(1);
    expect(diff.output).to.match(/ALTER TABLE .t_cli_shelves. ADD .*note/);
    expect(diff.output).to.contain('t_cli_shelves.note');
    const dry = await tabula(dir, ['schema', 'update', '--dry-run']);
    expect(dry.code).to.equal(0);
    expect((await tabula(dir, ['schema', 'diff', '--exit-code'])).code, 'the dry run changed nothing').to.equal(1);
    expect((await tabula(dir, ['schema', 'update'])).code).to.equal(0);
    const after = await tabula(dir, ['schema', 'diff', '--exit-code']);
    expect(after.code, after.output).to.equal(0);
    expect(after.output).to.contain('No differences');
  });

  it('migration up / status / down with TABULA_URL and handwritten migrations; plain text when piped', async function () {
    this.timeout(30_000);
    mkdirSync(join(dir, 'migrations'));
    writeFileSync(
      join(dir, 'migrations', '20260101000001_notes.ts'),
      'export default {\n' +
        "  async up(m: { execute(s: string): Promise<unknown> }) { await m.execute('CREATE TABLE t_cli_notes (id INTEGER NOT NULL PRIMARY KEY)'); },\n" +
        "  async down(m: { execute(s: string): Promise<unknown> }) { await m.execute('DROP TABLE t_cli_notes'); },\n" +
        '};\n',
    );
    rmSync(join(dir, 'tabula.config.ts'));
    const env = { TABULA_URL: ctx.url };
    const pending = await tabula(dir, ['migration', 'status'], env);
    expect(pending.code, pending.output).to.equal(0);
    expect(pending.output).to.match(/pending\s+20260101000001_notes/);
    expect(pending.output, 'no colour when piped').to.not.contain(ESC);
    const up = await tabula(dir, ['migration', 'up'], env);
    expect(up.code, up.output).to.equal(0);
    expect(up.output).to.contain('Applying 20260101000001_notes');
    expect((await tabula(dir, ['migration', 'status'], env)).output).to.match(/applied\s+20260101000001_notes/);
    const down = await tabula(dir, ['migration', 'down'], env);
    expect(down.code, down.output).to.equal(0);
    expect((await tabula(dir, ['migration', 'status'], env)).output).to.match(/pending\s+20260101000001_notes/);
  });

  it('migration status exits 1 and names an applied migration that was edited', async function () {
    this.timeout(30_000);
    mkdirSync(join(dir, 'migrations'));
    const file = join(dir, 'migrations', '20260101000001_notes.ts');
    const write = (extra: string) =>
      writeFileSync(
        file,
        `export async function up(m: { execute(s: string): Promise<unknown> }) { await m.execute('CREATE TABLE t_cli_notes (id INTEGER NOT NULL PRIMARY KEY)'); }${extra}\n`,
      );
    write('');
    expect((await tabula(dir, ['migration', 'up'])).code).to.equal(0);
    write(' // edited');
    const status = await tabula(dir, ['migration', 'status']);
    expect(status.code).to.equal(1);
    expect(status.output).to.match(/edited\s+20260101000001_notes/);
    const up = await tabula(dir, ['migration', 'up']);
    expect(up.code).to.equal(1);
    expect(up.output).to.contain('Migration 20260101000001_notes was applied with checksum');
  });

  it('migration generate writes a migration; check passes with it pending, fails without it (exit 1)', async function () {
    this.timeout(60_000);
    const check1 = await tabula(dir, ['migration', 'check']);
    expect(check1.code, `no migration yet\n${check1.output}`).to.equal(1);
    expect(check1.output).to.contain('missing from the migrations');
    const generated = await tabula(dir, ['migration', 'generate', 'create shelves']);
    expect(generated.code, generated.output).to.equal(0);
    const files = readdirSync(join(dir, 'migrations'));
    expect(files).to.have.length(1);
    expect(files[0]).to.match(/^\d{14}_create_shelves\.ts$/);
    const check2 = await tabula(dir, ['migration', 'check']);
    if (ctx.dialect === 'mysql') {
      // MySQL cannot try the pending migration in a transaction it rolls back: CI applies it first.
      expect(check2.code, check2.output).to.equal(1);
      expect(check2.output).to.contain('not verified');
      expect((await tabula(dir, ['migration', 'up'])).code).to.equal(0);
      expect((await tabula(dir, ['migration', 'check'])).code).to.equal(0);
    } else {
      expect(check2.code, check2.output).to.equal(0);
      expect(existsSync(join(dir, 'migrations')), 'check left the database as it was').to.equal(true);
      expect((await tabula(dir, ['migration', 'status'])).output).to.match(/pending/);
      expect((await tabula(dir, ['migration', 'up'])).code).to.equal(0);
    }
    const again = await tabula(dir, ['migration', 'generate', 'nothing']);
    expect(again.code).to.equal(0);
    expect(again.output).to.contain('No changes');
    expect(readdirSync(join(dir, 'migrations')), 'no empty migration written').to.have.length(1);
  });
});

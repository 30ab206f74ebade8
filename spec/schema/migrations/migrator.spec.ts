import { expect } from 'chai';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { connect } from '../../../lib/dialects/connect';
import type { Database } from '../../../lib/dialects/database';
import { MigrationError } from '../../../lib/errors';
import { MetadataRegistry } from '../../../lib/mapping';
import { introspectSchema, Migrator } from '../../../lib/schema';
import { sql } from '../../../lib/sql';
import { expectRejection } from '../../support/expect-rejection';
import { describeEachDialect } from '../../support/matrix';
import { runNode } from '../../support/run-node';
import { MigrationFolder } from './support/migration-files';

const CHILD = resolve(__dirname, 'support', 'migrate-child.ts');
const TABLES = ['t_mig_a', 't_mig_lock_rows'];

describeEachDialect('Migrator', (ctx) => {
  let db: Database;
  let folder: MigrationFolder;
  const migrator = () => new Migrator(db, new MetadataRegistry([]), { folder: folder.path });
  const createA = 'CREATE TABLE t_mig_a (id INTEGER NOT NULL PRIMARY KEY, title VARCHAR(40) NOT NULL)';
  const journal = async () =>
    (await db.query<{ name: string; state: string }>(sql`SELECT name, state FROM tabula_migrations ORDER BY name`)).map(
      (r) => `${r.name}:${r.state}`,
    );
  const schemaOf = async () => introspectSchema(db, { tables: TABLES });

  before(async () => {
    db = await connect(ctx.url);
  });
  beforeEach(async () => {
    folder = new MigrationFolder();
    for (const statement of db.dialect.ddl.dropTables([...TABLES, 'tabula_migrations'])) {
      await db.pool.run({ sql: statement, params: [] });
    }
  });
  afterEach(() => folder.remove());
  after(async () => {
    for (const statement of db.dialect.ddl.dropTables([...TABLES, 'tabula_migrations'])) {
      await db.pool.run({ sql: statement, params: [] });
    }
    await db.close();
  });

  it('applies the pending migrations in name order, once, and records each with its checksum', async () => {
    folder.write(
      '20260101000002_add_row',
      ["INSERT INTO t_mig_a (id, title) VALUES (1, 'first')"],
      ['DELETE FROM t_mig_a'],
    );
    folder.write('20260101000001_create_a', [createA], ['DROP TABLE t_mig_a']);
    expect(await migrator().pending()).to.deep.equal(['20260101000001_create_a', '20260101000002_add_row']);
    expect(await migrator().up()).to.deep.equal(['20260101000001_create_a', '20260101000002_add_row']);
    expect(await migrator().up(), 'a second run').to.deep.equal([]);
    expect(await journal()).to.deep.equal(['20260101000001_create_a:applied', '20260101000002_add_row:applied']);
    const rows = await db.query<{ checksum: string }>(sql`SELECT checksum FROM tabula_migrations ORDER BY name`);
    expect(rows.map((r) => r.checksum)[0]).to.match(/^[0-9a-f]{64}$/);
    const status = await migrator().status();
    expect(status.map((s) => s.state)).to.deep.equal(['applied', 'applied']);
    expect(status[0]?.appliedAt).to.be.instanceOf(Date);
    expect(await db.query(sql`SELECT title FROM t_mig_a`)).to.deep.equal([{ title: 'first' }]);
  });

  it('refuses to run when an applied migration was edited, naming it; a CRLF checkout is no edit', async () => {
    const file = folder.write('20260101000001_create_a', [createA], ['DROP TABLE t_mig_a']);
    await migrator().up();
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));
    expect(await migrator().up()).to.deep.equal([]);
    writeFileSync(file, readFileSync(file, 'utf8').replace('NOT NULL PRIMARY KEY', 'PRIMARY KEY'));
    folder.write('20260101000002_later', ["INSERT INTO t_mig_a (id, title) VALUES (1, 'x')"]);
    const error = await expectRejection(migrator().up(), MigrationError);
    expect(error.reason).to.equal('edited');
    expect(error.migration).to.equal('20260101000001_create_a');
    expect(error.message).to.contain('20260101000001_create_a');
    expect(await journal(), 'nothing after it ran').to.deep.equal(['20260101000001_create_a:applied']);
    expect((await migrator().status()).map((s) => s.state)).to.deep.equal(['edited', 'pending']);
  });

  it('refuses to run when an applied migration file is gone', async () => {
    const file = folder.write('20260101000001_create_a', [createA], ['DROP TABLE t_mig_a']);
    await migrator().up();
    rmSync(file);
    const error = await expectRejection(migrator().up(), MigrationError);
    expect([error.reason, error.migration]).to.deep.equal(['missing', '20260101000001_create_a']);
    expect((await migrator().status()).map((s) => s.state)).to.deep.equal(['missing']);
  });

  it('down reverts the last migration and restores the schema exactly (introspection equal)', async () => {
    const ddl = db.dialect.ddl;
    const index = { name: 't_mig_a_note_idx', columns: ['note'] };
    folder.write('20260101000001_create_a', [createA], ['DROP TABLE t_mig_a']);
    folder.write(
      '20260101000002_note',
      ['ALTER TABLE t_mig_a ADD COLUMN note VARCHAR(20)', ddl.createIndex('t_mig_a', index)],
      [ddl.dropIndex('t_mig_a', index.name), 'ALTER TABLE t_mig_a DROP COLUMN note'],
    );
    await migrator().up({ to: '20260101000001_create_a' });
    await db.execute(sql`INSERT INTO t_mig_a (id, title) VALUES (1, ${'kept'})`);
    const before = await schemaOf();
    await migrator().up();
    expect(await schemaOf()).to.not.deep.equal(before);
    expect(await migrator().down()).to.deep.equal(['20260101000002_note']);
    expect(await schemaOf()).to.deep.equal(before);
    expect(await db.query(sql`SELECT title FROM t_mig_a`)).to.deep.equal([{ title: 'kept' }]);
    expect(await migrator().pending()).to.deep.equal(['20260101000002_note']);
    expect(await migrator().down({ steps: 5 })).to.deep.equal(['20260101000001_create_a']);
    expect(await schemaOf()).to.deep.equal({ tables: [] });
  });

  it('two processes started at once apply each migration exactly once', async function () {
    this.timeout(60_000);
    folder.write('20260101000001_create', ['CREATE TABLE t_mig_lock_rows (label VARCHAR(40) NOT NULL)']);
    // The pause widens the window in which an unlocked second run would apply it again.
    folder.write(
      '20260101000002_insert',
      '    await new Promise((r) => setTimeout(r, 300));\n    await m.execute("INSERT INTO t_mig_lock_rows (label) VALUES (\'once\')");\n',
    );
    const run = () =>
      runNode(['--import', 'tsx', CHILD, ctx.url, folder.path], { cwd: resolve(__dirname, '../../..') });
    const [a, b] = await Promise.all([run(), run()]);
    expect([a.code, b.code], `${a.output}\n${b.output}`).to.deep.equal([0, 0]);
    const applied = [a, b].flatMap((r) => JSON.parse(r.output.trim().split('\n').at(-1) as string) as string[]);
    expect(applied.sort()).to.deep.equal(['20260101000001_create', '20260101000002_insert']);
    expect(await db.query(sql`SELECT label FROM t_mig_lock_rows`)).to.deep.equal([{ label: 'once' }]);
    expect(await journal()).to.deep.equal(['20260101000001_create:applied', '20260101000002_insert:applied']);
  });

  it('a migration that fails halfway: rolled back where DDL is transactional; on MySQL kept, shown, resumed', async () => {
    folder.write('20260101000001_create_a', [createA], ['DROP TABLE t_mig_a']);
    const steps = (bad: string) => [
      'ALTER TABLE t_mig_a ADD COLUMN note VARCHAR(20)',
      bad,
      "UPDATE t_mig_a SET note = 'n'",
    ];
    folder.write('20260101000002_note', steps('INSERT INTO t_mig_missing (id) VALUES (1)'));
    const error = await expectRejection(migrator().up(), MigrationError);
    expect([error.reason, error.migration]).to.deep.equal(['failed', '20260101000002_note']);
    expect(error.message).to.contain('failed at statement 2 (INSERT INTO t_mig_missing');
    const [first, second] = await migrator().status();
    expect(first?.state).to.equal('applied');
    const noteColumn = db.query(sql`SELECT note FROM t_mig_a`);
    if (ctx.dialect === 'mysql') {
      // DDL commits on its own: the first statement took effect, and the journal says how far it got.
      expect(error.message).to.contain('MySQL commits each DDL statement on its own');
      expect(await noteColumn).to.deep.equal([]);
      expect([second?.state, second?.step]).to.deep.equal(['failed', 1]);
      expect(second?.error).to.contain('statement 2');
    } else {
      expect(error.message).to.contain('rolled back: nothing of it took effect');
      await expectRejection(noteColumn, Error);
      expect(second?.state).to.equal('pending');
    }
    // Fixed in place: the run goes on (on MySQL after the statement that took effect).
    folder.write('20260101000002_note', steps("INSERT INTO t_mig_a (id, title) VALUES (1, 't')"));
    expect(await migrator().up()).to.deep.equal(['20260101000002_note']);
    expect(await db.query(sql`SELECT note FROM t_mig_a`)).to.deep.equal([{ note: 'n' }]);
    expect(await journal()).to.deep.equal(['20260101000001_create_a:applied', '20260101000002_note:applied']);
  });

  it('a migration without down cannot be reverted, and says so', async () => {
    writeFileSync(
      join(folder.path, '20260101000001_create_a.ts'),
      `export async function up(m: { execute(s: string): Promise<unknown> }) { await m.execute(${JSON.stringify(createA)}); }\n`,
    );
    await migrator().up();
    const error = await expectRejection(migrator().down(), MigrationError);
    expect(error.reason).to.equal('irreversible');
    expect(await journal()).to.deep.equal(['20260101000001_create_a:applied']);
  });
});

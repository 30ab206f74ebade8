/**
 * Introspection of tables written by hand (not by Tabula), on every dialect: type aliases read as
 * one spelling, defaults as the server prints them lose their casts and case, identity / serial /
 * AUTO_INCREMENT / AUTOINCREMENT read as auto-increment, and keys, uniques, indexes (order,
 * uniqueness, descending, partial) and foreign keys (ON DELETE / ON UPDATE) come back whole.
 */
import { expect } from 'chai';
import { connect, type Database } from '../../lib/dialects';
import { introspectSchema } from '../../lib/schema';
import type { DialectName } from '../support/matrix';
import { describeEachDialect } from '../support/matrix';

const DDL: Record<DialectName, string[]> = {
  sqlite: [
    'CREATE TABLE t_in_parent (id INTEGER PRIMARY KEY AUTOINCREMENT, code NVARCHAR(10) NOT NULL UNIQUE)',
    `CREATE TABLE t_in_child (
       a INTEGER NOT NULL, b VARCHAR(20) NOT NULL DEFAULT 'x', price NUMERIC(10,2) DEFAULT (0), flag BOOLEAN DEFAULT TRUE,
       parent_id INTEGER REFERENCES t_in_parent (id) ON DELETE CASCADE ON UPDATE SET NULL, gone TEXT,
       PRIMARY KEY (a, b))`,
    'CREATE INDEX t_in_child_ix ON t_in_child (price DESC, a)',
    'CREATE UNIQUE INDEX t_in_child_live ON t_in_child (b) WHERE gone IS NULL',
  ],
  postgres: [
    'CREATE TABLE t_in_parent (id serial PRIMARY KEY, code character varying(10) NOT NULL UNIQUE)',
    `CREATE TABLE t_in_child (
       a int4 NOT NULL, b varchar(20) NOT NULL DEFAULT 'x', price decimal(10,2) DEFAULT 0, flag bool DEFAULT true,
       parent_id integer REFERENCES t_in_parent (id) ON DELETE CASCADE ON UPDATE SET NULL, gone text,
       PRIMARY KEY (a, b))`,
    'CREATE INDEX t_in_child_ix ON t_in_child (price DESC, a)',
    'CREATE UNIQUE INDEX t_in_child_live ON t_in_child (b) WHERE gone IS NULL',
  ],
  mysql: [
    'CREATE TABLE t_in_parent (id INTEGER AUTO_INCREMENT PRIMARY KEY, code NVARCHAR(10) NOT NULL UNIQUE)',
    `CREATE TABLE t_in_child (
       a INT(11) NOT NULL, b VARCHAR(20) NOT NULL DEFAULT 'x', price NUMERIC(10,2) DEFAULT 0, flag BOOL DEFAULT TRUE,
       parent_id INTEGER, gone TEXT,
       PRIMARY KEY (a, b), FOREIGN KEY (parent_id) REFERENCES t_in_parent (id) ON DELETE CASCADE ON UPDATE SET NULL)`,
    'CREATE INDEX t_in_child_ix ON t_in_child (price DESC, a)',
  ],
};

const TYPES: Record<DialectName, Record<string, object>> = {
  sqlite: {
    id: { kind: 'integer' },
    code: { kind: 'nvarchar', length: 10 },
    a: { kind: 'integer' },
    b: { kind: 'varchar', length: 20 },
    price: { kind: 'numeric', precision: 10, scale: 2 },
  },
  postgres: {
    id: { kind: 'integer' },
    code: { kind: 'varchar', length: 10 },
    a: { kind: 'integer' },
    b: { kind: 'varchar', length: 20 },
    price: { kind: 'numeric', precision: 10, scale: 2 },
  },
  mysql: {
    id: { kind: 'int' },
    code: { kind: 'varchar', length: 10 },
    a: { kind: 'int' },
    b: { kind: 'varchar', length: 20 },
    price: { kind: 'decimal', precision: 10, scale: 2 },
  },
};

describeEachDialect('schema introspection', (ctx) => {
  let db: Database;
  const drop = async () => {
    for (const t of ['t_in_child', 't_in_parent']) await db.pool.run({ sql: `DROP TABLE IF EXISTS ${t}`, params: [] });
  };

  before(async () => {
    db = await connect(ctx.url);
    await drop();
    for (const sql of DDL[ctx.dialect]) await db.pool.run({ sql, params: [] });
  });
  after(async () => {
    await drop();
    await db?.close();
  });

  it('reads types, nullability, defaults and auto-increment, aliases normalised', async () => {
    const { tables } = await introspectSchema(db, { tables: ['t_in_parent', 't_in_child'] });
    expect(tables.map((t) => t.name)).to.deep.equal(['t_in_child', 't_in_parent']);
    const [child, parent] = tables as [(typeof tables)[number], (typeof tables)[number]];
    const col = (t: typeof child, name: string) => t.columns.find((c) => c.name === name);
    for (const [name, type] of Object.entries(TYPES[ctx.dialect]))
      expect({ name, type: (col(parent, name) ?? col(child, name))?.type }).to.deep.equal({ name, type });
    expect(col(parent, 'id')).to.include({ autoIncrement: true, nullable: false });
    expect(col(child, 'b')).to.include({ default: "'x'", nullable: false });
    // DEFAULT 0 on a NUMERIC(10,2): MariaDB prints 0.00, SQLite keeps (0) as written: both read 0.
    expect(col(child, 'price')?.default).to.equal('0');
    expect(col(child, 'flag')?.default).to.equal({ sqlite: 'TRUE', postgres: 'true', mysql: '1' }[ctx.dialect]);
    expect(col(child, 'gone')).to.include({ nullable: true, autoIncrement: false });
    expect(col(child, 'gone')).to.not.have.property('default');
  });

  it('reads keys, uniques, indexes and foreign keys', async () => {
    const { tables } = await introspectSchema(db, { tables: ['t_in_parent', 't_in_child'] });
    const [child, parent] = tables as [(typeof tables)[number], (typeof tables)[number]];
    expect(parent.primaryKey).to.deep.equal(['id']);
    expect(parent.uniques.map((u) => u.columns)).to.deep.equal([['code']]);
    expect(child.primaryKey).to.deep.equal(['a', 'b']);
    expect(child.foreignKeys.map(({ name: _n, ...f }) => f)).to.deep.equal([
      {
        columns: ['parent_id'],
        referencedTable: 't_in_parent',
        referencedColumns: ['id'],
        onDelete: 'cascade',
        onUpdate: 'set null',
      },
    ]);
    const ix = child.indexes.find((i) => i.name === 't_in_child_ix');
    expect(ix).to.deep.include({ columns: ['price', 'a'], unique: false, descending: [true, false] });
    if (ctx.dialect === 'mysql') return; // MySQL/MariaDB have no partial indexes.
    expect(child.indexes.find((i) => i.name === 't_in_child_live')).to.deep.equal({
      name: 't_in_child_live',
      columns: ['b'],
      unique: true,
      whereNull: 'gone',
    });
  });
});

import { expect } from 'chai';
import { PostgresDdl } from '../../lib/dialects/postgres/ddl';
import { SqliteDdl } from '../../lib/dialects/sqlite/ddl';
import { IdentifierError, TabulaError } from '../../lib/errors';
import type { ColumnDescription, TableDescription } from '../../lib/sql/ddl';
import { realTypes } from './support/test-types';

const ddl = new PostgresDdl(realTypes('postgres'));
const int = { kind: 'integer' } as const;
const id: ColumnDescription = { name: 'id', type: int, primaryKey: true };
const table = (t: Partial<TableDescription>): TableDescription => ({ name: 't', columns: [id], ...t });

describe('DDL validation', () => {
  it('validates table, column, constraint, index and referenced names', () => {
    expect(() => ddl.createTable(table({ name: 'bad name' }))).to.throw(IdentifierError, 'table name');
    expect(() => ddl.createTable(table({ columns: [{ name: 'a b', type: int }] }))).to.throw(IdentifierError);
    expect(() => ddl.createTable(table({ uniques: [{ name: 'u-1', columns: ['id'] }] }))).to.throw(IdentifierError);
    expect(() => ddl.createTable(table({ indexes: [{ name: 'i;', columns: ['id'] }] }))).to.throw(IdentifierError);
    const fk = { columns: ['id'], referencedTable: 'x y', referencedColumns: ['id'] };
    expect(() => ddl.createTable(table({ foreignKeys: [fk] }))).to.throw(IdentifierError);
    expect(() => ddl.createIndex('t', { name: 'i', columns: ['a"'] })).to.throw(IdentifierError);
    expect(() => ddl.dropTable('t;')).to.throw(IdentifierError);
    expect(() => ddl.dropIndex('t', 'i;')).to.throw(IdentifierError);
  });

  it('refuses duplicate columns and constraints on unknown columns, naming them', () => {
    expect(() => ddl.createTable(table({ columns: [id, id] }))).to.throw(
      TabulaError,
      'Table t declares column id twice',
    );
    expect(() => ddl.createTable(table({ columns: [] }))).to.throw(TabulaError, 'no columns');
    expect(() => ddl.createTable(table({ uniques: [{ columns: ['nope'] }] }))).to.throw(
      TabulaError,
      'Table t: a unique constraint names unknown column nope',
    );
    expect(() => ddl.createTable(table({ indexes: [{ name: 'i', columns: [] }] }))).to.throw(TabulaError, 'index i');
    expect(() =>
      ddl.createTable(table({ primaryKey: { columns: ['id', 'x'] }, columns: [id, { name: 'x', type: int }] })),
    ).to.throw(TabulaError, 'differ from primaryKey.columns');
  });

  it('refuses a foreign key whose column counts differ, or an unknown action', () => {
    const fk = { columns: ['id'], referencedTable: 'u', referencedColumns: ['a', 'b'] };
    expect(() => ddl.createTable(table({ foreignKeys: [fk] }))).to.throw(TabulaError, '1 columns references 2 columns');
    const bad = { columns: ['id'], referencedTable: 'u', referencedColumns: ['a'], onDelete: 'explode' as 'cascade' };
    expect(() => ddl.createTable(table({ foreignKeys: [bad] }))).to.throw(TabulaError, 'unknown referential action');
  });

  it('allows a generated id only as the single integer primary-key column', () => {
    const gen = (c: Partial<ColumnDescription>): ColumnDescription => ({ ...id, autoIncrement: true, ...c });
    expect(() => ddl.createTable(table({ columns: [gen({ type: { kind: 'string' } })] }))).to.throw(
      TabulaError,
      'autoIncrement needs an integer or bigint column, not string',
    );
    expect(() => ddl.createTable(table({ columns: [gen({ primaryKey: false })] }))).to.throw(
      TabulaError,
      "the autoIncrement column must be the table's only primary-key column",
    );
    expect(() => ddl.createTable(table({ columns: [gen({}), { name: 'b', type: int, primaryKey: true }] }))).to.throw(
      TabulaError,
      'only primary-key column',
    );
    expect(() => ddl.createTable(table({ columns: [gen({ nullable: true })] }))).to.throw(
      TabulaError,
      'neither nullable',
    );
  });

  it('refuses an enum without values and defaults it cannot write', () => {
    expect(() => ddl.createTable(table({ columns: [id, { name: 'e', type: { kind: 'enum', values: [] } }] }))).to.throw(
      TabulaError,
      'an enum needs at least one value',
    );
    const now = { name: 'd', type: { kind: 'date' as const }, default: { kind: 'current-timestamp' as const } };
    expect(() => ddl.createTable(table({ columns: [id, now] }))).to.throw(TabulaError, 'needs a datetime column');
    const blob = {
      name: 'b',
      type: { kind: 'blob' as const },
      default: { kind: 'value' as const, value: Buffer.from('x') },
    };
    expect(() => ddl.createTable(table({ columns: [id, blob] }))).to.throw(TabulaError, 'Column t.b');
    const nul = { name: 's', type: { kind: 'text' as const }, default: { kind: 'value' as const, value: 'a\0b' } };
    // PostgreSQL's types refuse NUL already; SQLite's accept it, and the DDL refuses it.
    expect(() => new SqliteDdl(realTypes('sqlite')).createTable(table({ columns: [id, nul] }))).to.throw(
      TabulaError,
      'Column t.s: a NUL character cannot appear in DDL',
    );
  });

  it('writes defaults through the column type and as safe literals', () => {
    const [create] = ddl.createTable(
      table({
        columns: [
          id,
          { name: 'big', type: { kind: 'bigint' }, default: { kind: 'value', value: 2n ** 63n - 1n } },
          { name: 'quote', type: { kind: 'text' }, default: { kind: 'value', value: "it's \\ fine" } },
          { name: 'none', type: { kind: 'text' }, nullable: true, default: { kind: 'value', value: null } },
          { name: 'neg', type: { kind: 'double' }, default: { kind: 'value', value: -1.5 } },
        ],
      }),
    );
    expect(create).to.contain(`"big" bigint NOT NULL DEFAULT '9223372036854775807'`);
    expect(create).to.contain(`"quote" text NOT NULL DEFAULT 'it''s \\ fine'`);
    expect(create).to.contain('"none" text DEFAULT NULL');
    expect(create).to.contain('"neg" double precision NOT NULL DEFAULT -1.5');
  });
});

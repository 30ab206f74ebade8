/**
 * The statements of a diff read as a person would write them, per dialect, with no database: the
 * offline dialects compile them. One change of each kind on an existing table.
 */
import { expect } from 'chai';
import { ConfigError } from '../../lib';
import { offlineDialect } from '../../lib/dialects';
import { defineEntity, MetadataRegistry, p } from '../../lib/mapping';
import { type ColumnModel, diffSchemas, type SchemaModel, type TableModel } from '../../lib/schema';

const column = (name: string, type: ColumnModel['type'], extra: Partial<ColumnModel> = {}): ColumnModel => ({
  name,
  type,
  nullable: false,
  autoIncrement: false,
  ...extra,
});
const table = (columns: ColumnModel[], extra: Partial<TableModel> = {}): SchemaModel => ({
  tables: [
    { name: 't_books', columns, primaryKey: ['id'], uniques: [], indexes: [], foreignKeys: [], checks: [], ...extra },
  ],
});

describe('schema diff: the statements, per dialect', () => {
  it('PostgreSQL: one ALTER per aspect, USING for a type change, flagged as a rewrite', () => {
    const dialect = offlineDialect('postgres');
    const actual = table([column('id', { kind: 'integer' }), column('title', { kind: 'varchar', length: 50 })]);
    const desired = table([
      column('id', { kind: 'integer' }),
      column('title', { kind: 'text' }, { nullable: true, default: "'untitled'" }),
      column('pages', { kind: 'integer' }, { nullable: true }),
    ]);
    const diff = diffSchemas(desired, actual, dialect);
    expect(diff.up).to.deep.equal([
      'ALTER TABLE "t_books" ADD COLUMN "pages" integer',
      'ALTER TABLE "t_books" ALTER COLUMN "title" TYPE text USING "title"::text',
      `ALTER TABLE "t_books" ALTER COLUMN "title" SET DEFAULT 'untitled'`,
      'ALTER TABLE "t_books" ALTER COLUMN "title" DROP NOT NULL',
    ]);
    expect(diff.down).to.deep.equal([
      'ALTER TABLE "t_books" ALTER COLUMN "title" TYPE varchar(50) USING "title"::varchar(50)',
      'ALTER TABLE "t_books" ALTER COLUMN "title" DROP DEFAULT',
      'ALTER TABLE "t_books" ALTER COLUMN "title" SET NOT NULL',
      'ALTER TABLE "t_books" DROP COLUMN "pages"',
    ]);
    expect(diff.warnings).to.deep.equal([]);
    const narrowed = diffSchemas(actual, desired, dialect, { allowDestructive: true });
    expect(narrowed.warnings.join('\n')).to.contain('PostgreSQL rewrites the table for this type change');
  });

  it('MySQL: one MODIFY COLUMN with the whole definition, flagged as a table copy', () => {
    const dialect = offlineDialect('mysql');
    const actual = table([column('id', { kind: 'int' }), column('title', { kind: 'varchar', length: 50 })]);
    const desired = table([
      column('id', { kind: 'int' }),
      column('title', { kind: 'varchar', length: 80 }, { nullable: true }),
    ]);
    const diff = diffSchemas(desired, actual, dialect);
    expect(diff.up).to.deep.equal(['ALTER TABLE `t_books` MODIFY COLUMN `title` varchar(80)']);
    expect(diff.warnings).to.deep.equal([
      't_books: MySQL/MariaDB copy the table for this MODIFY COLUMN, blocking writes meanwhile (t_books.title: varchar(80) NULL in the mappers, varchar(50) NOT NULL in the database)',
    ]);
  });

  it('SQLite: ADD COLUMN where it can, the rebuild where it cannot', () => {
    const dialect = offlineDialect('sqlite');
    const actual = table([
      column('id', { kind: 'integer' }, { autoIncrement: true }),
      column('title', { kind: 'text' }),
    ]);
    const added = diffSchemas(
      table([...actual.tables[0]!.columns, column('pages', { kind: 'integer' }, { nullable: true })]),
      actual,
      dialect,
    );
    expect(added.up).to.deep.equal(['ALTER TABLE "t_books" ADD COLUMN "pages" INTEGER']);
    expect(added.session).to.deep.equal({ before: [], after: [] });
    const rebuilt = diffSchemas(
      table([actual.tables[0]!.columns[0]!, column('title', { kind: 'text' }, { default: "'x'" })]),
      actual,
      dialect,
    );
    expect(rebuilt.up[0]).to.match(/^CREATE TABLE "t_books__tabula_rebuild"/);
    expect(rebuilt.up.slice(1, 4)).to.deep.equal([
      'INSERT INTO "t_books__tabula_rebuild" ("id", "title") SELECT "id", "title" FROM "t_books"',
      'DROP TABLE "t_books"',
      'ALTER TABLE "t_books__tabula_rebuild" RENAME TO "t_books"',
    ]);
    expect(rebuilt.session).to.deep.equal({
      before: ['PRAGMA foreign_keys = OFF'],
      after: ['PRAGMA foreign_keys = ON'],
    });
  });

  it('a sqlType is a type name with its size, nothing else', () => {
    class Note {
      text = '';
    }
    const mapper = (sqlType: string) =>
      new MetadataRegistry([
        defineEntity(Note, {
          table: 't_notes',
          properties: { text: p.string({ length: 5 }).primaryKey().sqlType(sqlType) },
        }),
      ]);
    const dialect = offlineDialect('postgres');
    expect(dialect.types.sqlType(mapper('NVARCHAR(160)').tables()[0]!.columns[0]!.type)).to.equal('NVARCHAR(160)');
    expect(() => dialect.types.sqlType(mapper('text); DROP TABLE x; --').tables()[0]!.columns[0]!.type)).to.throw(
      ConfigError,
      /cannot be written into DDL/,
    );
  });
});

import { expect } from 'chai';
import { SqliteDdl } from '../../../lib/dialects/sqlite/ddl';
import { TabulaError } from '../../../lib/errors';
import { AUTHORS, BOOKS, EDITIONS } from '../../sql/support/library-tables';
import { realTypes } from '../../sql/support/test-types';

const ddl = new SqliteDdl(realTypes('sqlite'));

describe('SqliteDdl', () => {
  it('makes a generated id the rowid: exactly INTEGER PRIMARY KEY AUTOINCREMENT, inline', () => {
    expect(ddl.createTable(AUTHORS)).to.deep.equal([
      `CREATE TABLE "t_sql_authors" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "name" TEXT NOT NULL,
  "email" TEXT,
  CONSTRAINT "t_sql_authors_email_key" UNIQUE ("email")
)`,
    ]);
  });

  it('writes a bigint generated id as INTEGER too, drops the table-level key, and checks enums', () => {
    expect(ddl.createTable(BOOKS)).to.deep.equal([
      `CREATE TABLE "t_sql_books" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "author_id" INTEGER,
  "title" TEXT NOT NULL,
  "status" TEXT NOT NULL DEFAULT 'draft' CHECK ("status" IN ('draft', 'editor''s', 'out')),
  "price" TEXT NOT NULL DEFAULT '0.00',
  "version" INTEGER NOT NULL DEFAULT 1,
  "in_print" INTEGER NOT NULL DEFAULT 1,
  CONSTRAINT "t_sql_books_author_fk" FOREIGN KEY ("author_id") REFERENCES "t_sql_authors" ("id") ON DELETE SET NULL ON UPDATE CASCADE
)`,
      'CREATE INDEX "t_sql_books_title_idx" ON "t_sql_books" ("title", "status")',
    ]);
  });

  it('defaults a datetime to now in the stored text format', () => {
    expect(ddl.createTable(EDITIONS)[0]).to.contain(
      `"printed_at" TEXT DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),\n  PRIMARY KEY ("book_id", "n")`,
    );
  });

  it('drops tables and indexes, and refuses CASCADE, which SQLite lacks', () => {
    expect(ddl.dropTable('t', { ifExists: true })).to.deep.equal(['DROP TABLE IF EXISTS "t"']);
    expect(ddl.dropIndex('t', 'i')).to.equal('DROP INDEX "i"');
    expect(() => ddl.dropTable('t', { cascade: true })).to.throw(
      TabulaError,
      'SQLite does not support DROP TABLE … CASCADE.\n  Drop the tables referencing t first.',
    );
  });
});

/** Table descriptions shared by the DDL specs and the execution specs: authors, books, tags. */
import type { TableDescription } from '../../../lib/sql/ddl';

export const AUTHORS: TableDescription = {
  name: 't_sql_authors',
  columns: [
    { name: 'id', type: { kind: 'integer' }, primaryKey: true, autoIncrement: true },
    { name: 'name', type: { kind: 'string', length: 100 } },
    { name: 'email', type: { kind: 'string' }, nullable: true },
  ],
  uniques: [{ name: 't_sql_authors_email_key', columns: ['email'] }],
};

export const BOOKS: TableDescription = {
  name: 't_sql_books',
  columns: [
    { name: 'id', type: { kind: 'bigint' }, autoIncrement: true },
    { name: 'author_id', type: { kind: 'integer' }, nullable: true },
    { name: 'title', type: { kind: 'string', length: 200 } },
    {
      name: 'status',
      type: { kind: 'enum', values: ['draft', "editor's", 'out'] },
      default: { kind: 'value', value: 'draft' },
    },
    { name: 'price', type: { kind: 'decimal', precision: 10, scale: 2 }, default: { kind: 'value', value: '0.00' } },
    { name: 'version', type: { kind: 'integer' }, default: { kind: 'value', value: 1 } },
    { name: 'in_print', type: { kind: 'boolean' }, default: { kind: 'value', value: true } },
  ],
  primaryKey: { columns: ['id'], name: 't_sql_books_pkey' },
  indexes: [{ name: 't_sql_books_title_idx', columns: ['title', 'status'] }],
  foreignKeys: [
    {
      name: 't_sql_books_author_fk',
      columns: ['author_id'],
      referencedTable: 't_sql_authors',
      referencedColumns: ['id'],
      onDelete: 'set null',
      onUpdate: 'cascade',
    },
  ],
};

/** Composite primary key, a composite foreign key target and ON DELETE CASCADE. */
export const EDITIONS: TableDescription = {
  name: 't_sql_editions',
  columns: [
    { name: 'book_id', type: { kind: 'bigint' } },
    { name: 'n', type: { kind: 'integer' } },
    { name: 'isbn', type: { kind: 'string', length: 20 } },
    { name: 'printed_at', type: { kind: 'datetime' }, nullable: true, default: { kind: 'current-timestamp' } },
  ],
  primaryKey: { columns: ['book_id', 'n'] },
  uniques: [{ columns: ['isbn'] }],
  indexes: [{ name: 't_sql_editions_isbn_idx', columns: ['isbn', 'n'], unique: true }],
  foreignKeys: [
    { columns: ['book_id'], referencedTable: 't_sql_books', referencedColumns: ['id'], onDelete: 'cascade' },
  ],
};

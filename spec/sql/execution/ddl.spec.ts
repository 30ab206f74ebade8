import { expect } from 'chai';
import { column, deleteFrom, eq, insert, select } from '../../../lib/sql/nodes';
import { type DialectName, describeEachDialect } from '../../support/matrix';
import { AUTHORS, BOOKS, EDITIONS } from '../support/library-tables';
import { createTables, driverErrorCode, dropTables } from '../support/tables';
import { openTestDatabase, type TestDatabase } from '../support/test-database';

const TABLES = [AUTHORS, BOOKS, EDITIONS];
const big = { kind: 'bigint' } as const;

/** What each driver reports for a violated constraint. */
const CODES: Record<'check' | 'foreignKey' | 'unique', Record<DialectName, string>> = {
  check: { postgres: '23514', sqlite: 'SQLITE_CONSTRAINT', mysql: 'WARN_DATA_TRUNCATED' },
  foreignKey: { postgres: '23503', sqlite: 'SQLITE_CONSTRAINT', mysql: 'ER_NO_REFERENCED_ROW_2' },
  unique: { postgres: '23505', sqlite: 'SQLITE_CONSTRAINT', mysql: 'ER_DUP_ENTRY' },
};

/** The index names a table has, from each database's catalog. */
async function indexNames(db: TestDatabase, table: string): Promise<string[]> {
  const catalog = {
    postgres: 'SELECT indexname AS name FROM pg_indexes WHERE tablename = $1',
    sqlite: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
    mysql:
      "SELECT DISTINCT INDEX_NAME AS name FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND INDEX_NAME <> 'PRIMARY'",
  }[db.dialect.name];
  const { rows } = await db.query(catalog, [table]);
  return rows
    .map((r) => String(r.name))
    .filter((n) => n.endsWith('_idx'))
    .sort();
}

describeEachDialect('DDL executed', (ctx) => {
  // A nested suite, so its after hook runs before the matrix removes the SQLite file.
  describe('on the library tables', () => {
    let db: TestDatabase;

    before(async () => {
      db = await openTestDatabase(ctx);
      await createTables(db, TABLES);
    });

    after(async () => {
      await dropTables(
        db,
        TABLES.map((t) => t.name),
      );
      await db.close();
    });

    const addAuthor = async (name: string, email: string | null = null) => {
      const { rows } = await db.run(
        insert({ table: AUTHORS.name, columns: ['name', 'email'], rows: [[name, email]], returning: [column('id')] }),
      );
      return rows[0]?.id as number;
    };

    it('generates ids and fills in literal defaults', async () => {
      const authorId = await addAuthor('Ann');
      const { rows } = await db.run(
        insert({
          table: BOOKS.name,
          columns: ['author_id', 'title'],
          rows: [[authorId, 'Dune']],
          returning: [
            column('id', { type: big }),
            column('status'),
            column('price'),
            column('version'),
            column('in_print'),
          ],
        }),
      );
      const inPrint = ctx.dialect === 'postgres' ? true : 1;
      expect(rows).to.deep.equal([{ id: '1', status: 'draft', price: '0.00', version: 1, in_print: inPrint }]);
      expect(authorId).to.equal(1);
    });

    it('defaults a datetime to the current instant in the stored format', async () => {
      await db.run(insert({ table: EDITIONS.name, columns: ['book_id', 'n', 'isbn'], rows: [['1', 1, 'isbn-1']] }));
      const { rows } = await db.run(select({ columns: [column('printed_at')], from: EDITIONS.name }));
      const stored = db.dialect.types.fromDriver({ kind: 'datetime' }, rows[0]?.printed_at);
      expect(stored).to.be.instanceOf(Date);
      expect(Number.isNaN((stored as Date).getTime())).to.equal(false);
    });

    it('rejects a value outside the enum (CHECK on PostgreSQL and SQLite, native ENUM on MySQL)', async () => {
      const bad = insert({ table: BOOKS.name, columns: ['title', 'status'], rows: [['X', 'lost']] });
      expect(await driverErrorCode(db.run(bad))).to.equal(CODES.check[ctx.dialect]);
    });

    it('accepts an enum value holding a quote', async () => {
      const { rows } = await db.run(
        insert({
          table: BOOKS.name,
          columns: ['title', 'status'],
          rows: [['Q', "editor's"]],
          returning: [column('status')],
        }),
      );
      expect(rows).to.deep.equal([{ status: "editor's" }]);
    });

    it('enforces foreign keys', async () => {
      const orphan = insert({ table: BOOKS.name, columns: ['author_id', 'title'], rows: [[999, 'Orphan']] });
      expect(await driverErrorCode(db.run(orphan))).to.equal(CODES.foreignKey[ctx.dialect]);
    });

    it('enforces unique constraints and composite primary keys', async () => {
      await addAuthor('Bob', 'bob@example.com');
      expect(await driverErrorCode(addAuthor('Bob 2', 'bob@example.com'))).to.equal(CODES.unique[ctx.dialect]);
      const again = insert({ table: EDITIONS.name, columns: ['book_id', 'n', 'isbn'], rows: [['1', 1, 'isbn-other']] });
      expect(await driverErrorCode(db.run(again))).to.equal(CODES.unique[ctx.dialect]);
    });

    it('sets children NULL on delete, and cascades deletes through the composite-key table', async () => {
      await db.run(deleteFrom({ table: AUTHORS.name, where: eq(column('id'), 1) }));
      const books = await db.run(
        select({ columns: [column('author_id')], from: BOOKS.name, where: eq(column('id'), '1') }),
      );
      expect(books.rows).to.deep.equal([{ author_id: null }]);
      await db.run(deleteFrom({ table: BOOKS.name, where: eq(column('id'), '1') }));
      const editions = await db.run(select({ columns: [column('isbn')], from: EDITIONS.name }));
      expect(editions.rows).to.deep.equal([]);
    });

    it('creates and drops indexes', async () => {
      expect(await indexNames(db, BOOKS.name)).to.deep.equal(['t_sql_books_title_idx']);
      await db.query(db.dialect.ddl.createIndex(BOOKS.name, { name: 't_sql_books_price_idx', columns: ['price'] }));
      expect(await indexNames(db, BOOKS.name)).to.deep.equal(['t_sql_books_price_idx', 't_sql_books_title_idx']);
      await db.query(db.dialect.ddl.dropIndex(BOOKS.name, 't_sql_books_price_idx'));
      expect(await indexNames(db, BOOKS.name)).to.deep.equal(['t_sql_books_title_idx']);
    });
  });
});

import { expect } from 'chai';
import { TabulaError } from '../../../lib/errors';
import type { TableDescription } from '../../../lib/sql/ddl';
import {
  arithmetic,
  batchUpdate,
  column,
  defaultLiteral,
  deleteFrom,
  gt,
  insert,
  type OnConflict,
  select,
  update,
} from '../../../lib/sql/nodes';
import { describeEachDialect } from '../../support/matrix';
import { createTables, dropTables } from '../support/tables';
import { openTestDatabase, type TestDatabase } from '../support/test-database';

const big = { kind: 'bigint' } as const;
const int = { kind: 'integer' } as const;
const sku = { kind: 'string', length: 20 } as const;

const STOCK: TableDescription = {
  name: 't_sql_stock',
  columns: [
    { name: 'id', type: big, primaryKey: true, autoIncrement: true },
    { name: 'sku', type: sku },
    { name: 'qty', type: int },
    { name: 'version', type: int, default: { kind: 'value', value: 1 } },
  ],
  uniques: [{ name: 't_sql_stock_sku_key', columns: ['sku'] }],
};

const EVENTS: TableDescription = {
  name: 't_sql_events',
  columns: [
    { name: 'id', type: big, primaryKey: true, autoIncrement: true },
    { name: 'note', type: { kind: 'text' }, nullable: true },
    { name: 'level', type: int, default: { kind: 'value', value: 3 } },
  ],
};

const id = column('id', { type: big });
const columns = [id, column('sku'), column('qty'), column('version')];
const all = select({ columns, from: STOCK.name, orderBy: [id] });

describeEachDialect('writing statements executed', (ctx) => {
  // A nested suite, so its hooks run before the matrix removes the SQLite file.
  describe('on a stock table', () => {
    let db: TestDatabase;

    before(async () => {
      db = await openTestDatabase(ctx);
    });
    beforeEach(() => createTables(db, [STOCK, EVENTS]));
    afterEach(() => dropTables(db, [STOCK.name, EVENTS.name]));
    after(() => db.close());

    const stock = (rows: unknown[][], onConflict?: OnConflict) =>
      insert({
        table: STOCK.name,
        columns: [
          { name: 'sku', type: sku },
          { name: 'qty', type: int },
        ],
        rows,
        returning: [id, column('sku')],
        ...(onConflict ? { onConflict } : {}),
      });
    const rowsOf = async () => (await db.run(all)).rows;

    it('inserts several rows and returns their generated ids in order', async () => {
      const { rows } = await db.run(
        stock([
          ['a', 1],
          ['b', 2],
          ['c', 3],
        ]),
      );
      expect(rows).to.deep.equal([
        { id: '1', sku: 'a' },
        { id: '2', sku: 'b' },
        { id: '3', sku: 'c' },
      ]);
    });

    it('inserts through a VALUES list when a column is untyped, and DEFAULT where the dialect has it', async () => {
      const node = insert({
        table: STOCK.name,
        columns: ['sku', 'qty', 'version'],
        rows: [
          ['a', 1, 5],
          ['b', 2, 6],
        ],
      });
      expect((await db.run(node)).affectedRows).to.equal(2);
      const withDefault = insert({
        table: STOCK.name,
        columns: ['sku', 'qty', 'version'],
        rows: [['c', 3, defaultLiteral()]],
      });
      if (ctx.dialect === 'sqlite') {
        expect(() => db.dialect.compile(withDefault)).to.throw(TabulaError, 'does not support DEFAULT as a value');
        return;
      }
      await db.run(withDefault);
      expect((await rowsOf()).map((r) => r.version)).to.deep.equal([5, 6, 1]);
    });

    it('inserts a row of defaults', async () => {
      const { rows } = await db.run(
        insert({
          table: EVENTS.name,
          columns: [],
          rows: [[]],
          returning: [column('id', { type: big }), column('level')],
        }),
      );
      expect(rows).to.deep.equal([{ id: '1', level: 3 }]);
    });

    it('skips conflicting rows with DO NOTHING and inserts the others', async () => {
      await db.run(stock([['a', 1]]));
      await db.run(
        stock(
          [
            ['a', 99],
            ['b', 2],
          ],
          { columns: ['sku'], action: 'nothing' },
        ),
      );
      expect((await rowsOf()).map((r) => [r.sku, r.qty])).to.deep.equal([
        ['a', 1],
        ['b', 2],
      ]);
    });

    it('updates conflicting rows from the proposed values', async () => {
      await db.run(stock([['a', 1]]));
      await db.run(
        stock(
          [
            ['a', 7],
            ['z', 1],
          ],
          { columns: ['sku'], action: { update: ['qty'] } },
        ),
      );
      expect((await rowsOf()).map((r) => [r.sku, r.qty])).to.deep.equal([
        ['a', 7],
        ['z', 1],
      ]);
    });

    it('updates many rows in one statement, skipping a row whose version is stale', async () => {
      await db.run(
        stock([
          ['a', 1],
          ['b', 2],
          ['c', 3],
        ]),
      );
      const node = batchUpdate({
        table: STOCK.name,
        keys: [{ name: 'id', type: big }],
        match: [{ name: 'version', type: int }],
        columns: [
          { name: 'qty', type: int },
          { name: 'version', type: int },
        ],
        rows: [
          { key: [1n], match: [1], values: [10, 2] },
          { key: [2n], match: [7], values: [20, 8] },
          { key: [3n], match: [1], values: [30, 2] },
        ],
      });
      expect((await db.run(node)).affectedRows).to.equal(2);
      expect(await rowsOf()).to.deep.equal([
        { id: '1', sku: 'a', qty: 10, version: 2 },
        { id: '2', sku: 'b', qty: 2, version: 1 },
        { id: '3', sku: 'c', qty: 30, version: 2 },
      ]);
    });

    it('updates many rows with untyped values (the CASE form on PostgreSQL, a derived table elsewhere)', async () => {
      await db.run(
        stock([
          ['a', 1],
          ['b', 2],
        ]),
      );
      const node = batchUpdate({
        table: STOCK.name,
        keys: [{ name: 'id', type: big }],
        columns: ['qty', 'sku'],
        rows: [
          { key: [1n], values: [11, 'A'] },
          { key: [2n], values: [22, 'B'] },
        ],
      });
      const usesCase = db.dialect.compile(node).sql.includes('CASE WHEN');
      expect(usesCase, 'CASE form').to.equal(ctx.dialect === 'postgres');
      expect((await db.run(node)).affectedRows).to.equal(2);
      expect((await rowsOf()).map((r) => [r.sku, r.qty])).to.deep.equal([
        ['A', 11],
        ['B', 22],
      ]);
    });

    it('updates and returns rows; MariaDB has no UPDATE … RETURNING and the compiler says so', async () => {
      await db.run(
        stock([
          ['a', 1],
          ['b', 2],
        ]),
      );
      const node = update({
        table: STOCK.name,
        set: [{ column: 'qty', value: arithmetic(column('qty'), '*', 10) }],
        where: gt(column('qty'), 1),
        returning: [id, column('qty')],
      });
      if (ctx.dialect === 'mysql') {
        expect(() => db.dialect.compile(node)).to.throw(TabulaError, 'does not support UPDATE … RETURNING');
        return;
      }
      expect((await db.run(node)).rows).to.deep.equal([{ id: '2', qty: 20 }]);
    });

    it('deletes and returns the deleted rows', async () => {
      await db.run(
        stock([
          ['a', 1],
          ['b', 2],
          ['c', 3],
        ]),
      );
      const node = deleteFrom({ table: STOCK.name, where: gt(column('qty'), 1), returning: [id, column('sku')] });
      const { rows } = await db.run(node);
      expect(rows.sort((x, y) => String(x.id).localeCompare(String(y.id)))).to.deep.equal([
        { id: '2', sku: 'b' },
        { id: '3', sku: 'c' },
      ]);
      expect((await rowsOf()).map((r) => r.sku)).to.deep.equal(['a']);
    });
  });
});

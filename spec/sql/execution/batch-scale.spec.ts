import { BindLimitError } from '../../../lib/errors';
import { expect } from 'chai';
import type { TableDescription } from '../../../lib/sql/ddl';
import { batchUpdate, column, countAll, deleteFrom, eq, inList, insert, row, select } from '../../../lib/sql/nodes';
import { describeEachDialect } from '../../support/matrix';
import { createTables, dropTables } from '../support/tables';
import { openTestDatabase, type TestDatabase } from '../support/test-database';

const big = { kind: 'bigint' } as const;
const int = { kind: 'integer' } as const;
const title = { kind: 'string', length: 40 } as const;

const ITEMS: TableDescription = {
  name: 't_sql_batch_items',
  columns: [
    { name: 'id', type: big, primaryKey: true },
    { name: 'title', type: title },
    { name: 'version', type: int },
  ],
};

const id = column('id', { type: big });
const version = column('version', { type: int });

/** Splits `items` into chunks of at most `size`, as the unit of work does under the bind ceiling. */
function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

describeEachDialect('batch statements at scale', (ctx) => {
  describe('on an items table', () => {
    let db: TestDatabase;
    const maxBind = () => db.dialect.capabilities.maxBindParameters;

    /** Rows 1…count, title 't<n>', version 1, except the versions given. */
    async function seed(count: number, versions: Readonly<Record<number, number>> = {}): Promise<void> {
      const rows = Array.from({ length: count }, (_, i) => [BigInt(i + 1), `t${i + 1}`, versions[i + 1] ?? 1]);
      const columns = [
        { name: 'id', type: big },
        { name: 'title', type: title },
        { name: 'version', type: int },
      ];
      for (const part of chunks(rows, Math.floor(maxBind() / 3))) {
        await db.run(insert({ table: ITEMS.name, columns, rows: part }));
      }
    }
    const count = async (where = eq(column('version'), column('version'))) => {
      const { rows } = await db.run(select({ columns: [countAll()], from: ITEMS.name, where }));
      return Number(Object.values(rows[0] ?? {})[0]);
    };

    before(async () => {
      db = await openTestDatabase(ctx);
    });
    beforeEach(() => createTables(db, [ITEMS]));
    afterEach(() => dropTables(db, [ITEMS.name]));
    after(() => db.close());

    it('updates 10,000 rows by key and version; the affected count leaves out the stale row', async () => {
      await seed(10_000, { 5: 7 });
      const rows = Array.from({ length: 10_000 }, (_, i) => ({
        key: [BigInt(i + 1)],
        match: [1],
        values: [`n${i + 1}`, 2],
      }));
      let affected = 0;
      for (const part of chunks(rows, Math.floor(maxBind() / 4))) {
        const node = batchUpdate({
          table: ITEMS.name,
          keys: [{ name: 'id', type: big }],
          match: [{ name: 'version', type: int }],
          columns: [
            { name: 'title', type: title },
            { name: 'version', type: int },
          ],
          rows: part,
        });
        affected += (await db.run(node)).affectedRows;
      }
      expect(affected).to.equal(9_999);
      expect(await count(eq(version, 2))).to.equal(9_999);
      const { rows: stale } = await db.run(
        select({ columns: [column('title'), version], from: ITEMS.name, where: eq(id, 5n) }),
      );
      expect(stale).to.deep.equal([{ title: 't5', version: 7 }]);
    });

    it('counts a matched row whose new values equal its old ones (CLIENT_FOUND_ROWS on MySQL)', async () => {
      await seed(3);
      const node = batchUpdate({
        table: ITEMS.name,
        keys: [{ name: 'id', type: big }],
        columns: [{ name: 'title', type: title }],
        rows: [
          { key: [1n], values: ['t1'] },
          { key: [2n], values: ['changed'] },
          { key: [9n], values: ['missing'] },
        ],
      });
      expect((await db.run(node)).affectedRows).to.equal(2);
      const { rows } = await db.run(select({ columns: [column('title')], from: ITEMS.name, orderBy: [id] }));
      expect(rows.map((r) => r.title)).to.deep.equal(['t1', 'changed', 't3']);
    });

    it('deletes 20,000 rows by (id, version) in chunks under the bind ceiling, not the stale one', async () => {
      await seed(20_001, { 77: 2 });
      const pairs = Array.from({ length: 20_001 }, (_, i) => [BigInt(i + 1), 1]);
      const size = Math.floor(maxBind() / 2);
      let deleted = 0;
      for (const part of chunks(pairs, size)) {
        deleted += (await db.run(deleteFrom({ table: ITEMS.name, where: inList(row(id, version), part) })))
          .affectedRows;
      }
      expect(deleted).to.equal(20_000);
      const { rows } = await db.run(select({ columns: [id, version], from: ITEMS.name }));
      expect(rows).to.deep.equal([{ id: '77', version: 2 }]);
    });

    it('deletes one chunk of exactly half the bind ceiling in (id, version) pairs', async () => {
      const size = Math.floor(maxBind() / 2);
      await seed(size + 1);
      const pairs = Array.from({ length: size }, (_, i) => [BigInt(i + 1), 1]);
      const node = deleteFrom({ table: ITEMS.name, where: inList(row(id, version), pairs) });
      const binds = db.dialect.compile(node).params.length;
      expect(binds).to.equal(ctx.dialect === 'postgres' ? 2 : size * 2);
      expect(binds).to.be.at.most(maxBind());
      expect((await db.run(node)).affectedRows).to.equal(size);
      expect(await count()).to.equal(1);
    });

    it('deletes by a plain key list of 20,000 ids (one array bind on PostgreSQL)', async () => {
      await seed(20_000);
      const ids = Array.from({ length: 20_000 }, (_, i) => BigInt(i + 1));
      const node = deleteFrom({ table: ITEMS.name, where: inList(id, ids) });
      expect(db.dialect.compile(node).params.length).to.equal(ctx.dialect === 'postgres' ? 1 : 20_000);
      expect((await db.run(node)).affectedRows).to.equal(20_000);
      expect(await count()).to.equal(0);
    });

    if (ctx.dialect === 'postgres') {
      it('deletes 100,000 (id, version) pairs in one statement on PostgreSQL', async () => {
        await seed(100_000);
        const pairs = Array.from({ length: 100_000 }, (_, i) => [BigInt(i + 1), 1]);
        const node = deleteFrom({ table: ITEMS.name, where: inList(row(id, version), pairs) });
        expect((await db.run(node)).affectedRows).to.equal(100_000);
      });
    } else {
      it('needs the caller to chunk 100,000 pairs: one statement is refused at the bind ceiling, before it is sent', () => {
        const pairs = Array.from({ length: 100_000 }, (_, i) => [BigInt(i + 1), 1]);
        const node = deleteFrom({ table: ITEMS.name, where: inList(row(id, version), pairs) });
        expect(() => db.dialect.compile(node))
          .to.throw(BindLimitError)
          .that.deep.includes({ parameters: 200_000, limit: maxBind() });
      });
    }
  });
});

import { expect } from 'chai';
import { connect } from '../../lib/dialects/connect';
import type { Database } from '../../lib/dialects/database';
import { column, insert, select } from '../../lib/sql/nodes';
import { sql } from '../../lib/sql/raw';
import type { ColumnType } from '../../lib/types/column-type';
import { describeEachDialect } from '../support/matrix';

const FLOAT: ColumnType = { kind: 'float' };

describeEachDialect('float columns read back exactly through the pool', (ctx) => {
  let db: Database;
  before(async () => {
    db = await connect(ctx.url);
    const ddl = [
      ...db.dialect.ddl.dropTable('t_float_read', { ifExists: true }),
      ...db.dialect.ddl.createTable({
        name: 't_float_read',
        columns: [
          { name: 'id', type: { kind: 'integer' }, primaryKey: true },
          { name: 'f', type: FLOAT },
        ],
      }),
    ];
    for (const statement of ddl) await db.pool.run({ sql: statement, params: [] });
  });
  after(async () => {
    await db.execute(sql`DROP TABLE t_float_read`);
    await db.close();
  });

  it('returns the shortest decimal of the 32-bit value, with and without bound parameters', async () => {
    await db.execute(
      insert({ table: 't_float_read', columns: ['id', { name: 'f', type: FLOAT }], rows: [[1, 1 / 3]] }),
    );
    const typed = column('f', { type: FLOAT });
    // No parameters: MySQL's text protocol, where MariaDB would print FLOAT with 6 digits.
    const plain = await db.query(select({ columns: [typed], from: 't_float_read' }));
    const bound = await db.query(select({ columns: [typed], from: 't_float_read', where: sql`id = ${1}` }));
    const read = (rows: Record<string, unknown>[]) => rows.map((r) => db.dialect.types.fromDriver(FLOAT, r.f));
    expect(read(plain)).to.deep.equal([0.33333334]);
    expect(read(bound)).to.deep.equal([0.33333334]);
  });
});

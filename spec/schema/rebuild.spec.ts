/**
 * Changes SQLite's ALTER TABLE cannot make go through the documented table rebuild (new table,
 * copy, drop, rename, in one transaction, foreign keys off around it and checked after). The same
 * changes run on PostgreSQL and MariaDB through ALTER TABLE; on every dialect the children of a
 * rebuilt parent keep their rows, though their foreign key says ON DELETE CASCADE.
 */
import { expect } from 'chai';
import type { Tabula } from '../../lib';
import { UniqueConstraintError } from '../../lib';
import { defineEntity, p } from '../../lib/mapping';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';
import { exec, open, rows } from './support/evolve';

class Box {
  id?: number;
  label: string | null = null;
}
class BoxV2 {
  id?: number;
  label = '';
}
class ItemV2 {
  id?: number;
  box!: BoxV2;
}
class Item {
  id?: number;
  box!: Box;
}
const boxV1 = defineEntity(Box, {
  table: 't_rb_boxes',
  properties: { id: p.integer().primaryKey().generated(), label: p.string({ length: 20 }).nullable() },
});
const itemMapper = defineEntity(Item, {
  table: 't_rb_items',
  properties: { id: p.integer().primaryKey().generated(), box: p.manyToOne(() => Box, { onDelete: 'cascade' }) },
});
// NOT NULL with a default, and a unique: a type/nullability/default and a constraint change.
const boxV2 = defineEntity(BoxV2, {
  table: 't_rb_boxes',
  properties: { id: p.integer().primaryKey().generated(), label: p.string({ length: 20 }).default('?').unique() },
});

const itemV2 = defineEntity(ItemV2, {
  table: 't_rb_items',
  properties: { id: p.integer().primaryKey().generated(), box: p.manyToOne(() => BoxV2, { onDelete: 'cascade' }) },
});

describeEachDialect('schema diff: table rebuild (SQLite) and its children', (ctx) => {
  let v1: Tabula;
  let v2: Tabula;

  before(async () => {
    v1 = await open(ctx.url, [boxV1, itemMapper]);
    v2 = await open(ctx.url, [boxV2, itemV2]);
  });
  beforeEach(async () => {
    await v1.schema.drop();
    await v1.schema.create();
    await exec(
      v1,
      "INSERT INTO t_rb_boxes (label) VALUES ('a'), ('b')",
      'INSERT INTO t_rb_items (box_id) VALUES (1), (2), (2)',
    );
  });
  after(async () => {
    await v1?.schema.drop();
    await v1?.close();
    await v2?.close();
  });

  it('keeps the parent rows and every child row (no ON DELETE CASCADE fired)', async () => {
    const diff = await v2.schema.update();
    if (ctx.dialect === 'sqlite') {
      expect(diff.changes.map((c) => c.kind)).to.include('rebuild-table');
      expect(diff.session).to.deep.equal({
        before: ['PRAGMA foreign_keys = OFF'],
        after: ['PRAGMA foreign_keys = ON'],
      });
      expect(diff.warnings).to.deep.equal([
        't_rb_boxes: SQLite rebuilds the table: every row is copied into a new table',
      ]);
    } else {
      expect(diff.changes.map((c) => c.kind)).to.deep.equal(['alter-column', 'add-unique']);
    }
    expect(await rows(v2, 'SELECT id, label FROM t_rb_boxes ORDER BY id')).to.deep.equal([
      { id: 1, label: 'a' },
      { id: 2, label: 'b' },
    ]);
    expect(await rows(v2, 'SELECT COUNT(*) AS n FROM t_rb_items'))
      .to.have.nested.property('[0].n')
      .that.satisfies((n: unknown) => Number(n) === 3);
    await v2.schema.verify();
    // Foreign keys are enforced again afterwards.
    await expectRejection(exec(v2, 'INSERT INTO t_rb_items (box_id) VALUES (99)'), Error);
  });

  it('rolls the whole change back when a row breaks the new definition', async () => {
    await exec(v1, "INSERT INTO t_rb_boxes (label) VALUES ('a')");
    await expectRejection(v2.schema.update(), UniqueConstraintError);
    // The transaction rolled back where DDL is transactional; MySQL commits each ALTER by itself.
    expect(await rows(v1, 'SELECT COUNT(*) AS n FROM t_rb_boxes'))
      .to.have.nested.property('[0].n')
      .that.satisfies((n: unknown) => Number(n) === 3);
    if (ctx.dialect !== 'mysql') await v1.schema.verify();
  });
});

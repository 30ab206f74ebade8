import { expect } from 'chai';
import { connect } from '../../lib/dialects/connect';
import type { Database } from '../../lib/dialects/database';
import { ForeignKeyConstraintError, StatementError } from '../../lib/errors';
import { defineEntity, MetadataRegistry, p } from '../../lib/mapping';
import { SchemaManager } from '../../lib/schema';
import { sql } from '../../lib/sql';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';

class Shelf {
  id?: number;
  constructor(public label: string) {}
}

class Jar {
  id?: number;
  constructor(
    public label: string,
    public shelf: Shelf,
  ) {}
}

const ShelfMapper = defineEntity(Shelf, {
  table: 't_schema_shelves',
  properties: { id: p.integer().primaryKey().generated(), label: p.string({ length: 40 }) },
});
const JarMapper = defineEntity(Jar, {
  table: 't_schema_jars',
  properties: {
    id: p.integer().primaryKey().generated(),
    label: p.string({ length: 40 }),
    shelf: p.manyToOne(() => Shelf),
  },
});

describeEachDialect('SchemaManager.create({ ifNotExists })', (ctx) => {
  let db: Database;
  const both = () => new SchemaManager(db, new MetadataRegistry([ShelfMapper, JarMapper]));
  const mapped = (names: Set<string>) => [...names].filter((n) => n.startsWith('t_schema_')).sort();

  before(async () => {
    db = await connect(ctx.url);
  });
  beforeEach(async () => {
    await both().drop();
  });
  after(async () => {
    await both().drop();
    await db.close();
  });

  it('lists the tables of the current schema', async () => {
    expect(mapped(await both().existingTables())).to.deep.equal([]);
    await both().create();
    expect(mapped(await both().existingTables())).to.deep.equal(['t_schema_jars', 't_schema_shelves']);
  });

  it('can run at every start: a second create leaves the tables and their rows as they are', async () => {
    await both().create({ ifNotExists: true });
    await db.execute(sql`insert into t_schema_shelves (label) values (${'top'})`);
    await both().create({ ifNotExists: true });
    const rows = await db.query(sql`select label from t_schema_shelves`);
    expect(rows).to.deep.equal([{ label: 'top' }]);
  });

  it('creates only the tables that are missing, with their foreign keys to the ones there', async () => {
    await new SchemaManager(db, new MetadataRegistry([ShelfMapper, JarMapper])).create();
    await db.execute(sql`DROP TABLE t_schema_jars`);
    await both().create({ ifNotExists: true });
    expect(mapped(await both().existingTables())).to.deep.equal(['t_schema_jars', 't_schema_shelves']);
    // The recreated child still has its foreign key to the parent that was left in place.
    await expectRejection(
      db.execute(sql`insert into t_schema_jars (label, shelf_id) values (${'x'}, ${999})`),
      ForeignKeyConstraintError,
    );
  });

  it('without ifNotExists, refuses a table that exists', async () => {
    await both().create();
    await expectRejection(both().create(), StatementError);
  });
});

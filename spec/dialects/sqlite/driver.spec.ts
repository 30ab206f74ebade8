import { expect } from 'chai';
import { connect } from '../../../lib/dialects/connect';
import { returnsRows } from '../../../lib/dialects/sqlite/driver';
import { StatementError } from '../../../lib/errors';
import { defineEntity, MetadataRegistry, p } from '../../../lib/mapping';
import { SchemaManager } from '../../../lib/schema';
import { sql } from '../../../lib/sql/raw';
import { expectRejection } from '../../support/expect-rejection';

describe('SQLite driver', () => {
  describe('returnsRows', () => {
    const cases: [string, boolean][] = [
      ['SELECT 1', true],
      ['  /* report */ select * from t', true],
      ['-- note\nSELECT 1', true],
      ["WITH x AS (SELECT 'update' AS a) SELECT * FROM x WHERE a = 'delete'", true],
      ['WITH x AS (SELECT 1 AS id) DELETE FROM t WHERE id IN (SELECT id FROM x)', false],
      ['WITH x AS (SELECT 1) DELETE FROM t RETURNING id', true],
      ['INSERT INTO t (a) VALUES (1)', false],
      ['INSERT INTO t (a) VALUES (1) RETURNING id', true],
      ["INSERT INTO t (a) VALUES ('returning')", false],
      ['UPDATE "returning" SET a = 1', false],
      ['VALUES (1), (2)', true],
      ['PRAGMA foreign_keys', true],
      ['CREATE TABLE t (id INTEGER)', false],
    ];
    for (const [statement, expected] of cases) {
      it(`${expected ? 'reads rows of' : 'runs'} ${JSON.stringify(statement)}`, () => {
        expect(returnsRows(statement)).to.equal(expected);
      });
    }
  });

  it('keeps an in-memory database when a statement fails and the writer is reset', async () => {
    class Note {
      id?: number;
      constructor(public body: string) {}
    }
    const NoteMapper = defineEntity(Note, {
      table: 't_sqlite_notes',
      properties: { id: p.integer().primaryKey().generated(), body: p.text() },
    });
    const db = await connect('sqlite::memory:');
    try {
      await db.execute(sql`CREATE TABLE t_sqlite_keep (id INTEGER PRIMARY KEY)`);
      await db.execute(sql`INSERT INTO t_sqlite_keep (id) VALUES (${7})`);
      const schema = new SchemaManager(db, new MetadataRegistry([NoteMapper]));
      await schema.create();
      // The second create fails (the table exists); the writer is reset, not replaced.
      await expectRejection(schema.create(), StatementError);
      expect(await db.query(sql`SELECT id FROM t_sqlite_keep`)).to.deep.equal([{ id: 7 }]);
      await db.execute(sql`INSERT INTO t_sqlite_notes (body) VALUES (${'still here'})`);
    } finally {
      await db.close();
    }
  });

  it('reads rows of a SELECT that starts with a comment', async () => {
    const db = await connect('sqlite::memory:');
    try {
      expect(await db.query(sql`/* report */ SELECT ${'x'} AS v`)).to.deep.equal([{ v: 'x' }]);
    } finally {
      await db.close();
    }
  });
});

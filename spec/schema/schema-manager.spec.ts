import { expect } from 'chai';
import { connect } from '../../lib/dialects/connect';
import type { Database } from '../../lib/dialects/database';
import { ForeignKeyConstraintError, StatementError } from '../../lib/errors';
import { defineEntity, MetadataRegistry, p } from '../../lib/mapping';
import { SchemaManager } from '../../lib/schema';
import { sql } from '../../lib/sql/raw';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';

class Team {
  id?: number;
  captain: Player | null = null;
  constructor(public name: string) {}
}

class Player {
  id?: number;
  constructor(
    public name: string,
    public team: Team,
  ) {}
}

// Teams and players reference each other: a cycle between the two tables.
const TeamMapper = defineEntity(Team, {
  table: 't_schema_teams',
  properties: {
    id: p.integer().primaryKey().generated(),
    name: p.string({ length: 40 }),
    captain: p.manyToOne(() => Player).nullable(),
  },
});
const PlayerMapper = defineEntity(Player, {
  table: 't_schema_players',
  properties: {
    id: p.integer().primaryKey().generated(),
    name: p.string({ length: 40 }),
    team: p.manyToOne(() => Team),
  },
});

describeEachDialect('SchemaManager', (ctx) => {
  let db: Database;
  let schema: SchemaManager;

  before(async () => {
    db = await connect(ctx.url);
    schema = new SchemaManager(db, new MetadataRegistry([TeamMapper, PlayerMapper]));
    await schema.drop();
  });
  after(async () => {
    await schema.drop();
    await db.close();
  });

  /**
   * `statement` fails on the foreign key `table.column` → `parent`, whose parent row is missing.
   * PostgreSQL and MariaDB name the key; SQLite does not say which one.
   */
  async function expectMissingParent(statement: Promise<unknown>, table: string, column: string, parent: string) {
    const error = await expectRejection(statement, ForeignKeyConstraintError);
    if (ctx.dialect === 'sqlite') {
      expect(error.message).to.contain('Foreign key violation: a row refers to a parent row that does not exist');
      return;
    }
    expect([error.table, error.column]).to.deep.equal([table, column]);
    expect(error.message).to.contain(`Foreign key violation in ${table}: foreign key `);
    expect(error.message).to.contain(`(${column}) refers to a ${parent} row that does not exist`);
  }

  /** `statement` fails because `table` does not exist. */
  async function expectMissingTable(statement: Promise<unknown>, table: string) {
    const error = await expectRejection(statement, StatementError);
    expect(error.message).to.match(new RegExp(`^The database rejected the SQL: .*\\b${table}\\b`));
  }

  it('creates tables whose foreign keys form a cycle, with both keys enforced', async () => {
    await schema.create();
    await db.execute(sql`INSERT INTO t_schema_teams (id, name) VALUES (${1}, ${'Reds'})`);
    await db.execute(sql`INSERT INTO t_schema_players (id, name, team_id) VALUES (${10}, ${'Ann'}, ${1})`);
    await db.execute(sql`UPDATE t_schema_teams SET captain_id = ${10} WHERE id = ${1}`);
    const rows = await db.query(
      sql`SELECT t.name AS team, p.name AS captain FROM t_schema_teams t JOIN t_schema_players p ON p.id = t.captain_id`,
    );
    expect(rows).to.deep.equal([{ team: 'Reds', captain: 'Ann' }]);
    await expectMissingParent(
      db.execute(sql`UPDATE t_schema_teams SET captain_id = ${99} WHERE id = ${1}`),
      't_schema_teams',
      'captain_id',
      't_schema_players',
    );
    await expectMissingParent(
      db.execute(sql`INSERT INTO t_schema_players (id, name, team_id) VALUES (${11}, ${'Bo'}, ${42})`),
      't_schema_players',
      'team_id',
      't_schema_teams',
    );
  });

  it('drops tables whose foreign keys form a cycle, rows and all', async () => {
    await schema.drop();
    await expectMissingTable(db.query(sql`SELECT COUNT(*) FROM t_schema_teams`), 't_schema_teams');
    await expectMissingTable(db.query(sql`SELECT COUNT(*) FROM t_schema_players`), 't_schema_players');
    // Foreign-key enforcement is back on for the session afterwards.
    await schema.create();
    await expectMissingParent(
      db.execute(sql`INSERT INTO t_schema_players (id, name, team_id) VALUES (${1}, ${'Cy'}, ${7})`),
      't_schema_players',
      'team_id',
      't_schema_teams',
    );
  });

  it('lists create statements with foreign-key indexes, cycle-closing keys last where the dialect needs it', () => {
    const heads = schema.createStatements().map((s) => s.replace(/[`"]/g, '').split(/\s+\(|\s+ON\s+|\s+ADD\s+/)[0]);
    const common = [
      'CREATE TABLE t_schema_teams',
      'CREATE INDEX t_schema_teams_captain_id_fk_idx',
      'CREATE TABLE t_schema_players',
      'CREATE INDEX t_schema_players_team_id_fk_idx',
    ];
    // MySQL declares indexes inside CREATE TABLE, so its foreign keys reuse them.
    const expected =
      ctx.dialect === 'sqlite'
        ? common
        : ctx.dialect === 'mysql'
          ? ['CREATE TABLE t_schema_teams', 'CREATE TABLE t_schema_players', 'ALTER TABLE t_schema_teams']
          : [...common, 'ALTER TABLE t_schema_teams'];
    expect(heads).to.deep.equal(expected);
  });
});

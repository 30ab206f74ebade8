import { expect } from 'chai';
import { OptimisticLockError } from 'tabula-orm';
import { column, eq, select } from 'tabula-orm/sql';
import { planSql, planSummary, RecordingDialect } from 'tabula-orm/testing';
import { expectRejection } from '../support/expect-rejection';
import { Article, kitMappers, Label, Newsroom, Writer, writers } from './support/kit-fixture';

/** An EntityManager over a fresh recording of `dialect`, with the recording to assert. */
function recorded(options: ConstructorParameters<typeof RecordingDialect>[0] = {}) {
  const recording = new RecordingDialect(options);
  return { recording, em: recording.open({ mappers: kitMappers }).em.fork() };
}

describe('RecordingDialect: plans and SQL without a database', () => {
  beforeEach(() => writers.reset());

  it('plans a service’s changes as plain data, the same on every dialect', async () => {
    const summaries = [];
    for (const dialect of ['sqlite', 'postgres', 'mysql'] as const) {
      const { recording, em } = recorded({ dialect });
      // Arranged through a recorded flush: the article is managed, so a find by key needs no SQL.
      const first = new Article('First', 100, new Writer('Ann'));
      em.persist(first, first.writer);
      await em.flush();
      recording.clear();
      const newsroom = new Newsroom(em);
      await newsroom.edit(first.id as number, 900);
      await newsroom.publish('Bob', 'Second');
      summaries.push([planSummary(em.plan()), recording.sql]);
    }
    expect(summaries.map(([summary]) => summary)).to.deep.equal(
      Array(3).fill([
        { kind: 'insert', table: 't_kit_writers', rows: 1 },
        { kind: 'insert', table: 't_kit_articles', rows: 1 },
        { kind: 'update', table: 't_kit_articles', rows: 1 },
      ]),
    );
    // The find by name is a SELECT, answered with no rows: the service makes a new writer.
    expect(summaries.map(([, sql]) => sql)).to.deep.equal([
      [
        'SELECT "t0"."id", "t0"."name" FROM "t_kit_writers" AS "t0" WHERE "t0"."name" = ? ORDER BY "t0"."id" ASC LIMIT 1',
      ],
      [
        'SELECT "t0"."id", "t0"."name" FROM "t_kit_writers" AS "t0" WHERE "t0"."name" = $1 ORDER BY "t0"."id" ASC LIMIT 1',
      ],
      [
        'SELECT `t0`.`id`, `t0`.`name` FROM `t_kit_writers` AS `t0` WHERE `t0`.`name` = ? ORDER BY `t0`.`id` ASC LIMIT 1',
      ],
    ]);
  });

  it('gives each dialect’s SQL for the plan, and records what the flush sent (one statement: alone, without transaction control)', async () => {
    const sent: Record<string, unknown> = {};
    for (const dialect of ['sqlite', 'postgres', 'mysql'] as const) {
      const { recording, em } = recorded({ dialect });
      em.persist(new Label('sf'), new Label('classic'));
      const planned = planSql(em.plan());
      await em.flush();
      sent[dialect] = { planned, sent: recording.statements };
    }
    expect(sent).to.deep.equal({
      sqlite: {
        planned: ['INSERT INTO "t_kit_labels" ("name") VALUES (?), (?) RETURNING "id"'],
        // One statement goes alone: no BEGIN/COMMIT (docs/unit-of-work.md, "Round trips").
        sent: [
          { sql: 'INSERT INTO "t_kit_labels" ("name") VALUES (?), (?) RETURNING "id"', params: ['sf', 'classic'] },
        ],
      },
      postgres: {
        planned: ['INSERT INTO "t_kit_labels" ("name") SELECT * FROM unnest($1::varchar(40)[]) RETURNING "id"'],
        sent: [
          {
            sql: 'INSERT INTO "t_kit_labels" ("name") SELECT * FROM unnest($1::varchar(40)[]) RETURNING "id"',
            params: [['sf', 'classic']],
          },
        ],
      },
      mysql: {
        planned: ['INSERT INTO `t_kit_labels` (`name`) VALUES (?), (?) RETURNING `id`'],
        sent: [
          { sql: 'INSERT INTO `t_kit_labels` (`name`) VALUES (?), (?) RETURNING `id`', params: ['sf', 'classic'] },
        ],
      },
    });
  });

  it('answers generated keys as fresh tables would: per table, from 1', async () => {
    const { recording, em } = recorded({ dialect: 'postgres' });
    const [a, b] = [new Writer('A'), new Writer('B')];
    const article = new Article('T', 10, a);
    em.persist(a, b, article);
    await em.flush();
    expect([a.id, b.id, article.id, article.version, recording.sql.length]).to.deep.equal([1, 2, 1, 1, 4]);
  });

  it('pairs keys through insertId where the server has no RETURNING (MySQL 8)', async () => {
    const { recording, em } = recorded({ dialect: 'mysql', capabilities: { hasReturning: false } });
    const [a, b, c] = [new Writer('A'), new Writer('B'), new Writer('C')];
    em.persist(a, b, c);
    await em.flush();
    expect([[a.id, b.id, c.id], recording.sql.find((q) => q.startsWith('INSERT'))]).to.deep.equal([
      [1, 2, 3],
      'INSERT INTO `t_kit_writers` (`name`) VALUES (?), (?), (?)',
    ]);
  });

  it('writes an UPDATE as matching its row, and answers otherwise through respond (a stale version)', async () => {
    let stale = false;
    const { recording, em } = recorded({
      respond: (s) => (stale && s.sql.startsWith('UPDATE') ? { affectedRows: 0 } : undefined),
    });
    const article = new Article('T', 10, new Writer('A'));
    em.persist(article, article.writer);
    await em.flush();
    article.words = 20;
    await em.flush();
    expect(article.version).to.equal(2);
    stale = true;
    article.words = 30;
    await expectRejection(em.flush(), OptimisticLockError);
    // A one-row UPDATE goes alone (no transaction to roll back), and its one row matched nothing,
    // so it is the stale one: no read to find it.
    expect(recording.sql.slice(-2).map((q) => q.split(' ')[0])).to.deep.equal(['UPDATE', 'UPDATE']);
  });

  it('answers a SELECT with no rows unless respond gives some', async () => {
    const { em } = recorded({
      respond: (s) => (s.sql.includes('"t_kit_writers"') ? { rows: [{ id: 7, name: 'Found' }] } : undefined),
    });
    const found = await em.findOneOrFail(Writer, { name: 'Found' });
    expect([found.id, found.name, await em.findAll(Label)]).to.deep.equal([7, 'Found', []]);
  });

  it('compiles a statement for its dialect without recording it', () => {
    const recording = new RecordingDialect({ dialect: 'postgres' });
    const query = recording.compile(select({ columns: [column('id')], from: 't', where: eq(column('id'), 1) }));
    expect([query.sql, query.params, recording.statements, recording.name]).to.deep.equal([
      'SELECT "id" FROM "t" WHERE "id" = $1',
      [1],
      [],
      'postgres',
    ]);
  });
});

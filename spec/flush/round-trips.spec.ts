/**
 * Round trips of a flush (docs/unit-of-work.md, "Round trips"): a flush of one statement is sent
 * alone, without BEGIN/COMMIT, where that keeps every promise of the flush; a one-row UPDATE is
 * `UPDATE … SET … WHERE key = ?` and a one-row DELETE `DELETE … WHERE key = ?`. Statements are
 * read from the query events of the Tabula.
 *
 * PostgreSQL resolves a lost COMMIT by default (resolveCommitOutcome): there a lone INSERT or
 * versioned UPDATE keeps its transaction (its loss could not be resolved otherwise); an unversioned
 * one-row UPDATE goes alone, and so does a one-row DELETE, whose loss its row resolves
 * (lone-delete.spec.ts); with `resolveCommitOutcome: false` it behaves as SQLite and MariaDB
 * (whose default is off).
 */
import { expect } from 'chai';
import sinon from 'sinon';
import { Tabula } from '../../lib';
import {
  CommitOutcomeUnknownError,
  ConnectionLostError,
  EntityStateError,
  OptimisticLockError,
  UnexpectedResultError,
} from '../../lib/errors';
import { sql } from '../../lib/sql';
import { Employee, Novel, uowMappers, Writer } from '../entity-manager/support/entities';
import { emptyTables } from '../entity-manager/support/uow-fixture';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';

const CONTROL = /^\s*(BEGIN|START|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b/i;

describeEachDialect('flush round trips', (ctx) => {
  let orm: Tabula;
  /** PostgreSQL with resolution off: behaves as the other dialects. */
  let unresolved: Tabula;
  let seen: string[] = [];
  const stops: (() => void)[] = [];

  before(async () => {
    orm = await Tabula.connect({ url: ctx.url, mappers: [...uowMappers] });
    await orm.schema.drop();
    await orm.schema.create();
    unresolved =
      ctx.dialect === 'postgres'
        ? await Tabula.connect({ url: ctx.url, mappers: [...uowMappers], resolveCommitOutcome: false })
        : orm;
    for (const t of new Set([orm, unresolved])) stops.push(t.db.onQuery((e) => seen.push(e.sql)));
  });
  beforeEach(() => {
    seen = [];
  });
  afterEach(async () => {
    sinon.restore();
    await emptyTables(orm);
  });
  after(async () => {
    for (const stop of stops) stop();
    if (unresolved !== orm) await unresolved.close();
    await orm.schema.drop();
    await orm.close();
  });

  /** A writer with one novel, flushed and the statements forgotten. */
  async function seeded(t: Tabula = orm) {
    const em = t.em.fork();
    const writer = new Writer('Ann');
    const novel = new Novel('First', writer);
    writer.books.push(novel);
    em.persist(writer);
    await em.flush();
    seen = [];
    return { em, writer, novel };
  }

  const resolves = () => ctx.dialect === 'postgres';

  it('sends a one-row INSERT alone where no COMMIT outcome is resolved', async () => {
    const em = unresolved.em.fork();
    em.persist(new Writer('Ann'));
    await em.flush();
    expect(seen).to.have.length(1);
    expect(seen[0]).to.match(/^INSERT INTO/i);
  });

  it('keeps the transaction of a lone INSERT where the COMMIT outcome is resolved (PostgreSQL by default)', async () => {
    const em = orm.em.fork();
    em.persist(new Writer('Ann'));
    await em.flush();
    if (resolves()) {
      expect(seen).to.have.length(3);
      expect(seen[0]).to.match(/^BEGIN/);
      expect(seen[2]).to.match(/^COMMIT/);
    } else expect(seen.filter((s) => CONTROL.test(s))).to.deep.equal([]);
  });

  it('sends a one-row unversioned UPDATE alone, as UPDATE … SET … WHERE id = ?, on every dialect', async () => {
    const { em, novel } = await seeded();
    novel.title = 'Second';
    await em.flush();
    expect(seen).to.have.length(1);
    const update = seen[0] as string;
    expect(update).to.match(/^UPDATE \S+ SET \S+ = (\?|\$1) WHERE \S+ = (\?|\$2)$/);
    expect(update).not.to.match(/\bFROM\b|\bJOIN\b|unnest|\bIN\b/i);
    const rows = await orm.db.query(sql`select title from t_uow_novels`);
    expect(rows.map((r) => r.title)).to.deep.equal(['Second']);
  });

  it('checks the version in the WHERE of a one-row versioned UPDATE, and a stale one writes nothing', async () => {
    const { em, writer } = await seeded(unresolved);
    writer.name = 'Bea';
    await em.flush();
    expect(seen.filter((s) => !CONTROL.test(s))).to.have.length(1);
    expect(seen.filter((s) => CONTROL.test(s))).to.deep.equal([]);
    const update = seen[0] as string;
    expect(update).to.match(/^UPDATE \S+ SET .* WHERE \S+ = \S+ AND \S*version\S* = \S+$/);

    // Someone else bumps the version: the lone UPDATE matches no row, so nothing is written.
    await orm.db.execute(sql`update t_uow_writers set version = version + 1`);
    writer.name = 'Cid';
    await expectRejection(em.flush(), OptimisticLockError);
    const rows = await orm.db.query(sql`select name from t_uow_writers`);
    expect(rows.map((r) => r.name)).to.deep.equal(['Bea']);
  });

  it('sends a one-row DELETE as DELETE … WHERE id = ?, alone where no COMMIT outcome is resolved', async () => {
    const { em, writer, novel } = await seeded(unresolved);
    writer.books.splice(0, 1);
    em.remove(novel);
    await em.flush();
    expect(seen).to.have.length(1);
    expect(seen[0]).to.match(/^DELETE FROM \S+ WHERE \S+ = (\?|\$1)$/);
  });

  it('keeps multi-row UPDATEs batched and in one transaction', async () => {
    const em = unresolved.em.fork();
    const a = new Writer('Ann');
    const b = new Writer('Bea');
    em.persist(a, b);
    await em.flush();
    seen = [];
    a.name = 'Ann2';
    b.name = 'Bea2';
    await em.flush();
    const writes = seen.filter((s) => !CONTROL.test(s));
    expect(writes).to.have.length(1);
    expect(seen.filter((s) => CONTROL.test(s)).length).to.be.at.least(2);
    expect(writes[0]).to.match(ctx.dialect === 'mysql' ? /JOIN/ : /FROM/);
  });

  it('runs a one-statement flush inside transactional() in its savepoint, not alone', async () => {
    const { em, novel } = await seeded();
    await em.transactional(async () => {
      novel.title = 'Inside';
      await em.flush();
    });
    expect(seen.some((s) => /^SAVEPOINT/i.test(s))).to.equal(true);
  });

  it('reports a lone INSERT that lost its connection as CommitOutcomeUnknownError and refuses its entities', async () => {
    const em = unresolved.em.fork();
    const writer = new Writer('Ann');
    em.persist(writer);
    const lost = new ConnectionLostError('socket closed');
    sinon.stub(unresolved.db.pool, 'run').rejects(lost);
    const error = await expectRejection(em.flush(), CommitOutcomeUnknownError);
    expect(error.message).to.match(/only statement/);
    expect(error.cause).to.equal(lost);
    sinon.restore();
    await expectRejection(em.flush(), EntityStateError);
  });

  it('reports a lone INSERT whose keys do not pair with its rows as written, and refuses its entities (SQLite trigger)', async function () {
    if (ctx.dialect !== 'sqlite') this.skip(); // the trigger is written in SQLite's syntax; the path is the same on every dialect
    await orm.db.execute(
      sql`create trigger t_uow_employees_skip before insert on t_uow_employees when new.name = 'skip' begin select raise(ignore); end`,
    );
    try {
      const em = orm.em.fork();
      em.persist(new Employee('kept'), new Employee('skip'));
      const error = await expectRejection(em.flush(), UnexpectedResultError);
      expect(error.message).to.match(/sent without a transaction, and what the database did stays written/);
      const rows = await orm.db.query(sql`select name from t_uow_employees`);
      expect(rows.map((r) => r.name)).to.deep.equal(['kept']);
      await expectRejection(em.flush(), EntityStateError);
    } finally {
      await orm.db.execute(sql`drop trigger t_uow_employees_skip`);
    }
  });

  it('reports a lone unversioned UPDATE that lost its connection as ConnectionLostError; flushing again writes it', async () => {
    const { em, novel } = await seeded();
    novel.title = 'Again';
    sinon.stub(orm.db.pool, 'run').rejects(new ConnectionLostError('socket closed'));
    await expectRejection(em.flush(), ConnectionLostError);
    sinon.restore();
    await em.flush();
    const rows = await orm.db.query(sql`select title from t_uow_novels`);
    expect(rows.map((r) => r.title)).to.deep.equal(['Again']);
  });
});

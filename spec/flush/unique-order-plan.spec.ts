import { expect } from 'chai';
import { sqliteTypes } from '../../lib/dialects/sqlite/types';
import { CommitOrderError, UniqueOrderError } from '../../lib/errors';
import { MetadataRegistry } from '../../lib/mapping';
import { executePlan, planFlush } from '../../lib/flush';
import { newEntry, UnitOfWork } from '../../lib/unit-of-work';
import { RecordingDialect } from '../support/recording-dialect';
import { Novel, uowMappers, Writer } from '../entity-manager/support/entities';
import { Acct, REPLACED_WRITER_STEPS, uniqueMappers, writerWithFavourite } from './support/unique-entities';

const registry = new MetadataRegistry([...uowMappers, ...uniqueMappers]);
const newUow = () => new UnitOfWork(registry, (m) => registry.hotPaths(m, sqliteTypes));

/** Registers `entity` as loaded with key `id` (snapshot taken now), as a find would. */
function managed<T extends object>(uow: UnitOfWork, entity: T, id: number): T {
  (entity as { id?: number }).id = id;
  if (entity instanceof Writer) entity.version = 1;
  const meta = registry.get(entity.constructor as new (...args: never[]) => T);
  const entry = newEntry('managed', entity, meta, id, true);
  entry.snapshot = registry.hotPaths(meta, sqliteTypes).snapshot(entity);
  if (entity instanceof Writer) entry.members = new Map([['books', [...entity.books]]]);
  uow.register(entry);
  return entity;
}

const shape = (uow: UnitOfWork) =>
  planFlush(uow, new RecordingDialect()).steps.map((s) => `${s.kind} ${s.table} ${s.rows.length}`);

describe('planFlush: unique values freed and taken (recording dialect, no database)', () => {
  it('replaces a writer by a new one of the same name: the old rows go first, their own order kept', async () => {
    const uow = newUow();
    const { writer: old, book } = writerWithFavourite('Ann', 'Old');
    book.id = 2;
    managed(uow, old, 1);
    managed(uow, book, 2);
    uow.remove(old);
    uow.persist(writerWithFavourite('Ann', 'New').writer);
    const dialect = new RecordingDialect();
    const plan = planFlush(uow, dialect);
    expect(plan.steps.map((s) => `${s.kind} ${s.table} ${s.rows.length}`)).to.deep.equal(REPLACED_WRITER_STEPS);
    expect(plan.describe()).to.include(
      'Writer#1: cycle broken: favourite_id written after insert; removed; deleted first: frees unique t_uow_writers.name, taken by the insert of Writer(new #1)',
    );
    await executePlan(plan, dialect);
    expect(dialect.statements.map((s) => [s.sql.split(' ').slice(0, 3).join(' '), s.params])).to.deep.equal([
      ['UPDATE "t_uow_writers" SET', [null, 1]],
      ['DELETE FROM "t_uow_novels"', [2]],
      ['DELETE FROM "t_uow_writers"', [1, 1]],
      ['INSERT INTO "t_uow_writers"', [1, 'Ann', null]],
      ['INSERT INTO "t_uow_novels"', ['New', 1]],
      ['UPDATE "t_uow_writers" SET', [1, 1]],
    ]);
  });

  it('refuses a cycle through a reference: the new writer takes the name, a book moves to it, the old writer goes after', () => {
    const uow = newUow();
    const old = managed(uow, new Writer('Ann'), 1);
    const book = managed(uow, new Novel('Kept', old), 2);
    const ann = new Writer('Ann');
    book.writer = ann;
    uow.remove(old);
    uow.persist(ann);
    let error: unknown;
    try {
      planFlush(uow, new RecordingDialect());
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(UniqueOrderError).and.instanceOf(CommitOrderError);
    expect((error as UniqueOrderError).cycle).to.deep.equal([
      'delete of Writer#1 -> insert of Writer(new #1) (unique t_uow_writers.name)',
      'insert of Writer(new #1) -> update of Novel#2 (t_uow_novels.writer_id)',
      'update of Novel#2 -> delete of Writer#1 (t_uow_novels.writer_id)',
    ]);
    expect((error as UniqueOrderError).entities).to.deep.equal(['Writer#1', 'Writer(new #1)', 'Novel#2']);
  });

  it('rotates three nullable values with one temporary NULL, then one UPDATE per row in order', () => {
    const uow = newUow();
    const [a, b, c] = [
      managed(uow, new Acct('a@e.com', 'p'), 1),
      managed(uow, new Acct('b@e.com', 'q'), 2),
      managed(uow, new Acct('c@e.com', 'r'), 3),
    ];
    a.nick = 'q';
    b.nick = 'r';
    c.nick = 'p';
    const plan = planFlush(uow, new RecordingDialect());
    expect(plan.steps.map((s) => [s.kind, ...s.rows.map((r) => `${r.label} ${r.values}`)])).to.deep.equal([
      ['break-cycle', 'Acct#1 '],
      ['update', 'Acct#3 p'],
      ['update', 'Acct#2 r'],
      ['update', 'Acct#1 q'],
    ]);
    expect(plan.steps[0]?.statements.map((s) => s.sql)).to.deep.equal([
      'UPDATE "t_uq_accts" SET "nick" = ? WHERE "id" = ?',
    ]);
  });

  it('leaves the plan as it was when the values freed and taken differ', () => {
    const uow = newUow();
    const a = managed(uow, new Acct('a@e.com'), 1);
    managed(uow, new Acct('b@e.com'), 2).email = 'c@e.com';
    uow.remove(a);
    uow.persist(new Acct('d@e.com'));
    expect(shape(uow)).to.deep.equal(['insert t_uq_accts 1', 'update t_uq_accts 1', 'delete t_uq_accts 1']);
  });
});

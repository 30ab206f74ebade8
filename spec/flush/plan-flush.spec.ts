import { expect } from 'chai';
import { sqliteTypes } from '../../lib/dialects/sqlite/types';
import { MetadataRegistry } from '../../lib/mapping';
import { executePlan } from '../../lib/flush/execute-plan';
import { planFlush } from '../../lib/flush/plan-flush';
import { RecordingDialect } from '../support/recording-dialect';
import { UnitOfWork } from '../../lib/unit-of-work/unit-of-work';
import { Employee, Novel, uowMappers, Writer } from '../entity-manager/support/entities';

const registry = new MetadataRegistry([...uowMappers]);
const newUow = () => new UnitOfWork(registry, (m) => registry.hotPaths(m, sqliteTypes));

describe('planFlush (recording dialect, no database)', () => {
  it('plans the writer ↔ novel cycle as inserts, then a cycle-break UPDATE, with the exact SQL', () => {
    const uow = newUow();
    const ann = new Writer('Ann');
    const a = new Novel('A', ann);
    ann.books.push(a);
    ann.favourite = a;
    uow.persist(ann);
    const plan = planFlush(uow, new RecordingDialect());
    expect(plan.steps.map((s) => [s.kind, s.statements.map((x) => [x.sql, x.bindCount])])).to.deep.equal([
      [
        'insert',
        [['INSERT INTO "t_uow_writers" ("version", "name", "favourite_id") VALUES (?, ?, ?) RETURNING "id"', 3]],
      ],
      ['insert', [['INSERT INTO "t_uow_novels" ("title", "writer_id") VALUES (?, ?) RETURNING "id"', 2]]],
      ['break-cycle', [['UPDATE "t_uow_writers" SET "favourite_id" = ? WHERE "id" = ?', 2]]],
    ]);
    expect(plan.describe()).to.include(
      'Writer(new #1) -> Novel(new #2) uses <id of Writer(new #1)>, <id of Novel(new #2)>'.split(' uses')[0],
    );
    expect(plan.describe()).to.include('uses <id of Novel(new #2)>');
  });

  it('executes the plan with generated keys bound where the plan had placeholders', async () => {
    const uow = newUow();
    const ann = new Writer('Ann');
    const a = new Novel('A', ann);
    ann.favourite = a;
    uow.persist(ann);
    uow.persist(a);
    const dialect = new RecordingDialect();
    const plan = planFlush(uow, dialect);
    const result = await executePlan(plan, dialect);
    expect(dialect.statements.map((s) => s.params)).to.deep.equal([
      [1, 'Ann', null],
      ['A', 1],
      [1, 1],
    ]);
    // Keys are counted per table, as two fresh tables would generate them.
    expect([result.generated.get(0, 0), result.generated.get(1, 0)]).to.deep.equal([1, 1]);
    expect(ann.id).to.equal(undefined);
  });

  it('chunks a step under the bind ceiling and gives byte-identical SQL for the same state', () => {
    const make = () => {
      const uow = newUow();
      for (let i = 0; i < 7; i++) uow.persist(new Employee(`e${i}`));
      return planFlush(uow, new RecordingDialect({ maxBindParameters: 6 }));
    };
    const plan = make();
    const step = plan.steps[0];
    expect(step?.statements.map((s) => [s.start, s.end, s.bindCount])).to.deep.equal([
      [0, 3, 6],
      [3, 6, 6],
      [6, 7, 2],
    ]);
    expect(make().steps.map((s) => s.statements.map((x) => x.sql))).to.deep.equal(
      plan.steps.map((s) => s.statements.map((x) => x.sql)),
    );
  });

  it('leaves RETURNING out when the dialect has none', () => {
    const uow = newUow();
    uow.persist(new Employee('a'));
    uow.persist(new Employee('b'));
    const plan = planFlush(uow, new RecordingDialect({ hasReturning: false }));
    expect(plan.steps[0]?.statements.map((s) => s.sql)).to.deep.equal([
      'INSERT INTO "t_uow_employees" ("name", "reports_to_id") VALUES (?, ?), (?, ?)',
    ]);
  });
});

/**
 * The recording dialect as the planner's unit specs use it: `planFlush(uow, dialect)` and
 * `executePlan(plan, dialect)` with no EntityManager. The recording itself is the public one's
 * (lib/testing: real SQL from SQLite's compiler and types, statements recorded instead of sent,
 * generated keys counted per table); this adapter only shapes it as a PlanTarget and a PlanRunner.
 */
import type { PlanRunner, PlanTarget } from '../../lib/flush';
import { offlineDialect, type DialectCapabilities } from '../../lib/dialects';
import { type RecordedStatement, StatementRecorder } from '../../lib/testing';

export type { RecordedStatement };

export class RecordingDialect implements PlanTarget, PlanRunner {
  readonly types;
  readonly autoIncrementStep = 1;
  readonly hasReturning: boolean;
  readonly maxBindParameters: number;
  private readonly recorder: StatementRecorder;

  constructor(capabilities: Partial<DialectCapabilities> = {}) {
    const dialect = offlineDialect('sqlite', capabilities);
    this.recorder = new StatementRecorder(dialect, undefined);
    this.types = dialect.types;
    this.hasReturning = dialect.capabilities.hasReturning;
    this.maxBindParameters = dialect.capabilities.maxBindParameters;
  }

  get statements(): readonly RecordedStatement[] {
    return this.recorder.statements;
  }

  compile: PlanTarget['compile'] = (node) => this.recorder.compile(node);

  /** Records the statement; an INSERT … RETURNING gets one generated id per row, counted per table. */
  run(query: RecordedStatement) {
    return this.recorder.run(query);
  }
}

/**
 * Runs a FlushPlan statement by statement on one transaction. Generated keys go into a side
 * table (nothing is written into entities here), every UPDATE and DELETE has its affected-row
 * count checked (a shortfall throws ShortStatement, which runFlush names after the rollback), and
 * each step is timed for the flush event.
 */
import { InternalError, UnexpectedResultError, UnsupportedError } from '../errors/index.js';
import { holdShapeModels } from '../mapping/index.js';
import { CompileContext, ValueRows } from '../sql/index.js';
import type { ColumnType } from '../types/index.js';
import { type FlushPlan, type FlushStep, isPendingId, type PendingId } from './flush-plan.js';
import { AffectedCounter, type AffectedRows } from './flush-result.js';
import type { PlanRunner } from './plan-target.js';
import { readBackDefaults } from './read-back.js';
import { ShortStatement } from './stale-rows.js';
import { stepNode } from './statement-nodes.js';

export interface StepTiming {
  readonly kind: FlushStep['kind'];
  readonly table: string;
  readonly rows: number;
  readonly statements: number;
  readonly durationMs: number;
}

export interface ExecutionResult {
  /**
   * Per insert row (index into plan.inserts): its generated key values by key column index, or
   * undefined when the database generated none. The single-key case stores no array per row.
   */
  readonly generated: GeneratedKeys;
  /** Columns filled by their database DEFAULT (`.defaultSql`), by entity and property; empty without any. */
  readonly readBack: ReadonlyMap<object, Readonly<Record<string, unknown>>>;
  readonly statements: number;
  readonly rows: number;
  readonly steps: readonly StepTiming[];
  /** Rows written per operation and table, from the statements' affected-row counts. */
  readonly affected: AffectedRows;
}

/** Generated key values of a flush's insert rows. */
export class GeneratedKeys {
  private readonly single: unknown[] = [];
  private readonly composite = new Map<number, unknown[]>();

  /** Key column `keyIndex` of insert row `insert`, or undefined. */
  get(insert: number, keyIndex: number): unknown {
    return keyIndex === 0 ? this.single[insert] : this.composite.get(insert)?.[keyIndex];
  }

  set(insert: number, keyIndex: number, value: unknown): void {
    if (keyIndex === 0) this.single[insert] = value;
    else {
      let values = this.composite.get(insert);
      if (!values) this.composite.set(insert, (values = []));
      values[keyIndex] = value;
    }
  }
}

// Made by every flush (with the counter of its affected rows, the value rows of its statements and
// their compile context), and dropped after it (shape-models.ts).
holdShapeModels(
  new GeneratedKeys(),
  new AffectedCounter(),
  ValueRows.flat([], [], 'a shape model', 0),
  new CompileContext(),
);

function compareKeys(a: unknown, b: unknown): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  return Number(a) - Number(b);
}

export async function executePlan(plan: FlushPlan, runner: PlanRunner): Promise<ExecutionResult> {
  const generated = new GeneratedKeys();
  const resolve = (pending: PendingId, _type: ColumnType | undefined): unknown => {
    const found = generated.get(pending.insert, pending.keyIndex);
    if (found === undefined)
      throw new InternalError(`The key of ${pending.label} was not generated before it was needed.`);
    return found;
  };
  const timings: StepTiming[] = [];
  const readBack = new Map<object, Record<string, unknown>>();
  let statements = 0;
  let rows = 0;
  const affected = new AffectedCounter();
  for (const step of plan.steps) {
    const started = performance.now();
    for (const s of step.statements) {
      const slice = step.rows.slice(s.start, s.end);
      const query =
        !s.isCompiled || s.hasPendingValues ? runner.compile(stepNode(step, slice, resolve, runner.hasReturning)) : s;
      const result = await runner.run(query);
      statements++;
      rows += slice.length;
      if (step.kind === 'insert' && (step.returning.length > 0 || step.readBack)) {
        if (step.returning.length > 0) collectKeys(step, s.start, slice.length, result, runner, generated);
        if (step.readBack) await readBackDefaults(step, slice, result, runner, resolve, readBack);
      } else if (step.kind !== 'insert' && step.kind !== 'link' && result.affectedRows < slice.length) {
        // Which rows are stale is read after the rollback (runFlush): inside the transaction a row
        // bumped once looks like one this statement wrote.
        throw new ShortStatement(step, slice, slice.length - result.affectedRows);
      }
      // An INSERT writes all its rows or fails; an UPDATE or DELETE reported at least its rows (above).
      affected.add(
        step.kind,
        step.table,
        step.kind === 'insert' || step.kind === 'link' ? slice.length : Math.min(result.affectedRows, slice.length),
      );
    }
    timings.push({
      kind: step.kind,
      table: step.table,
      rows: step.rows.length,
      statements: step.statements.length,
      durationMs: performance.now() - started,
    });
  }
  return { generated, readBack, statements, rows, steps: timings, affected: affected.result() };
}

/**
 * Pairs generated keys with input rows. With RETURNING: identity values of one statement are
 * increasing in input order, so the returned keys are sorted ascending and paired in order (the
 * result order itself is not trusted). Without RETURNING: MySQL's insertId is the first id of
 * the statement and the others follow it by auto_increment_increment; affectedRows must equal
 * the row count.
 */
function collectKeys(
  step: FlushStep,
  start: number,
  count: number,
  result: Awaited<ReturnType<PlanRunner['run']>>,
  runner: PlanRunner,
  generated: GeneratedKeys,
): void {
  const column = step.returning[0];
  if (step.returning.length !== 1 || !column)
    throw new UnsupportedError(
      `${step.table}: only one generated key column is supported.\n` +
        '  Keep .generated() on one key property and assign the other key values yourself.',
    );
  let keys: unknown[];
  if (runner.hasReturning) {
    keys = result.rows.map((r) => runner.types.fromDriver(column.type as ColumnType, r[column.name])).sort(compareKeys);
    if (keys.length !== count)
      throw new UnexpectedResultError(
        `INSERT into ${step.table} returned ${keys.length} keys for ${count} rows; the flush was rolled back.\n` +
          `  A trigger or rule on ${step.table} skips or adds rows: let it insert every row as sent.`,
        step.table,
      );
  } else {
    if (result.insertId === undefined || result.affectedRows !== count) {
      throw new UnexpectedResultError(
        `INSERT into ${step.table} reported ${result.affectedRows} rows for ${count}; generated keys cannot be paired, ` +
          'and the flush was rolled back.\n' +
          `  A trigger on ${step.table} skips or adds rows: let it insert every row as sent.`,
        step.table,
      );
    }
    const first = Number(result.insertId);
    const asBigint = column.type?.kind === 'bigint' && !column.type.bigintAsNumber;
    keys = Array.from({ length: count }, (_, i) =>
      asBigint ? BigInt(first + i * runner.autoIncrementStep) : first + i * runner.autoIncrementStep,
    );
  }
  for (let i = 0; i < count; i++) {
    const row = step.rows[start + i];
    // The row's key holds the pending id that names its insert.
    const pending = row?.key.find(isPendingId);
    if (pending) generated.set(pending.insert, pending.keyIndex, keys[i]);
  }
}

/**
 * Values the database filled from a column's DEFAULT (`.defaultSql`), read back into the flush's
 * side table: from the INSERT's RETURNING rows where the dialect has RETURNING, else by one
 * `SELECT key, columns … WHERE key IN (…)` per INSERT statement, in the same transaction. Rows are
 * paired with the plan's rows by primary key (generated keys resolved), never by result order.
 */
import { UnexpectedResultError } from '../errors/index.js';
import { column as columnNode, type ColumnSpec, inList, row, select, ValueRows } from '../sql/index.js';
import type { ColumnType } from '../types/index.js';
import type { FlushStep, PlannedRow } from './flush-plan.js';
import { isPendingId } from './flush-plan.js';
import type { PlanRunner } from './plan-target.js';
import type { ResolvePending } from './statement-nodes.js';

type Bag = Record<string, unknown>;
type RunResult = Awaited<ReturnType<PlanRunner['run']>>;

const keyPart = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));

/** The primary-key columns of an insert step's class (what the RETURNING list adds to pair rows). */
export function keySpecs(step: FlushStep): ColumnSpec[] {
  return (step.entity?.primaryKey ?? []).map((c) => ({ name: c.name, type: c.type }));
}

/** The RETURNING list of an insert step: its generated keys, and with read-back columns the whole key too. */
export function returningSpecs(step: FlushStep): readonly ColumnSpec[] {
  if (!step.readBack) return step.returning;
  const specs = [...step.returning];
  for (const c of [...keySpecs(step), ...step.readBack]) if (!specs.some((s) => s.name === c.name)) specs.push(c);
  return specs;
}

/**
 * Reads the DEFAULT-filled columns of `rows` (one statement of `step`, already run) into
 * `readBack`, by entity. `result` is the INSERT's own result when it had RETURNING.
 */
export async function readBackDefaults(
  step: FlushStep,
  rows: readonly PlannedRow[],
  result: RunResult,
  runner: PlanRunner,
  resolve: ResolvePending,
  readBack: Map<object, Bag>,
): Promise<void> {
  const keys = keySpecs(step);
  const columns = step.readBack ?? [];
  let found = result.rows;
  if (!runner.hasReturning) {
    const cells = rows.flatMap((r) => r.key.map((v, k) => (isPendingId(v) ? resolve(v, keys[k]?.type) : v)));
    const keyColumns = keys.map((c) => columnNode(c.name, c.type ? { type: c.type } : {}));
    const left = keyColumns.length === 1 ? (keyColumns[0] as ReturnType<typeof columnNode>) : row(...keyColumns);
    const query = select({
      columns: [...keys, ...columns.filter((c) => !keys.some((k) => k.name === c.name))].map((c) => columnNode(c.name)),
      from: step.table,
      where: inList(left, ValueRows.flat(keys, cells, `Read-back SELECT of ${step.table}`)),
    });
    found = (await runner.run(runner.compile(query))).rows;
  }
  const byKey = new Map<string, Bag>();
  const keyTypes = keys.map((k) => k.type as ColumnType);
  for (const r of found) {
    let id = '';
    for (let k = 0; k < keys.length; k++)
      id += `${keyPart(runner.types.fromDriver(keyTypes[k] as ColumnType, r[(keys[k] as ColumnSpec).name]))}\0`;
    byKey.set(id, r);
  }
  // Property names and types once per statement, not per row.
  const targets = columns.map((c) => ({
    name: c.name,
    type: c.type as ColumnType,
    property: step.entity?.columns.find((m) => m.name === c.name)?.property ?? c.name,
  }));
  for (const r of rows) {
    let id = '';
    for (let k = 0; k < r.key.length; k++) {
      const v = r.key[k];
      id += `${keyPart(isPendingId(v) ? resolve(v, keyTypes[k]) : v)}\0`;
    }
    const got = byKey.get(id);
    if (!got)
      throw new UnexpectedResultError(
        `INSERT into ${step.table}: the row of ${r.label} was not found to read its database defaults back; ` +
          'the flush was rolled back.\n' +
          `  A trigger on ${step.table} changes keys or skips rows: let it insert every row as sent.`,
        step.table,
      );
    const values: Bag = {};
    for (const t of targets) values[t.property] = runner.types.fromDriver(t.type, got[t.name]);
    readBack.set(r.entity, values);
  }
}

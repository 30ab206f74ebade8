/**
 * Which rows of an UPDATE or DELETE statement matched nothing. The statement only says how many
 * rows it touched; so, still inside the flush's transaction, the rows' keys (and versions) are read
 * back once, and the rows that are gone or hold another version than the one just written are the
 * stale ones. When that does not account for the shortfall exactly (a row deleted by someone else
 * is indistinguishable from one this DELETE removed), every row of the statement is named.
 */
import type { ColumnType } from '../types/index.js';
import { column, inList, row, select } from '../sql/index.js';
import { identityKey } from '../unit-of-work/index.js';
import type { FlushStep, PlannedRow } from './flush-plan.js';
import type { PlanRunner } from './plan-target.js';

/** Same value for a version: Dates by time, everything else by its string form (1 and 1n alike). */
function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return String(a) === String(b);
}

/**
 * A key value as the identity map compares it. Both sides are JS values converted by the dialect's
 * types (the snapshot's from the row read or written, the other from the row read back), so they
 * compare as they are; a Date, an object, compares by its time.
 */
function comparable(value: unknown): unknown {
  return value instanceof Date ? `date:${value.getTime()}` : value;
}

/** The rows of `slice` (one statement of `step`) that matched nothing, `shortfall` of them. */
export async function staleRows(
  step: FlushStep,
  slice: readonly PlannedRow[],
  shortfall: number,
  runner: PlanRunner,
): Promise<readonly PlannedRow[]> {
  // Rows inserted by this flush (a cycle-break UPDATE) hold keys not known to the plan: no lookup.
  if (step.kind === 'break-cycle') return slice;
  const version = step.match[0];
  const specs = version ? [...step.key, version] : step.key;
  const columns = specs.map((c) => column(c.name, c.type ? { type: c.type } : {}));
  const keyColumns = columns.slice(0, step.key.length);
  const keys = slice.map((r) => (keyColumns.length === 1 ? r.key[0] : r.key));
  const where =
    keyColumns.length === 1
      ? inList(keyColumns[0] as (typeof keyColumns)[number], keys)
      : inList(row(...keyColumns), keys);
  const found = await runner.run(runner.compile(select({ columns, from: step.table, where })));
  const read = (r: Record<string, unknown>, i: number) => {
    const spec = specs[i] as (typeof specs)[number];
    const value = r[spec.name];
    return spec.type ? runner.types.fromDriver(spec.type as ColumnType, value) : value;
  };
  const versions = new Map<unknown, unknown>();
  for (const r of found.rows) {
    const key = identityKey(step.key.map((_, i) => comparable(read(r, i))));
    versions.set(key, version ? read(r, step.key.length) : true);
  }
  const written = version ? step.columns.findIndex((c) => c.name === version.name) : -1;
  const stale = slice.filter((r) => {
    const current = versions.get(identityKey(r.key.map(comparable)));
    if (step.kind === 'delete' || step.kind === 'unlink') return current !== undefined;
    if (current === undefined) return true;
    return written >= 0 && !same(current, r.values[written]);
  });
  return stale.length === shortfall ? stale : slice;
}

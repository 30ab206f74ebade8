/**
 * Which rows of an UPDATE or DELETE statement matched nothing. The statement only says how many
 * rows it touched. Read inside the flush's transaction, a row someone else bumped exactly once
 * holds the very version this flush just wrote to its neighbours, and a row someone else deleted
 * looks like one this DELETE removed: the rows cannot be told apart there. So execution only
 * records the short statement (`ShortStatement`), the flush's transaction or savepoint rolls back,
 * and then the statement's keys (and versions) are read once, in a second short transaction (a
 * savepoint inside the caller's): with the database as it was before the flush, the rows that are
 * gone or hold another version than the one the flush expected are the stale ones. This runs on
 * the failure path only; a flush that succeeds runs exactly what it ran before.
 */
import { MissingRowError, OptimisticLockError } from '../errors/index.js';
import { column, inList, row, select } from '../sql/index.js';
import type { ColumnType } from '../types/index.js';
import { identityKey } from '../unit-of-work/index.js';
import { type FlushStep, isPendingId, type PlannedRow } from './flush-plan.js';
import type { PlanRunner } from './plan-target.js';

/**
 * Thrown by execution when an UPDATE or DELETE touched fewer rows than planned, so that the
 * transaction rolls back before the stale rows are looked for. Never leaves `runFlush`, which
 * turns it into the OptimisticLockError or MissingRowError that names them.
 * @internal
 */
export class ShortStatement extends Error {
  constructor(
    readonly step: FlushStep,
    /** The rows of the statement that fell short. */
    readonly slice: readonly PlannedRow[],
    /** How many of them matched nothing. */
    readonly shortfall: number,
  ) {
    super(`${step.kind} of ${step.table} touched ${slice.length - shortfall} of ${slice.length} rows`);
    this.name = 'ShortStatement';
  }

  /** The error naming `rows`: OptimisticLockError for a versioned step, else MissingRowError. */
  errorFor(rows: readonly PlannedRow[]): OptimisticLockError | MissingRowError {
    const labels = rows.map((r) => r.label);
    return this.step.isVersioned
      ? new OptimisticLockError(labels, this.step.table)
      : new MissingRowError(labels, this.step.table);
  }
}

/** Runs `work` in a transaction of its own, or a savepoint of the caller's (FlushContext.transaction). */
type InTransaction = <T>(work: (run: PlanRunner['run']) => Promise<T>) => Promise<T>;

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

/**
 * The rows of the short statement that are stale, read after the flush rolled back. When they do
 * not account for the shortfall (a row inserted by this flush, gone with the rollback; a row
 * deleted and inserted again with its old version; the read failing) every row of the statement
 * is named: it is among them. More stale rows than the shortfall means rows went stale after the
 * statement ran: they are stale all the same, and named.
 */
export async function staleRows(
  short: ShortStatement,
  runner: Pick<PlanRunner, 'compile' | 'types'>,
  transaction: InTransaction,
): Promise<readonly PlannedRow[]> {
  const { step, slice, shortfall } = short;
  // Nothing of the statement matched (a single row, the usual conflict): every row is stale.
  if (shortfall === slice.length) return slice;
  // A row inserted by this flush (a cycle-break UPDATE) has a generated key the rollback took back.
  const known = slice.filter((r) => !r.key.some(isPendingId));
  if (known.length < shortfall) return slice;
  const version = step.match[0];
  const specs = version ? [...step.key, version] : step.key;
  const columns = specs.map((c) => column(c.name, c.type ? { type: c.type } : {}));
  const keyColumns = columns.slice(0, step.key.length);
  const keys = known.map((r) => (keyColumns.length === 1 ? r.key[0] : r.key));
  const where =
    keyColumns.length === 1
      ? inList(keyColumns[0] as (typeof keyColumns)[number], keys)
      : inList(row(...keyColumns), keys);
  // A locking read sees the latest committed rows, as the UPDATE did: inside a caller's transaction
  // a plain one would show its snapshot (REPEATABLE READ), which may predate the bump. In a
  // savepoint of its own, a failed read leaves the caller's transaction usable.
  const node = select({ columns, from: step.table, where, lock: { strength: 'share' } });
  let found: Awaited<ReturnType<PlanRunner['run']>>;
  try {
    found = await transaction((run) => run(runner.compile(node)));
  } catch {
    // The flush failed on a stale row either way: the error stays the one it is, naming the statement.
    return slice;
  }
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
  const stale = known.filter((r) => {
    const current = versions.get(identityKey(r.key.map(comparable)));
    if (current === undefined) return true;
    return version !== undefined && !same(current, r.match[0]);
  });
  return stale.length >= shortfall && stale.length > 0 ? stale : slice;
}

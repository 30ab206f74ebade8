/**
 * Turns a step's rows into the SQL node that writes them: multi-row INSERT, keyed batch UPDATE,
 * DELETE by key list. Used twice with the same code: by the planner (pending keys bound as
 * placeholders of the right type, so the plan shows the real SQL) and by the executor (pending
 * keys resolved from the inserts that ran before).
 */
import { InternalError } from '../errors/index.js';
import type { ColumnType } from '../types/index.js';
import {
  batchUpdate,
  type ColumnSpec,
  column,
  deleteFrom,
  type Expression,
  eq,
  inList,
  insert,
  param,
  row,
  type SqlNode,
  select,
  update,
  and as sqlAnd,
  ValueRows,
} from '../sql/index.js';
import type { FlushStep, PendingId, PlannedRow } from './flush-plan.js';
import { isPendingId } from './flush-plan.js';
import { returningSpecs } from './read-back.js';

export type ResolvePending = (pending: PendingId, type: ColumnType | undefined) => unknown;

/** What a pending key is bound as in the plan's SQL: a value of the column's type, never sent. */
export const placeholderValue: ResolvePending = (_pending, type) => {
  switch (type?.kind) {
    case 'bigint':
      return type.bigintAsNumber ? 0 : 0n;
    case 'uuid':
      return '00000000-0000-0000-0000-000000000000';
    case 'string':
    case 'text':
      return '';
    default:
      return 0;
  }
};

/** Appends `list` to `cells`, pending keys resolved (one flat array for all rows of a statement). */
function pushCells(cells: unknown[], list: readonly unknown[], specs: readonly ColumnSpec[], resolve: ResolvePending) {
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    cells.push(isPendingId(v) ? resolve(v, specs[i]?.type) : v);
  }
}

/** The node for rows [start, end) of `step`. */
export function stepNode(
  step: FlushStep,
  rows: readonly PlannedRow[],
  resolve: ResolvePending,
  hasReturning: boolean,
): SqlNode {
  switch (step.kind) {
    case 'insert':
    case 'link': {
      const cells: unknown[] = [];
      for (const r of rows) pushCells(cells, r.values, step.columns, resolve);
      return insert({
        table: step.table,
        columns: step.columns,
        rows: ValueRows.flat(step.columns, cells, `INSERT into ${step.table}`, rows.length),
        returning: (hasReturning ? returningSpecs(step) : []).map((c) =>
          column(c.name, c.type ? { type: c.type } : {}),
        ),
      });
    }
    case 'update':
    case 'break-cycle': {
      if (rows.length === 1) return oneRowUpdate(step, rows[0] as PlannedRow, resolve);
      const cells: unknown[] = [];
      for (const r of rows) {
        pushCells(cells, r.key, step.key, resolve);
        pushCells(cells, r.values, step.columns, resolve);
        pushCells(cells, r.match, step.match, resolve);
      }
      return batchUpdate({
        table: step.table,
        keys: step.key,
        match: step.match,
        columns: step.columns,
        rows: ValueRows.flat([...step.key, ...step.columns, ...step.match], cells, `Batch UPDATE of ${step.table}`),
      });
    }
    case 'delete':
    case 'unlink': {
      if (rows.length === 1)
        return deleteFrom({ table: step.table, where: keyMatch(step, rows[0] as PlannedRow, resolve) });
      const specs = [...step.key, ...step.match];
      const columns = specs.map((c) => column(c.name, c.type ? { type: c.type } : {}));
      // The keys (and versions) held flat, bound with their columns' types: no node or tuple per row.
      const cells: unknown[] = [];
      for (const r of rows) {
        pushCells(cells, r.key, step.key, resolve);
        pushCells(cells, r.match, step.match, resolve);
      }
      const keys = ValueRows.flat(specs, cells, `DELETE from ${step.table}`);
      const left = columns.length === 1 ? (columns[0] as ReturnType<typeof column>) : row(...columns);
      return deleteFrom({ table: step.table, where: inList(left, keys) });
    }
  }
}

/** `SELECT key FROM t WHERE key = $1` for one planned row (its key values known: not pending). */
export function keySelect(step: FlushStep, r: PlannedRow): SqlNode {
  const keyOnly = { ...step, match: [] };
  const rowKey = { ...r, match: [] };
  return select({
    from: step.table,
    columns: step.key.map((c) => column(c.name, c.type ? { type: c.type } : {})),
    where: keyMatch(keyOnly, rowKey, () => {
      throw new InternalError(`keySelect: a pending key in ${step.table}`);
    }),
  });
}

/** `key = $1 [AND version = $2]` for one row: what a single-row UPDATE or DELETE needs instead of a join or an IN list. */
function keyMatch(step: FlushStep, r: PlannedRow, resolve: ResolvePending): Expression {
  const parts: Expression[] = [];
  pushMatches(parts, step.key, r.key, resolve);
  pushMatches(parts, step.match, r.match, resolve);
  return parts.length === 1 ? (parts[0] as Expression) : sqlAnd(...parts);
}

// Every one-row UPDATE and DELETE comes through here: plain literals, no spread or closure per call
// (an object spread costs about a microsecond).
function pushMatches(
  parts: Expression[],
  specs: readonly ColumnSpec[],
  values: readonly unknown[],
  resolve: ResolvePending,
): void {
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i] as ColumnSpec;
    const v = values[i];
    const value = isPendingId(v) ? resolve(v, spec.type) : v;
    const type = spec.type;
    parts.push(
      type
        ? eq(column(spec.name, { type }), param(value, { type, column: spec.name }))
        : eq(column(spec.name, {}), param(value, { column: spec.name })),
    );
  }
}

/**
 * `UPDATE t SET a = $1, … WHERE key = $n [AND version = $m]`: the batch forms (a join with a
 * derived table or unnest) cost a one-row UPDATE about twice the server time of this one.
 */
function oneRowUpdate(step: FlushStep, r: PlannedRow, resolve: ResolvePending): SqlNode {
  const set = step.columns.map((c, i) => {
    const v = r.values[i];
    return { column: c.name, value: param(isPendingId(v) ? resolve(v, c.type) : v, { type: c.type, column: c.name }) };
  });
  return update({ table: step.table, set, where: keyMatch(step, r, resolve) });
}

/** Bind parameters one row costs in the statement of `step` (the CASE form of batch UPDATE repeats keys). */
export function bindsPerRow(step: Pick<FlushStep, 'kind' | 'columns' | 'key' | 'match'>): number {
  switch (step.kind) {
    case 'insert':
    case 'link':
      return Math.max(1, step.columns.length);
    case 'update':
    case 'break-cycle':
      // Derived-table form binds each value once; the CASE fallback (an untyped column) repeats keys.
      return [...step.key, ...step.columns, ...step.match].every((c) => c.type !== undefined)
        ? step.key.length + step.columns.length + step.match.length
        : step.columns.length * (step.key.length + 1) + step.key.length + step.match.length;
    case 'delete':
    case 'unlink':
      return step.key.length + step.match.length;
  }
}

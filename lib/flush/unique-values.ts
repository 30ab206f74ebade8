/**
 * Unique values freed and taken in one flush. A row deleted, or updated away from its value of a
 * unique constraint, frees that value; a row inserted, or updated into a value, takes it. When
 * one row frees what another takes, the freeing write must run first (`unique-order.ts` moves
 * the rows). Only a table whose steps both free and take — a DELETE or an UPDATE of a unique
 * column, and an INSERT or another such UPDATE — is read row by row; for any other flush this
 * costs one look at each step.
 *
 * Values are compared as the planner holds them (snapshot values and the values the statements
 * bind): strings exactly, so a case-insensitive collation (MariaDB's default) that takes
 * `X@e.com` and `x@e.com` for one value is not foreseen.
 */
import { describeTables, type EntityMetadata, type Snapshot } from '../mapping/index.js';
import { rootOf } from '../unit-of-work/index.js';
import { type FlushStep, isPendingId, type PlannedRow } from './flush-plan.js';

/** A unique constraint of a table, as the planner reads it. */
export interface TableUnique {
  /** `accounts.email`, or `seats (room, place)` for several columns. */
  readonly label: string;
  readonly columns: readonly string[];
  /** Its columns that accept NULL: a temporary NULL there frees the value (breaks a swap). */
  readonly nullable: readonly string[];
}

/** Row `from` frees a value of `unique` that row `to` takes (rows numbered across the steps, in order). */
export interface UniqueEdge {
  readonly from: number;
  readonly to: number;
  readonly unique: TableUnique;
}

/** A managed entity's snapshot (the old values of an UPDATE or DELETE row). */
export type SnapshotOf = (entity: object) => Snapshot | undefined;

const NO_UNIQUES: readonly TableUnique[] = Object.freeze([]);
const uniquesOfRoot = new WeakMap<EntityMetadata, readonly TableUnique[]>();

/**
 * The unique constraints of `meta`'s table (its hierarchy's, for single-table inheritance), from
 * the same listing the schema is made from. A constraint over a json column is left out: its
 * snapshot holds text and its statements an object, which cannot be compared here.
 */
export function tableUniques(meta: EntityMetadata): readonly TableUnique[] {
  const root = rootOf(meta);
  let uniques = uniquesOfRoot.get(root);
  if (!uniques) {
    const table = describeTables([root])[0];
    const found: TableUnique[] = [];
    for (const u of table?.uniques ?? []) {
      const columns = u.columns.map((name) => table?.columns.find((c) => c.name === name));
      if (columns.some((c) => c === undefined || c.type.kind === 'json')) continue;
      const named = u.name === undefined ? '' : ` [${u.name}]`;
      const label =
        u.columns.length === 1 ? `${root.table}.${u.columns[0]}` : `${root.table} (${u.columns.join(', ')})`;
      found.push({
        label: label + named,
        columns: u.columns,
        nullable: columns.filter((c) => c?.nullable).map((c) => c?.name as string),
      });
    }
    uniques = found.length === 0 ? NO_UNIQUES : Object.freeze(found);
    uniquesOfRoot.set(root, uniques);
  }
  return uniques;
}

/** True when `step` (an UPDATE) writes a column of `unique`. */
export function writesUnique(unique: TableUnique, step: FlushStep): boolean {
  for (const c of step.columns) if (unique.columns.includes(c.name)) return true;
  return false;
}

/**
 * One value of a column as a Map key that only equal values share; undefined for NULL or a key not
 * generated yet. A column's values have one JS type, so strings, numbers and bigints are their own
 * keys (already hashed, for strings read from snapshots); Dates and bytes become text.
 */
function valueKey(value: unknown): unknown {
  if (value === null || value === undefined || isPendingId(value)) return undefined;
  if (typeof value !== 'object') return value;
  if (value instanceof Date) return `date:${value.getTime()}`;
  if (value instanceof Uint8Array) return `bytes:${Buffer.from(value).toString('hex')}`;
  return `json:${JSON.stringify(value)}`;
}

/**
 * A constraint's value as one Map key (`read(k)` gives column k's value); undefined when a
 * column is NULL, since NULLs never collide. Several columns: their values tagged with their type.
 */
function tupleKey(columns: number, read: (k: number) => unknown): unknown {
  if (columns === 1) return valueKey(read(0));
  let key = '';
  for (let k = 0; k < columns; k++) {
    const part = valueKey(read(k));
    if (part === undefined) return undefined;
    key += `${typeof part}:${String(part)}\u0000`;
  }
  return key;
}

interface TableWrites {
  readonly uniques: readonly TableUnique[];
  /** Steps of the table that free or take a unique value. */
  readonly steps: number[];
  freeing: number;
  taking: number;
  /** Distinct rows among them (an UPDATE row both frees and takes). */
  rows: number;
}

const NO_EDGES: readonly UniqueEdge[] = Object.freeze([]);

/**
 * The rows of `steps` that free a unique value another row of them takes. `offsets[s]` numbers
 * step s's first row. One pass over the steps decides whether any table both frees and takes; only
 * then are its rows read.
 */
export function uniqueEdges(
  steps: readonly FlushStep[],
  offsets: readonly number[],
  snapshotOf: SnapshotOf,
): readonly UniqueEdge[] {
  let tables: Map<string, TableWrites> | undefined;
  for (let s = 0; s < steps.length; s++) {
    const step = steps[s] as FlushStep;
    const { kind, entity } = step;
    if (entity === undefined || (kind !== 'insert' && kind !== 'update' && kind !== 'delete')) continue;
    const uniques = tableUniques(entity);
    if (uniques.length === 0 || (kind === 'update' && !uniques.some((u) => writesUnique(u, step)))) continue;
    tables ??= new Map();
    let writes = tables.get(step.table);
    if (!writes) tables.set(step.table, (writes = { uniques, steps: [], freeing: 0, taking: 0, rows: 0 }));
    writes.steps.push(s);
    writes.rows += step.rows.length;
    if (kind !== 'insert') writes.freeing += step.rows.length;
    if (kind !== 'delete') writes.taking += step.rows.length;
  }
  if (tables === undefined) return NO_EDGES;
  const edges: UniqueEdge[] = [];
  for (const writes of tables.values()) {
    if (writes.freeing === 0 || writes.taking === 0 || writes.rows < 2) continue;
    for (const unique of writes.uniques) collectEdges(unique, writes.steps, steps, offsets, snapshotOf, edges);
  }
  return edges;
}

function collectEdges(
  unique: TableUnique,
  tableSteps: readonly number[],
  steps: readonly FlushStep[],
  offsets: readonly number[],
  snapshotOf: SnapshotOf,
  into: UniqueEdge[],
): void {
  const { columns } = unique;
  const width = columns.length;
  const freed = new Map<unknown, number>();
  let snapshot: Snapshot | undefined;
  const readOld = (k: number) => snapshot?.[columns[k] as string];
  for (const s of tableSteps) {
    const step = steps[s] as FlushStep;
    if (step.kind === 'insert' || (step.kind === 'update' && !writesUnique(unique, step))) continue;
    const { rows } = step;
    for (let i = 0; i < rows.length; i++) {
      snapshot = snapshotOf((rows[i] as PlannedRow).entity);
      const key = snapshot && tupleKey(width, readOld);
      if (key !== undefined) freed.set(key, (offsets[s] as number) + i);
    }
  }
  if (freed.size === 0) return;
  let values: readonly unknown[] = [];
  let at: readonly number[] = [];
  // A column an UPDATE does not write keeps its old value; one an INSERT does not write is NULL.
  const readNew = (k: number) => {
    const p = at[k] as number;
    return p >= 0 ? values[p] : snapshot?.[columns[k] as string];
  };
  for (const s of tableSteps) {
    const step = steps[s] as FlushStep;
    if (step.kind === 'delete' || (step.kind === 'update' && !writesUnique(unique, step))) continue;
    at = columns.map((c) => step.columns.findIndex((spec) => spec.name === c));
    const isUpdate = step.kind === 'update';
    const { rows } = step;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as PlannedRow;
      values = row.values;
      snapshot = isUpdate ? snapshotOf(row.entity) : undefined;
      const key = tupleKey(width, readNew);
      const from = key === undefined ? undefined : freed.get(key);
      const to = (offsets[s] as number) + i;
      if (from !== undefined && from !== to) into.push({ from, to, unique });
    }
  }
}

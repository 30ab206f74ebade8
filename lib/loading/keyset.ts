/**
 * The total orders of keyset pagination (`findByCursor`, and `em.stream` on SQLite): the order
 * asked for — columns of the entity, of its embeddables and of its to-one relations, at any depth
 * — then the primary key as the tie-breaker; the filter of the rows strictly after a position;
 * and the opaque cursor holding a position (its order values, base64url-encoded).
 */
import type { ColumnMetadata, EntityMetadata } from '../mapping/index.js';
import { type Filter, op, QueryError } from '../query/index.js';
import { describeValue } from '../types/index.js';

/** One key of a total order: a column reached by a property path (`['author', 'name']`). */
export interface KeysetItem {
  /** The dotted path, `'author.name'`; for a column of the entity itself, its property name. */
  readonly property: string;
  readonly path: readonly string[];
  readonly column: ColumnMetadata;
  readonly direction: 'asc' | 'desc';
}

/** The order of `orderBy` on `meta`, flattened to columns, with the primary key appended where missing. */
export function keysetOrder(meta: EntityMetadata, orderBy: Readonly<Record<string, unknown>> = {}): KeysetItem[] {
  const items: KeysetItem[] = [];
  flatten(meta, meta, orderBy, [], items);
  for (const c of meta.primaryKey) {
    if (!items.some((i) => i.path.length === 1 && i.column === c)) {
      items.push({ property: c.property, path: [c.property], column: c, direction: 'asc' });
    }
  }
  return items;
}

function flatten(
  root: EntityMetadata,
  meta: EntityMetadata,
  orderBy: Readonly<Record<string, unknown>>,
  at: readonly string[],
  into: KeysetItem[],
): void {
  for (const [name, value] of Object.entries(orderBy)) {
    const path = [...at, name];
    const where = path.join('.');
    const p = meta.properties.find((x) => x.name === name);
    if (p?.kind === 'column') {
      into.push({ property: where, path, column: p.column, direction: directionOf(root, where, value) });
    } else if (p?.kind === 'embedded' && isOrderObject(value)) {
      for (const [field, direction] of Object.entries(value)) {
        const f = p.fields.find((x) => x.property === field);
        if (!f)
          throw QueryError.unknownProperty(
            root.name,
            `${where}.${field}`,
            p.fields.map((x) => x.property),
          );
        const fieldPath = [...path, field];
        into.push({
          property: fieldPath.join('.'),
          path: fieldPath,
          column: f.column,
          direction: directionOf(root, fieldPath.join('.'), direction),
        });
      }
    } else if (
      p?.kind === 'relation' &&
      (p.relation.kind === 'many-to-one' || p.relation.kind === 'one-to-one') &&
      isOrderObject(value)
    ) {
      flatten(root, p.relation.target, value, path, into);
    } else {
      throw QueryError.invalid(
        root.name,
        where,
        'cursor pagination orders by columns of the entity, its embeddables and its to-one relations.',
      );
    }
  }
}

function isOrderObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function directionOf(meta: EntityMetadata, where: string, value: unknown): 'asc' | 'desc' {
  if (value === 'asc' || value === 'desc') return value;
  throw QueryError.invalid(meta.name, where, `expected 'asc' or 'desc', got ${describeValue(value)}.`);
}

/** The same order read backwards (for `last` / `before`). */
export function reversed(order: readonly KeysetItem[]): KeysetItem[] {
  return order.map((i) => ({ ...i, direction: i.direction === 'asc' ? 'desc' : 'asc' }));
}

/** The (nested) `orderBy` object of a keyset order. */
export function keysetOrderBy(order: readonly KeysetItem[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of order) setPath(out, item.path, item.direction);
  return out;
}

/** Rows strictly after `values` in `order`: `(a > x) OR (a = x AND b > y) OR …`. */
export function keysetFilter(order: readonly KeysetItem[], values: readonly unknown[]): Filter<unknown> {
  const branches = order.map((item, i) => {
    const branch: Record<string, unknown> = {};
    for (let j = 0; j < i; j++) setPath(branch, (order[j] as KeysetItem).path, values[j]);
    setPath(branch, item.path, op(item.direction === 'asc' ? { $gt: values[i] } : { $lt: values[i] }));
    return branch;
  });
  return { $or: branches } as Filter<unknown>;
}

/** The row at exactly `values` (every order value equal). */
export function keysetEqual(order: readonly KeysetItem[], values: readonly unknown[]): Filter<unknown> {
  const out: Record<string, unknown> = {};
  order.forEach((item, i) => {
    setPath(out, item.path, values[i]);
  });
  return out as Filter<unknown>;
}

function setPath(target: Record<string, unknown>, path: readonly string[], leaf: unknown): void {
  let at = target;
  path.forEach((segment, i) => {
    if (i === path.length - 1) at[segment] = leaf;
    else at = (at[segment] ??= {}) as Record<string, unknown>;
  });
}

/** The order values of `entity` (its to-one relations along the paths loaded). */
export function orderValues(meta: EntityMetadata, order: readonly KeysetItem[], entity: object): unknown[] {
  return order.map((i) => {
    let v: unknown = entity;
    for (const segment of i.path) v = v === null || v === undefined ? v : (v as Record<string, unknown>)[segment];
    if (v === null || v === undefined) {
      throw QueryError.invalid(meta.name, i.property, 'is null here; cursor pagination needs non-null order values.');
    }
    return v;
  });
}

/** The opaque cursor at `entity`. */
export function encodeCursor(meta: EntityMetadata, order: readonly KeysetItem[], entity: object): string {
  const values = orderValues(meta, order, entity).map(tag);
  return Buffer.from(JSON.stringify({ o: signature(order), v: values })).toString('base64url');
}

/** The order values a cursor holds; a QueryError when it is malformed or made for another order. */
export function decodeCursor(meta: EntityMetadata, order: readonly KeysetItem[], cursor: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (e) {
    throw QueryError.invalid(meta.name, '(cursor)', 'is not a cursor this query returned.', e);
  }
  const { o, v } = (parsed ?? {}) as { o?: unknown; v?: unknown };
  if (o !== signature(order) || !Array.isArray(v) || v.length !== order.length) {
    throw QueryError.invalid(
      meta.name,
      '(cursor)',
      'was made for another order or entity; start again without a cursor.',
    );
  }
  try {
    return v.map(untag);
  } catch (e) {
    // A forged tag (`{ b: 'xyz' }`, `{ d: 'nope' }`): BigInt throws a SyntaxError, a Date is invalid.
    throw QueryError.invalid(meta.name, '(cursor)', 'is not a cursor this query returned.', e);
  }
}

// The same signature forwards and backwards: a page's cursors work in both directions.
function signature(order: readonly KeysetItem[]): string {
  return order.map((i) => `${i.property}:${i.direction}`).join(',');
}

/** JSON cannot hold dates, bigints or bytes: they travel tagged. */
function tag(v: unknown): unknown {
  if (v instanceof Date) return { d: v.toISOString() };
  if (typeof v === 'bigint') return { b: v.toString() };
  if (Buffer.isBuffer(v)) return { x: v.toString('base64') };
  return v;
}

function untag(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  const t = v as { d?: string; b?: string; x?: string };
  if (typeof t.d === 'string') {
    const date = new Date(t.d);
    if (Number.isNaN(date.getTime())) throw new RangeError('invalid date in a cursor');
    return date;
  }
  if (typeof t.b === 'string') return BigInt(t.b);
  if (typeof t.x === 'string') return Buffer.from(t.x, 'base64');
  return v;
}

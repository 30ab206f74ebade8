/**
 * Keyset pagination for `em.findByCursor`: the order is made total by appending the primary key,
 * a page asks for the rows strictly after the last row's order values, and the cursor is those
 * values, base64url-encoded. A row inserted before the cursor never shifts a later page.
 */
import type { ColumnMetadata, EntityMetadata } from '../mapping/index.js';
import { type Filter, type OrderBy, op, type PopulatePath, QueryError } from '../query/index.js';
import { describeValue } from '../types/index.js';
import type { FindOptions } from './find-options.js';
import { checkRowCount } from './page-options.js';

/** Options of `em.findByCursor`. */
export interface CursorOptions<T, P extends string = PopulatePath<T>>
  extends Pick<FindOptions<T, P>, 'readOnly' | 'populate' | 'strategy' | 'filters' | 'withDeleted'> {
  /** Columns of the entity itself; the primary key is appended as the tie-breaker. */
  readonly orderBy?: OrderBy<T> | undefined;
  /** The page size. */
  readonly first: number;
  /** The `endCursor` of the previous page; absent for the first page. */
  readonly after?: string | null | undefined;
}

/** One page of `em.findByCursor`. */
export interface CursorPage<T> {
  readonly items: T[];
  /** Pass as `after` for the next page; null when the page is empty. */
  readonly endCursor: string | null;
  readonly hasNextPage: boolean;
}

/** One key of a total order. */
export interface KeysetItem {
  readonly property: string;
  readonly column: ColumnMetadata;
  readonly direction: 'asc' | 'desc';
}

/** The order of `orderBy` on `meta`'s own columns, with the primary key appended where missing. */
export function keysetOrder(meta: EntityMetadata, orderBy: Readonly<Record<string, unknown>> = {}): KeysetItem[] {
  const items: KeysetItem[] = Object.entries(orderBy).map(([property, direction]) => {
    const p = meta.properties.find((x) => x.name === property);
    if (p?.kind !== 'column') {
      throw QueryError.invalid(meta.name, property, 'cursor pagination orders by the entity’s own columns only.');
    }
    if (direction !== 'asc' && direction !== 'desc') {
      throw QueryError.invalid(meta.name, property, `expected 'asc' or 'desc', got ${describeValue(direction)}.`);
    }
    return { property, column: p.column, direction };
  });
  for (const c of meta.primaryKey) {
    if (!items.some((i) => i.column === c)) items.push({ property: c.property, column: c, direction: 'asc' });
  }
  return items;
}

/** The `orderBy` object of a keyset order. */
export function keysetOrderBy(order: readonly KeysetItem[]): Record<string, 'asc' | 'desc'> {
  return Object.fromEntries(order.map((i) => [i.property, i.direction]));
}

/** Rows strictly after `values` in `order`: `(a > x) OR (a = x AND b > y) OR …`. */
export function keysetFilter(order: readonly KeysetItem[], values: readonly unknown[]): Filter<unknown> {
  const branches = order.map((item, i) => {
    const branch: Record<string, unknown> = {};
    for (let j = 0; j < i; j++) branch[(order[j] as KeysetItem).property] = values[j];
    branch[item.property] = op(item.direction === 'asc' ? { $gt: values[i] } : { $lt: values[i] });
    return branch;
  });
  return { $or: branches } as Filter<unknown>;
}

/** The opaque cursor after `entity`. */
export function encodeCursor(meta: EntityMetadata, order: readonly KeysetItem[], entity: object): string {
  const values = order.map((i) => {
    const v = (entity as Record<string, unknown>)[i.property];
    if (v === null || v === undefined) {
      throw QueryError.invalid(meta.name, i.property, 'is null here; cursor pagination needs non-null order values.');
    }
    return tag(v);
  });
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
      'was made for another order or entity; start again without `after`.',
    );
  }
  try {
    return v.map(untag);
  } catch (e) {
    // A forged tag (`{ b: 'xyz' }`, `{ d: 'nope' }`): BigInt throws a SyntaxError, a Date is invalid.
    throw QueryError.invalid(meta.name, '(cursor)', 'is not a cursor this query returned.', e);
  }
}

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

/** What a cursor page needs from the EntityManager: its find, and populate of the page's items. */
export interface PageSource<T> {
  find(where: Filter<T>, options: FindOptions<T>): Promise<T[]>;
  populate(items: readonly T[]): Promise<void>;
}

/** One keyset page: `first + 1` rows decide `hasNextPage`; populate runs on the page's items only. */
export async function cursorPage<T extends object>(
  meta: EntityMetadata,
  filter: Filter<T>,
  options: CursorOptions<T>,
  source: PageSource<T>,
): Promise<CursorPage<T>> {
  checkRowCount(meta, 'first', options.first, 1);
  if (options.after !== undefined && typeof options.after !== 'string')
    throw QueryError.invalid(meta.name, '(cursor)', 'is not a cursor this query returned (a cursor is a string).');
  const order = keysetOrder(meta, options.orderBy);
  const after = options.after ? keysetFilter(order, decodeCursor(meta, order, options.after)) : undefined;
  const where = (after ? { $and: [filter, after] } : filter) as Filter<T>;
  const { populate: paths, ...rest } = options;
  const rows = await source.find(where, {
    ...rest,
    orderBy: keysetOrderBy(order) as FindOptions<T>['orderBy'],
    limit: options.first + 1,
  });
  const items = rows.slice(0, options.first);
  if (paths?.length) await source.populate(items);
  const last = items[items.length - 1];
  return {
    items,
    endCursor: last ? encodeCursor(meta, order, last) : null,
    hasNextPage: rows.length > options.first,
  };
}

/**
 * Keyset pagination for `em.findByCursor`, both ways: `first` rows after a cursor, or `last` rows
 * before one (read in the reversed order, handed back in the order asked for). The order is made
 * total by appending the primary key (keyset.ts), so a row inserted before the cursor never shifts
 * a later page, and a page's `startCursor` and `endCursor` work in both directions.
 */
import type { EntityMetadata } from '../mapping/index.js';
import { type Filter, type OrderBy, type PopulatePath, QueryError } from '../query/index.js';
import type { FindOptions } from './find-options.js';
import {
  decodeCursor,
  encodeCursor,
  type KeysetItem,
  keysetEqual,
  keysetFilter,
  keysetOrder,
  keysetOrderBy,
  orderValues,
  reversed,
} from './keyset.js';
import { checkRowCount } from './page-options.js';

export { type KeysetItem, keysetFilter, keysetOrder, keysetOrderBy } from './keyset.js';

/**
 * Options of `em.findByCursor`: `first` (with `after`) pages forward, `last` (with `before`)
 * backward; exactly one of `first` and `last`.
 */
export interface CursorOptions<T, P extends string = PopulatePath<T>>
  extends Pick<FindOptions<T, P>, 'readOnly' | 'populate' | 'strategy' | 'filters' | 'withDeleted'> {
  /** Columns of the entity, its embeddables and its to-one relations; the primary key is appended as the tie-breaker. */
  readonly orderBy?: OrderBy<T> | undefined;
  /** The page size, reading forward. */
  readonly first?: number | undefined;
  /** A cursor of a previous page (its `endCursor`, usually): the rows after it. */
  readonly after?: string | null | undefined;
  /** The page size, reading backward: the last rows (before `before`, or of all). */
  readonly last?: number | undefined;
  /** A cursor of a previous page (its `startCursor`, usually): the rows before it. */
  readonly before?: string | null | undefined;
}

/** One page of `em.findByCursor`, its items in the order asked for whichever way it was read. */
export interface CursorPage<T> {
  readonly items: T[];
  /** The position of the first item: pass as `before` for the previous page; null when the page is empty. */
  readonly startCursor: string | null;
  /** The position of the last item: pass as `after` for the next page; null when the page is empty. */
  readonly endCursor: string | null;
  /** True when rows follow the page. */
  readonly hasNextPage: boolean;
  /** True when rows precede the page. */
  readonly hasPreviousPage: boolean;
}

/** What a cursor page needs from the EntityManager: its find, and populate of the page's items. */
export interface PageSource<T> {
  find(where: Filter<T>, options: FindOptions<T>): Promise<T[]>;
  /** Populates the page (`options.populate`), plus `paths` (the to-one relations the order reads) on `boundary`. */
  populate(items: readonly T[], paths: readonly string[], boundary: readonly T[]): Promise<void>;
}

/**
 * One keyset page: `size + 1` rows decide whether more follow in the direction read; when a cursor
 * was given, one `LIMIT 1` statement tells whether rows lie on its other side.
 */
export async function cursorPage<T extends object>(
  meta: EntityMetadata,
  filter: Filter<T>,
  options: CursorOptions<T>,
  source: PageSource<T>,
): Promise<CursorPage<T>> {
  const backward = direction(meta, options);
  const size = (backward ? options.last : options.first) as number;
  const cursor = checkCursor(meta, backward ? options.before : options.after);
  const order = keysetOrder(meta, options.orderBy as Readonly<Record<string, unknown>> | undefined);
  const readOrder = backward ? reversed(order) : order;
  const at = cursor === undefined ? undefined : decodeCursor(meta, order, cursor);
  const {
    populate: _paths,
    orderBy: _order,
    first: _first,
    last: _last,
    after: _after,
    before: _before,
    ...rest
  } = options;
  const find = (where: Filter<T> | undefined, by: readonly KeysetItem[], limit: number) =>
    source.find((where ? (isEmpty(filter) ? where : { $and: [filter, where] }) : filter) as Filter<T>, {
      ...rest,
      orderBy: keysetOrderBy(by) as FindOptions<T>['orderBy'],
      limit,
    });
  const rows = await find(at && (keysetFilter(readOrder, at) as Filter<T>), readOrder, size + 1);
  const items = rows.slice(0, size);
  if (backward) items.reverse();
  const [first, last] = [items[0], items[items.length - 1]];
  const relationPaths = orderRelationPaths(meta, order);
  await source.populate(items, relationPaths, first && last ? [first, last] : []);
  // Rows on the cursor's side: strictly before the page's first row read, or at or before the
  // cursor when the page is empty (the cursor's own row counts: it is on the other side).
  let behind = false;
  if (at) {
    const pivot = backward ? last : first;
    const values = pivot === undefined ? at : orderValues(meta, order, pivot);
    const otherWay = reversed(readOrder);
    const beyond = keysetFilter(otherWay, values);
    const where = pivot === undefined ? { $or: [beyond, keysetEqual(order, values)] } : beyond;
    behind = (await find(where as Filter<T>, otherWay, 1)).length > 0;
  }
  const more = rows.length > size;
  return {
    items,
    startCursor: first ? encodeCursor(meta, order, first) : null,
    endCursor: last ? encodeCursor(meta, order, last) : null,
    hasNextPage: backward ? behind : more,
    hasPreviousPage: backward ? more : behind,
  };
}

type PageBounds = Pick<CursorOptions<unknown>, 'first' | 'last' | 'after' | 'before'>;

/** True for `last`/`before`; checks that exactly one page size is given, with its own cursor. */
function direction(meta: EntityMetadata, options: PageBounds): boolean {
  const { first, last, after, before } = options;
  if ((first === undefined) === (last === undefined)) {
    throw QueryError.invalid(
      meta.name,
      'first',
      'give exactly one of first (forward, with after) and last (backward, with before).',
    );
  }
  if (first !== undefined) {
    checkRowCount(meta, 'first', first, 1);
    if (before !== undefined && before !== null) {
      throw QueryError.invalid(meta.name, 'before', 'pages backward: use it with last, not first.');
    }
    return false;
  }
  checkRowCount(meta, 'last', last, 1);
  if (after !== undefined && after !== null) {
    throw QueryError.invalid(meta.name, 'after', 'pages forward: use it with first, not last.');
  }
  return true;
}

function checkCursor(meta: EntityMetadata, cursor: unknown): string | undefined {
  if (cursor === undefined || cursor === null || cursor === '') return undefined;
  if (typeof cursor !== 'string') {
    throw QueryError.invalid(meta.name, '(cursor)', 'is not a cursor this query returned (a cursor is a string).');
  }
  return cursor;
}

/** The to-one relation paths the order reads through (`'author'`, `'album.artist'`). */
function orderRelationPaths(meta: EntityMetadata, order: readonly KeysetItem[]): string[] {
  const paths = new Set<string>();
  for (const item of order) {
    let current = meta;
    const steps: string[] = [];
    for (const segment of item.path.slice(0, -1)) {
      const p = current.properties.find((x) => x.name === segment);
      if (p?.kind !== 'relation') break;
      steps.push(segment);
      current = p.relation.target;
    }
    if (steps.length > 0) paths.add(steps.join('.'));
  }
  return [...paths];
}

function isEmpty(filter: object): boolean {
  return Object.keys(filter).length === 0;
}

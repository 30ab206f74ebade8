/**
 * The identity map: one entry per row, keyed by the root class's metadata and then the key.
 * `get` is on the hot path of `em.findOne(Author, id)` for managed rows: two look-ups, no allocation.
 *
 * The rows of one root are held in two places. A small non-negative integer key (the common
 * generated id) that lands within a short gap of the array's end takes an array slot: a slot costs
 * 8 bytes where a Map entry costs 30–50, and a store or a read is an indexed access instead of a
 * hash. Every other key goes to a Map: strings, bigints, composite keys, negative or fractional
 * numbers, and integers far past the array's end — the ids of a table already in the millions, or
 * the new rows of a request on a fresh EntityManager. Such a store would make V8 turn the array into
 * a dictionary, 5–6× slower than a Map (measured with the lifecycle benchmark's request shape). A
 * key lives in one place only, and an integer key is looked for in the array first: the number 1
 * and the string "1" stay different keys, as they are in a Map.
 */
import type { EntityMetadata } from '../mapping/index.js';
import type { EntityEntry } from './entity-entry.js';

/** Largest key held in the array (a Smi on every platform, far below the array index limit). */
const MAX_INDEX = 0x3fffffff;

/**
 * How far past the array's end a key may land and still take a slot. V8 keeps an array's elements
 * fast while a store stays close to its end and the array is mostly filled; a store far out (or a
 * young array made mostly of holes) turns it into a dictionary for good.
 */
const MAX_GAP = 256;

/** True for a key the array may hold (which side it is on is Rows' business). */
function isIndex(key: unknown): key is number {
  return typeof key === 'number' && key >= 0 && key <= MAX_INDEX && (key | 0) === key;
}

/** The rows of one root class: integer keys near the array's end by index, the others in a Map made on first use. */
class Rows {
  readonly byIndex: (EntityEntry | undefined)[] = [];
  byKey: Map<unknown, EntityEntry> | undefined = undefined;
  size = 0;

  get(key: unknown): EntityEntry | undefined {
    if (isIndex(key)) {
      const entry = this.byIndex[key];
      if (entry !== undefined || this.byKey === undefined) return entry;
    }
    return this.byKey === undefined ? undefined : this.byKey.get(key);
  }

  set(key: unknown, entry: EntityEntry): void {
    // An integer key the Map already holds stays there: a key is never in both places.
    if (isIndex(key) && key < this.byIndex.length + MAX_GAP && (this.byKey === undefined || !this.byKey.has(key))) {
      if (this.byIndex[key] === undefined) this.size++;
      this.byIndex[key] = entry;
      return;
    }
    const byKey = (this.byKey ??= new Map());
    const size = byKey.size;
    byKey.set(key, entry);
    this.size += byKey.size - size;
  }

  /** Forgets `key` when it is held by `entry` (a replaced entry leaves the new one in place). */
  delete(key: unknown, entry: EntityEntry): void {
    if (isIndex(key) && this.byIndex[key] === entry) {
      // A hole, not `undefined`: a sparse array may then go back to holding only what is there.
      delete this.byIndex[key];
      this.size--;
      return;
    }
    if (this.byKey !== undefined && this.byKey.get(key) === entry) {
      this.byKey.delete(key);
      this.size--;
    }
  }
}

export class IdentityMap {
  private readonly byRoot = new Map<EntityMetadata, Rows>();

  // Look-ups come in runs of one class (a loop of findOne, a load): its rows are kept in front of byRoot.
  private lastRoot: EntityMetadata | undefined;
  private lastRows: Rows | undefined;

  get(root: EntityMetadata, key: unknown): EntityEntry | undefined {
    if (root === this.lastRoot) return (this.lastRows as Rows).get(key);
    return this.rowsOf(root)?.get(key);
  }

  private rowsOf(root: EntityMetadata): Rows | undefined {
    const rows = this.byRoot.get(root);
    if (rows !== undefined) {
      this.lastRoot = root;
      this.lastRows = rows;
    }
    return rows;
  }

  set(entry: EntityEntry): void {
    const root = entry.root;
    let rows = root === this.lastRoot ? this.lastRows : this.rowsOf(root);
    if (!rows) this.byRoot.set(root, (rows = new Rows()));
    rows.set(entry.key, entry);
  }

  delete(entry: EntityEntry): void {
    this.byRoot.get(entry.root)?.delete(entry.key, entry);
  }

  clear(): void {
    this.byRoot.clear();
    this.lastRoot = undefined;
    this.lastRows = undefined;
  }

  get size(): number {
    let n = 0;
    for (const rows of this.byRoot.values()) n += rows.size;
    return n;
  }
}

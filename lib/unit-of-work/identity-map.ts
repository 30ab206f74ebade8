/**
 * The identity map: one entry per row, keyed by the root class's metadata and then the key.
 * `get` is on the hot path of `em.findOne(Author, id)` for managed rows: two look-ups, no allocation.
 *
 * The rows of one root are held in two places. A key that is a small non-negative integer (the
 * common generated id) indexes an array: a slot costs 8 bytes where a Map entry costs 30–50, and a
 * store or a read is an indexed access instead of a hash. Every other key (strings, bigints,
 * composite keys, negative or fractional numbers) goes to a Map, so the two never meet: the
 * number 1 and the string "1" stay different keys, as they are in a Map. When the keys are sparse,
 * V8 itself turns the array into a dictionary, which costs what a Map would.
 */
import type { EntityMetadata } from '../mapping/index.js';
import type { EntityEntry } from './entity-entry.js';

/** Largest key held in the array (a Smi on every platform, far below the array index limit). */
const MAX_INDEX = 0x3fffffff;

/** The rows of one root class: integer keys by index, the others in a Map made on first use. */
class Rows {
  readonly byIndex: (EntityEntry | undefined)[] = [];
  byKey: Map<unknown, EntityEntry> | undefined = undefined;
  size = 0;

  get(key: unknown): EntityEntry | undefined {
    if (typeof key === 'number' && key >= 0 && key <= MAX_INDEX && (key | 0) === key) return this.byIndex[key];
    return this.byKey === undefined ? undefined : this.byKey.get(key);
  }

  set(key: unknown, entry: EntityEntry): void {
    if (typeof key === 'number' && key >= 0 && key <= MAX_INDEX && (key | 0) === key) {
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
    if (typeof key === 'number' && key >= 0 && key <= MAX_INDEX && (key | 0) === key) {
      if (this.byIndex[key] !== entry) return;
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

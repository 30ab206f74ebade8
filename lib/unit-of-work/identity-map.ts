/**
 * The identity map: one entry per row, keyed by the root class's metadata and then the key.
 * `get` is on the hot path of `em.findOne(Author, id)` for managed rows: two Map lookups, no allocation.
 */
import type { EntityMetadata } from '../mapping/index.js';
import type { EntityEntry } from './entity-entry.js';

export class IdentityMap {
  private readonly byRoot = new Map<EntityMetadata, Map<unknown, EntityEntry>>();

  // Look-ups come in runs of one class (a loop of findOne, a load): its rows are kept in front of byRoot.
  private lastRoot: EntityMetadata | undefined;
  private lastRows: Map<unknown, EntityEntry> | undefined;

  get(root: EntityMetadata, key: unknown): EntityEntry | undefined {
    if (root === this.lastRoot) return (this.lastRows as Map<unknown, EntityEntry>).get(key);
    return this.rowsOf(root)?.get(key);
  }

  private rowsOf(root: EntityMetadata): Map<unknown, EntityEntry> | undefined {
    const rows = this.byRoot.get(root);
    if (rows !== undefined) {
      this.lastRoot = root;
      this.lastRows = rows;
    }
    return rows;
  }

  set(entry: EntityEntry): void {
    let rows = entry.root === this.lastRoot ? this.lastRows : this.rowsOf(entry.root);
    if (!rows) this.byRoot.set(entry.root, (rows = new Map()));
    rows.set(entry.key, entry);
  }

  delete(entry: EntityEntry): void {
    const rows = this.byRoot.get(entry.root);
    if (rows?.get(entry.key) === entry) rows.delete(entry.key);
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

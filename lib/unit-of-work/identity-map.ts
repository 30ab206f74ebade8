/**
 * The identity map: one entry per row, keyed by the root class's metadata and then the key.
 * `get` is on the hot path of `em.findOne(Author, id)` for managed rows: two Map lookups, no allocation.
 */
import type { EntityMetadata } from '../mapping/index.js';
import type { EntityEntry } from './entity-entry.js';

export class IdentityMap {
  private readonly byRoot = new Map<EntityMetadata, Map<unknown, EntityEntry>>();

  get(root: EntityMetadata, key: unknown): EntityEntry | undefined {
    return this.byRoot.get(root)?.get(key);
  }

  set(entry: EntityEntry): void {
    let rows = this.byRoot.get(entry.root);
    if (!rows) this.byRoot.set(entry.root, (rows = new Map()));
    rows.set(entry.key, entry);
  }

  delete(entry: EntityEntry): void {
    const rows = this.byRoot.get(entry.root);
    if (rows?.get(entry.key) === entry) rows.delete(entry.key);
  }

  clear(): void {
    this.byRoot.clear();
  }

  get size(): number {
    let n = 0;
    for (const rows of this.byRoot.values()) n += rows.size;
    return n;
  }
}

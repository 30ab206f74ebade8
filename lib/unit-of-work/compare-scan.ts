/**
 * The compare pass of a flush, generated per entity class: one loop over a run of entries of that
 * class with the class's comparison written inline. A flush with nothing to do walks every managed
 * entity once, cold, in a fresh process; a small loop of monomorphic reads is compiled by V8 within
 * a few hundred iterations, where a generic loop calling a different comparator per class kept
 * being recompiled (the loop de-optimised each time a new class came along).
 */
import type { ColumnChange, EntityMetadata } from '../mapping';
import { emitCompare, NO_CHANGES } from '../mapping/hot-paths/generate-comparator';
import { GeneratedSource } from '../mapping/hot-paths/generated-source';
import type { EntityEntry } from './entity-entry';

/**
 * Compares `entries[from]` onwards while they belong to the scan's class; returns the index of the
 * first entry it did not look at. Pushes `entry, changes` pairs onto `out` for each entry that
 * changed, and for each whose to-one reference points at an entity in `inserted` (with
 * `NO_CHANGES` when its columns are equal: the caller adds the reference, whose key is not known yet).
 * Skips entries that are not managed, not initialized, have no snapshot, or are in `deleted`.
 */
export type CompareScan = (
  entries: readonly EntityEntry[],
  from: number,
  deleted: ReadonlySet<object> | null,
  inserted: ReadonlyMap<object, number> | null,
  out: (EntityEntry | readonly ColumnChange[])[],
) => number;

const scans = new WeakMap<EntityMetadata, CompareScan>();

/** The compare scan of one class, generated on first use (metadata is immutable). */
export function compareScan(meta: EntityMetadata): CompareScan {
  let scan = scans.get(meta);
  if (!scan) {
    const s = scanSource(meta);
    scan = s.source.compile<CompareScan>(s.title, s.signature);
    scans.set(meta, scan);
  }
  return scan;
}

/** The printable source of a class's compare scan, exactly as it runs. */
export function describeCompareScan(meta: EntityMetadata): string {
  const s = scanSource(meta);
  return s.source.print(s.title, s.signature);
}

function scanSource(meta: EntityMetadata): { source: GeneratedSource; title: string; signature: string } {
  const src = new GeneratedSource();
  src.constant('META', meta, `the metadata of ${meta.className}`);
  src.constant('NO_CHANGES', NO_CHANGES, 'the shared empty result');
  src.line('let i = from, entry, e, s, changes, a, b;');
  src.line('for (; i < entries.length; i++) {');
  src.nested(1, () => {
    src.line('entry = entries[i];');
    src.line('if (entry.meta !== META) break;');
    src.line("if (entry.state !== 'managed' || !entry.isInitialized) continue;");
    src.line('s = entry.snapshot;');
    src.line('if (s === undefined) continue;');
    src.line('e = entry.entity;');
    src.line('if (deleted !== null && deleted.has(e)) continue;');
    src.line('changes = undefined;');
    // A block: the comparison declares its locals (`const r2 = e.author`) once per entry.
    src.line('{');
    src.nested(1, () => {
      const references = emitCompare(src, meta);
      if (references.length > 0) {
        const reaches = references.map((r) => `(${r} != null && inserted.has(${r}))`).join(' || ');
        src.line(`if (changes === undefined && inserted !== null && (${reaches})) changes = NO_CHANGES;`);
      }
    });
    src.line('}');
    src.line('if (changes !== undefined) out.push(entry, changes);');
  });
  src.line('}');
  src.line('return i;');
  const name = `scan${meta.className}`;
  return {
    source: src,
    title: `${name}: the changed ${meta.className} entries of a run of entries (${meta.name})`,
    signature: `${name}(entries, from, deleted, inserted, out)`,
  };
}

/**
 * The one pass of a flush over its entries, generated per entity class: a loop over a run of
 * entries of one class that sorts out the few needing work — removed, new, a cascade-persist
 * relation that may reach something new, an orphan-removal or pivot owner — and compares every
 * managed entry with its snapshot, the class's comparison written inline. The work itself stays
 * generic (collect-changes.ts).
 *
 * Why generated: a flush with nothing to do still looks at every managed entity, once, usually in
 * a process whose code is cold. A generic loop calling a different comparator per class was
 * recompiled each time a new class came along (10–25 ms of compiling on a 2-core machine); a small
 * loop of monomorphic reads per class is compiled by V8 within a few hundred iterations.
 */
import {
  type EntityMetadata,
  emitCompare,
  GeneratedSource,
  literal,
  member,
  NO_CHANGES,
  type RelationMetadata,
} from '../mapping/index.js';
import type { ChangeSet, FailedComparison } from './change-set.js';
import type { EntityEntry } from './entity-entry.js';

/** Where a scan sorts entries, in registration order within each list. */
export class ScanFound {
  /** Removed entries. */
  readonly removed: EntityEntry[] = [];
  /**
   * New entries (each an insert) and managed entries whose cascade-persist relations must be walked:
   * an array that no longer holds exactly its recorded members, or a to-one reference to an entity
   * this unit of work does not know.
   */
  readonly walk: EntityEntry[] = [];
  /** Managed entries with a snapshot whose class has orphan-removal relations. */
  readonly orphanOwners: EntityEntry[] = [];
  /** Managed entries whose class owns a many-to-many pivot. */
  readonly pivotOwners: EntityEntry[] = [];
  /**
   * Each managed entry that changed, and each whose to-one reference points at an entity without a
   * key yet (with `NO_CHANGES` when its columns are equal: the caller decides whether that entity is
   * being inserted).
   */
  readonly compared: ChangeSet[] = [];
  /**
   * What comparisons threw (a json value that cannot be serialised): raised by the caller only for
   * entries not deleted, which are never compared — orphans are known later.
   */
  readonly failed: FailedComparison[] = [];
}

/** The relations a class's scan looks at, chosen by the caller (it owns the rules). */
export interface ScanRelations {
  readonly cascadePersist: readonly RelationMetadata[];
  readonly ownsOrphans: boolean;
  readonly ownsPivots: boolean;
}

/** Sorts and compares `entries[from]` onwards while they belong to the scan's class; returns the next index. */
export type FlushScan = (
  entries: readonly EntityEntry[],
  from: number,
  found: ScanFound,
  entryOf: (entity: object) => EntityEntry | undefined,
) => number;

/** True when `now` holds exactly `before`, in order: the common case, checked without allocating. */
export function sameMembers(before: readonly object[] | undefined, now: unknown): boolean {
  if (before === undefined || !Array.isArray(now) || now.length !== before.length) return false;
  for (let i = 0; i < before.length; i++) if (now[i] !== before[i]) return false;
  return true;
}

/** Compiles the scan of one class (the caller keeps it: it owns the relations chosen). */
export function compileFlushScan(meta: EntityMetadata, relations: ScanRelations): FlushScan {
  const s = scanSource(meta, relations);
  return s.source.compile<FlushScan>(s.title, s.signature);
}

/** The printable source of a class's scan with these relations, exactly as it runs. */
export function flushScanSource(meta: EntityMetadata, relations: ScanRelations): string {
  const s = scanSource(meta, relations);
  return s.source.print(s.title, s.signature);
}

/** The condition under which one cascade relation of the managed entity `e` must be walked. */
function needsWalk(relation: RelationMetadata): string {
  const value = member('e', relation.name);
  const members = `entry.members.get(${literal(relation.name)})`;
  return `((v = ${value}), Array.isArray(v) ? !same(${members}, v) : v !== null && typeof v === 'object' && entryOf(v) === undefined)`;
}

function scanSource(meta: EntityMetadata, relations: ScanRelations) {
  const src = new GeneratedSource();
  src.constant('META', meta, `the metadata of ${meta.className}`);
  src.constant('NO_CHANGES', NO_CHANGES, 'the shared empty result');
  if (relations.cascadePersist.length > 0) src.constant('same', sameMembers, 'sameMembers');
  src.line('let i = from, entry, state, e, s, v, changes, a, b;');
  src.line('for (; i < entries.length; i++) {');
  src.nested(1, () => {
    src.line('entry = entries[i];');
    src.line('if (entry.meta !== META) break;');
    src.line('state = entry.state;');
    src.line("if (state === 'removed') { found.removed.push(entry); continue; }");
    src.line("if (state === 'new') { found.walk.push(entry); continue; }");
    src.line('if (!entry.isInitialized) continue;');
    src.line('e = entry.entity;');
    if (relations.cascadePersist.length > 0) {
      src.line(`if (${relations.cascadePersist.map(needsWalk).join(' || ')}) found.walk.push(entry);`);
    }
    if (relations.ownsPivots) src.line('found.pivotOwners.push(entry);');
    src.line('s = entry.snapshot;');
    src.line('if (s === undefined) continue;');
    if (relations.ownsOrphans) src.line('found.orphanOwners.push(entry);');
    src.line('changes = undefined;');
    // A block: the comparison declares its locals (`const r2 = e.author`) once per entry.
    src.line('try {');
    src.nested(1, () => {
      const references = emitCompare(src, meta);
      if (references.length > 0) {
        const unkeyed = references.flatMap((r) =>
          r.keys.map((k) => `(${r.local} != null && ${member(r.local, k)} === undefined)`),
        );
        src.line(`if (changes === undefined && (${unkeyed.join(' || ')})) changes = NO_CHANGES;`);
      }
    });
    src.line('} catch (error) {');
    src.line('found.failed.push({ entry, error });', 2);
    src.line('continue;', 2);
    src.line('}');
    src.line('if (changes !== undefined) found.compared.push({ entry, changes });');
  });
  src.line('}');
  src.line('return i;');
  const name = `scan${meta.className}`;
  return {
    source: src,
    title: `${name}: the ${meta.className} entries of a run that a flush writes or works on (${meta.name})`,
    signature: `${name}(entries, from, found, entryOf)`,
  };
}

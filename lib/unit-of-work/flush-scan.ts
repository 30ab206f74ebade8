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
  holdShapeModels,
  member,
  NO_CHANGES,
  type RelationMetadata,
} from '../mapping/index.js';
import type { ChangeSet, FailedComparison } from './change-set.js';
import type { EntityEntry } from './entity-entry.js';
import { type InverseRelation, mayNeedCarry, recordedMembers } from './inverse-check.js';

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

// Every flush makes one and drops it: without a model, the scan's code is thrown away between flushes (shape-models.ts).
holdShapeModels(new ScanFound());

/** The relations a class's scan looks at, chosen by the caller (it owns the rules). */
export interface ScanRelations {
  readonly cascadePersist: readonly RelationMetadata[];
  readonly ownsOrphans: boolean;
  readonly ownsPivots: boolean;
}

/**
 * Sorts and compares `entries[from]` onwards while they belong to the scan's class; returns the
 * next index. A scan compiled with inverse relations also hands each entry whose inverse sides may
 * need carrying over to `carry` (inverse-sides.ts), before looking at its owning sides.
 */
export type FlushScan = (
  entries: readonly EntityEntry[],
  from: number,
  found: ScanFound,
  entryOf: (entity: object) => EntityEntry | undefined,
  carry?: (entry: EntityEntry) => void,
) => number;

/** True when `now` holds exactly `before`, in order: the common case, checked without allocating. */
export function sameMembers(before: readonly object[] | undefined, now: unknown): boolean {
  if (before === undefined || !Array.isArray(now) || now.length !== before.length) return false;
  for (let i = 0; i < before.length; i++) if (now[i] !== before[i]) return false;
  return true;
}

/**
 * Compiles the scan of one class (the caller keeps it: it owns the relations chosen); with
 * `inverse` relations, the scan that also looks for inverse-side changes.
 */
export function compileFlushScan(
  meta: EntityMetadata,
  relations: ScanRelations,
  inverse: readonly InverseRelation[] = [],
): FlushScan {
  const s = scanSource(meta, relations, inverse);
  return s.source.compile<FlushScan>(s.title, s.signature);
}

/** The printable source of a class's scan with these relations, exactly as it runs. */
export function flushScanSource(
  meta: EntityMetadata,
  relations: ScanRelations,
  inverse: readonly InverseRelation[] = [],
): string {
  const s = scanSource(meta, relations, inverse);
  return s.source.print(s.title, s.signature);
}

/** A relation the scan reads, into the locals `v<n>` (its value), `m<n>` (recorded members) and `s<n>` (the two agree). */
interface Read {
  readonly relation: RelationMetadata;
  readonly v: string;
  readonly m: string;
  readonly s: string;
}

/** Reads each relation once, however many conditions look at it: an array's recorded members only when it is an array. */
function emitReads(src: GeneratedSource, reads: readonly Read[]): void {
  for (const r of reads) {
    src.line(
      `${r.v} = ${member('e', r.relation.name)}; ${r.m} = Array.isArray(${r.v}) ? ${recordedMembers(r.relation)} : undefined; ${r.s} = ${r.m} !== undefined && same(${r.m}, ${r.v});`,
    );
  }
}

/** The condition under which one cascade relation of the managed entity `e` must be walked. */
function needsWalk(r: Read): string {
  return `(Array.isArray(${r.v}) ? !${r.s} : ${r.v} !== null && typeof ${r.v} === 'object' && entryOf(${r.v}) === undefined)`;
}

function scanSource(meta: EntityMetadata, relations: ScanRelations, inverse: readonly InverseRelation[]) {
  const src = new GeneratedSource();
  src.constant('META', meta, `the metadata of ${meta.className}`);
  src.constant('NO_CHANGES', NO_CHANGES, 'the shared empty result');
  const read = new Map<string, Read>();
  for (const relation of [...relations.cascadePersist, ...inverse.map((i) => i.relation)]) {
    const n = read.size;
    if (!read.has(relation.name)) read.set(relation.name, { relation, v: `v${n}`, m: `m${n}`, s: `s${n}` });
  }
  const reads = [...read.values()];
  const readOf = (relation: RelationMetadata) => read.get(relation.name) as Read;
  if (reads.length > 0) src.constant('same', sameMembers, 'sameMembers');
  const locals = reads.flatMap((r) => [r.v, r.m, r.s]);
  src.line(`let i = from, entry, state, e, s, changes, a, b${locals.map((l) => `, ${l}`).join('')};`);
  src.line('for (; i < entries.length; i++) {');
  src.nested(1, () => {
    src.line('entry = entries[i];');
    src.line('if (entry.meta !== META) break;');
    src.line('state = entry.state;');
    src.line("if (state === 'removed') { found.removed.push(entry); continue; }");
    if (inverse.length === 0) src.line("if (state === 'new') { found.walk.push(entry); continue; }");
    else {
      src.line("if (state === 'new') {");
      src.line('found.walk.push(entry);', 2);
      src.line('if (entry.isInitialized) {', 2);
      src.nested(2, () => {
        src.line('e = entry.entity;');
        emitReads(
          src,
          inverse.map((i) => readOf(i.relation)),
        );
        const checks = inverse.map((i) => {
          const r = readOf(i.relation);
          return mayNeedCarry(i, r.v, r.m, r.s, 'true');
        });
        src.line(`if (${checks.join(' || ')}) carry(entry);`);
      });
      src.line('}', 2);
      src.line('continue;', 2);
      src.line('}');
    }
    src.line('if (!entry.isInitialized) continue;');
    src.line('e = entry.entity;');
    emitReads(src, reads);
    if (inverse.length > 0) {
      const checks = inverse.map((i) => {
        const r = readOf(i.relation);
        return mayNeedCarry(i, r.v, r.m, r.s, 'false');
      });
      src.line(`if (${checks.join(' || ')}) carry(entry);`);
    }
    if (relations.cascadePersist.length > 0) {
      src.line(
        `if (${relations.cascadePersist.map((r) => needsWalk(readOf(r))).join(' || ')}) found.walk.push(entry);`,
      );
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
  const looksFor = inverse.length > 0 ? ', and whose inverse sides may need carrying over' : '';
  return {
    source: src,
    title: `${name}: the ${meta.className} entries of a run that a flush writes or works on${looksFor} (${meta.name})`,
    signature: `${name}(entries, from, found, entryOf${inverse.length > 0 ? ', carry' : ''})`,
  };
}

/**
 * The survey pass of a flush, generated per entity class like the compare scan (see
 * `compare-scan.ts` for why): one loop over a run of entries of one class that sorts out the few
 * entries needing work — removed, new, a cascade-persist relation that may reach something new,
 * an orphan-removal or pivot owner — from the many that need none. The work itself stays generic.
 */
import type { EntityMetadata, RelationMetadata } from '../mapping';
import { GeneratedSource, literal, member } from '../mapping/hot-paths/generated-source';
import type { EntityEntry } from './entity-entry';

/** Where a survey scan sorts entries, in registration order within each list. */
export class SurveyFound {
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
}

/** The relations a class's survey looks at, chosen by the caller (it owns the rules). */
export interface SurveyRelations {
  readonly cascadePersist: readonly RelationMetadata[];
  readonly ownsOrphans: boolean;
  readonly ownsPivots: boolean;
}

/** Sorts `entries[from]` onwards while they belong to the scan's class; returns the next index. */
export type SurveyScan = (
  entries: readonly EntityEntry[],
  from: number,
  found: SurveyFound,
  entryOf: (entity: object) => EntityEntry | undefined,
) => number;

/** True when `now` holds exactly `before`, in order: the common case, checked without allocating. */
export function sameMembers(before: readonly object[] | undefined, now: unknown): boolean {
  if (before === undefined || !Array.isArray(now) || now.length !== before.length) return false;
  for (let i = 0; i < before.length; i++) if (now[i] !== before[i]) return false;
  return true;
}

/** Compiles the survey scan of one class (the caller keeps it: it owns the relations chosen). */
export function compileSurveyScan(meta: EntityMetadata, relations: SurveyRelations): SurveyScan {
  const s = scanSource(meta, relations);
  return s.source.compile<SurveyScan>(s.title, s.signature);
}

/** The printable source of a class's survey scan, exactly as it runs. */
export function describeSurveyScan(meta: EntityMetadata, relations: SurveyRelations): string {
  const s = scanSource(meta, relations);
  return s.source.print(s.title, s.signature);
}

/** The condition under which one cascade relation of the managed entity `e` must be walked. */
function needsWalk(relation: RelationMetadata): string {
  const value = member('e', relation.name);
  const members = `entry.members.get(${literal(relation.name)})`;
  return `((v = ${value}), Array.isArray(v) ? !same(${members}, v) : v !== null && typeof v === 'object' && entryOf(v) === undefined)`;
}

function scanSource(meta: EntityMetadata, relations: SurveyRelations) {
  const src = new GeneratedSource();
  src.constant('META', meta, `the metadata of ${meta.className}`);
  if (relations.cascadePersist.length > 0) src.constant('same', sameMembers, 'sameMembers');
  src.line('let i = from, entry, state, e, v;');
  src.line('for (; i < entries.length; i++) {');
  src.nested(1, () => {
    src.line('entry = entries[i];');
    src.line('if (entry.meta !== META) break;');
    src.line('state = entry.state;');
    src.line("if (state === 'removed') { found.removed.push(entry); continue; }");
    src.line("if (state === 'new') { found.walk.push(entry); continue; }");
    src.line('if (!entry.isInitialized) continue;');
    if (relations.cascadePersist.length > 0) {
      src.line('e = entry.entity;');
      src.line(`if (${relations.cascadePersist.map(needsWalk).join(' || ')}) found.walk.push(entry);`);
    }
    if (relations.ownsOrphans) src.line('if (entry.snapshot !== undefined) found.orphanOwners.push(entry);');
    if (relations.ownsPivots) src.line('found.pivotOwners.push(entry);');
  });
  src.line('}');
  src.line('return i;');
  const name = `survey${meta.className}`;
  return {
    source: src,
    title: `${name}: the ${meta.className} entries of a run that need work at a flush (${meta.name})`,
    signature: `${name}(entries, from, found, entryOf)`,
  };
}

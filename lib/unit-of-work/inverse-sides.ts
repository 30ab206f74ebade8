/**
 * Inverse sides are never silently ignored. Only the owning side of a relation is written (the
 * foreign key, the pivot row), so a change made on the inverse side — `user.posts.push(post)`,
 * `tag.posts = [...]`, `user.profile = profile` — is carried over to the owning side before the
 * flush is planned, where it is unambiguous:
 * - one-to-many: a member added gets its owning reference set to the parent, one taken out gets
 *   it set to null (or is deleted by orphanRemoval) — unless its owning reference was changed
 *   otherwise;
 * - many-to-many: the pair is linked or unlinked on the owning side (its array when loaded, else
 *   straight as a pivot row);
 * - one-to-one: the target's owning reference is set, when it was not changed otherwise.
 * Where the two sides contradict each other the plan fails with an EntityStateError naming both.
 * The carried-over assignments are undone when the flush fails or after `plan()`, so both keep
 * their promise: a failed flush leaves the EntityManager as it was, and a plan changes nothing.
 */
import { EntityStateError } from '../errors/index.js';
import type { EntityMetadata, RelationMetadata } from '../mapping/index.js';
import type { PivotChange } from './collect-pivots.js';
import type { EntityEntry } from './entity-entry.js';
import { describeEntity, keyValues } from './entity-key.js';
import { type ChangeSource, scanEntries } from './collect-changes.js';
import { type ScanFound, sameMembers } from './flush-scan.js';
import { type InverseRelation, inverseRelations } from './inverse-check.js';

type Bag = Record<string, unknown>;

/** What carrying over needs from the unit of work. */
export interface InverseSource {
  readonly entries: readonly EntityEntry[];
  entryOf(entity: object): EntityEntry | undefined;
  /** Refuses an entity another unit of work manages (EntityStateError). */
  claim(entity: object, meta: EntityMetadata): void;
  /** Pivot rows of inverse many-to-many changes whose owning array is not loaded; read by collectChanges. */
  inverseLinks: PivotChange[] | undefined;
}

/** The carried-over changes of one plan or flush. */
export interface InverseSync {
  /** Puts every owning side back as it was (a failed flush, or after `plan()`). */
  undo(): void;
  /** The inverse entries whose arrays were carried over: their members are recorded anew after COMMIT. */
  readonly changed: readonly EntityEntry[];
}

const label = (meta: EntityMetadata, entity: object) => describeEntity(meta, keyValues(meta, entity));
const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null;

/** What the flush's first pass did: the inverse sides it carried over, or the scan of entries it left as they were. */
export interface InverseCarried {
  /** The carried-over changes; undefined when there was nothing to carry over. */
  readonly sync: InverseSync | undefined;
  /** The scan of every entry (collectChanges's first step), when nothing was carried over; else undefined, to scan again. */
  readonly scanned: ScanFound | undefined;
}

/**
 * Carries inverse-side changes over to the owning sides (see above), in the same pass that scans
 * the entries for the flush (collect-changes.ts): the common flush, with no inverse array changed,
 * reads each array once, and planning reuses the scan. Something carried over may change what the
 * scan saw, so then the scan is dropped and planning scans again.
 */
export function carryInverseSides(source: InverseSource & ChangeSource): InverseCarried {
  let work: Carry | undefined;
  // Called only for the entries a class's generated scan picks (inverse-check.ts): rarely.
  const carry = (entry: EntityEntry) => {
    const relations = inverseRelations(entry.meta);
    for (let r = 0; r < relations.length; r++) {
      const inverse = relations[r] as InverseRelation;
      const current = (entry.entity as Bag)[inverse.relation.name];
      if (inverse.relation.kind === 'one-to-one') {
        if (isObject(current) && (current as Bag)[inverse.owning.name] !== entry.entity) {
          (work ??= new Carry(source)).oneToOne(entry, inverse, current);
        }
        continue;
      }
      if (!Array.isArray(current)) continue;
      const before = entry.members.get(inverse.relation.name);
      if (before !== undefined && sameMembers(before, current)) continue;
      if (before === undefined && entry.state !== 'new') {
        if (current.length === 0) continue;
        throw EntityStateError.inverseNotLoaded(
          `${label(entry.meta, entry.entity)}.${inverse.relation.name}`,
          `${inverse.relation.target.className}.${inverse.owning.name}`,
        );
      }
      (work ??= new Carry(source)).toMany(entry, inverse, before ?? [], current);
    }
  };
  const scanned = scanEntries(source, carry);
  const carried = (work as Carry | undefined)?.finish();
  // Pivot rows planned straight away change no entity the scan looked at.
  return { sync: carried, scanned: carried?.editedEntities ? undefined : scanned };
}

/**
 * Carries inverse-side changes over to the owning sides (see above). Returns undefined when there
 * is nothing to carry over — every flush of a unit of work whose inverse arrays are as loaded.
 */
export function syncInverseSides(source: InverseSource & ChangeSource): InverseSync | undefined {
  return carryInverseSides(source).sync;
}

/** One member taken out of a one-to-many array, settled once every addition is known. */
interface Removal {
  readonly entry: EntityEntry;
  readonly inverse: InverseRelation;
  readonly member: object;
}

class Carry implements InverseSync {
  private readonly undos: (() => void)[] = [];
  readonly changed: EntityEntry[] = [];
  private readonly links: PivotChange[] = [];
  /** One-to-many members added, by member: the inverse side that took it (two parents contradict). */
  private readonly adopted = new Map<object, { entry: EntityEntry; inverse: InverseRelation }>();
  private readonly removals: Removal[] = [];
  /** Set by `finish`: whether an entity or array was changed (pivot rows planned directly change none). */
  editedEntities = false;

  constructor(private readonly source: InverseSource) {}

  /** The entry of a member or owner reached through a relation; one managed elsewhere is refused as a cascade would. */
  private entryFor(entity: object, meta: EntityMetadata): EntityEntry | undefined {
    const entry = this.source.entryOf(entity);
    if (!entry) this.source.claim(entity, meta);
    return entry;
  }

  private assign(target: object, property: string, value: unknown): void {
    const bag = target as Bag;
    const had = Object.hasOwn(bag, property);
    const old = bag[property];
    bag[property] = value;
    this.undos.push(() => {
      if (had) bag[property] = old;
      else delete bag[property];
    });
  }

  toMany(entry: EntityEntry, inverse: InverseRelation, before: readonly object[], current: unknown[]): void {
    if (entry.state !== 'new') this.changed.push(entry);
    // The common case of a new parent: its children already point at it (both sides were set), so
    // nothing is carried over and nothing allocated; its members are recorded when it is inserted.
    if (before.length === 0 && inverse.relation.kind === 'one-to-many' && pointsAt(current, inverse, entry.entity))
      return;
    if (entry.state === 'new') this.changed.push(entry);
    const now = new Set(current.filter(isObject));
    const was = new Set(before);
    const oneToMany = inverse.relation.kind === 'one-to-many';
    for (const member of now) {
      if (was.has(member)) continue;
      if (oneToMany) this.adopt(entry, inverse, member);
      else this.link(entry, inverse, member);
    }
    for (const member of was) {
      if (now.has(member)) continue;
      if (oneToMany) this.removals.push({ entry, inverse, member });
      else this.unlink(entry, inverse, member);
    }
  }

  /** A member added to a one-to-many array: its owning reference points at the parent. */
  private adopt(entry: EntityEntry, inverse: InverseRelation, member: object): void {
    const first = this.adopted.get(member);
    if (first && first.entry !== entry) {
      throw EntityStateError.inverseTwoParents(
        label(inverse.relation.target, member),
        `${label(first.entry.meta, first.entry.entity)}.${first.inverse.relation.name}`,
        `${label(entry.meta, entry.entity)}.${inverse.relation.name}`,
      );
    }
    this.adopted.set(member, { entry, inverse });
    this.setOwner(entry, inverse, member, `${label(entry.meta, entry.entity)}.${inverse.relation.name}`);
  }

  /** Sets `member`'s owning reference to `entry`'s entity, unless it was changed otherwise (a contradiction). */
  private setOwner(entry: EntityEntry, inverse: InverseRelation, member: object, inverseLabel: string): void {
    const current = (member as Bag)[inverse.owning.name];
    if (current === entry.entity) return;
    const memberEntry = this.entryFor(member, inverse.relation.target);
    if (memberEntry?.state === 'removed') return;
    if (referenceChanged(memberEntry, inverse.owning, current)) {
      const memberLabel = label(memberEntry?.meta ?? inverse.relation.target, member);
      throw EntityStateError.inverseConflict(
        inverseLabel,
        memberLabel,
        `${memberLabel}.${inverse.owning.name}`,
        isObject(current) ? label(inverse.owning.target, current) : 'null',
      );
    }
    this.assign(member, inverse.owning.name, entry.entity);
  }

  oneToOne(entry: EntityEntry, inverse: InverseRelation, target: object): void {
    const current = (target as Bag)[inverse.owning.name];
    const targetEntry = this.entryFor(target, inverse.relation.target);
    if (targetEntry?.state === 'removed') return;
    // No record of the inverse reference's loaded value exists: a changed owning side wins.
    if (referenceChanged(targetEntry, inverse.owning, current)) return;
    this.assign(target, inverse.owning.name, entry.entity);
  }

  /** A pair added on the inverse side of a many-to-many: the owning array gains it, or a pivot row is planned. */
  private link(entry: EntityEntry, inverse: InverseRelation, owner: object): void {
    const ownerEntry = this.entryFor(owner, inverse.relation.target);
    if (ownerEntry?.state === 'removed') return;
    const array = (owner as Bag)[inverse.owning.name];
    if (Array.isArray(array)) {
      if (array.includes(entry.entity)) return;
      const before = ownerEntry?.members.get(inverse.owning.name);
      if (before?.includes(entry.entity)) {
        // The owning side took out what the inverse side put in.
        const ownerLabel = label(ownerEntry?.meta ?? inverse.relation.target, owner);
        throw EntityStateError.inverseConflict(
          `${label(entry.meta, entry.entity)}.${inverse.relation.name}`,
          ownerLabel,
          `${ownerLabel}.${inverse.owning.name} (which no longer holds ${label(entry.meta, entry.entity)})`,
          'an array without it',
        );
      }
      array.push(entry.entity);
      this.undos.push(() => {
        const at = array.lastIndexOf(entry.entity);
        if (at >= 0) array.splice(at, 1);
      });
      return;
    }
    if (ownerEntry === undefined || ownerEntry.state === 'new') {
      // A new owner's array that was never set starts as just this member.
      this.assign(owner, inverse.owning.name, [entry.entity]);
      return;
    }
    this.links.push({
      kind: 'link',
      relation: inverse.owning,
      owner,
      ownerMeta: ownerEntry.meta,
      member: entry.entity,
    });
  }

  private unlink(entry: EntityEntry, inverse: InverseRelation, owner: object): void {
    const ownerEntry = this.source.entryOf(owner);
    if (ownerEntry?.state !== 'managed') return;
    const array = (owner as Bag)[inverse.owning.name];
    if (Array.isArray(array)) {
      const at = array.indexOf(entry.entity);
      if (at < 0) return;
      array.splice(at, 1);
      this.undos.push(() => array.splice(at, 0, entry.entity));
      return;
    }
    this.links.push({
      kind: 'unlink',
      relation: inverse.owning,
      owner,
      ownerMeta: ownerEntry.meta,
      member: entry.entity,
    });
  }

  finish(): Carry {
    for (const { entry, inverse, member } of this.removals) {
      if (this.adopted.has(member)) continue; // moved to another parent: set there
      if ((member as Bag)[inverse.owning.name] !== entry.entity) continue; // already points elsewhere
      const memberEntry = this.source.entryOf(member);
      if (memberEntry?.state !== 'managed') continue;
      if (inverse.relation.orphanRemoval) continue; // deleted as an orphan
      const memberLabel = label(memberEntry.meta, member);
      if (!inverse.owning.nullable) {
        throw EntityStateError.inverseRemovalNotNull(
          memberLabel,
          `${label(entry.meta, entry.entity)}.${inverse.relation.name}`,
          `${inverse.relation.target.className}.${inverse.owning.name}`,
        );
      }
      this.assign(member, inverse.owning.name, null);
    }
    this.editedEntities = this.undos.length > 0;
    if (this.links.length > 0) {
      this.source.inverseLinks = this.links;
      this.undos.push(() => {
        this.source.inverseLinks = undefined;
      });
    }
    return this;
  }

  undo(): void {
    for (let i = this.undos.length - 1; i >= 0; i--) (this.undos[i] as () => void)();
    this.undos.length = 0;
  }
}

/** True when every member of a one-to-many array holds `parent` in its owning reference. */
function pointsAt(members: readonly unknown[], inverse: InverseRelation, parent: object): boolean {
  const name = inverse.owning.name;
  for (let i = 0; i < members.length; i++) {
    const m = members[i];
    if (!isObject(m) || (m as Bag)[name] !== parent) return false;
  }
  return true;
}

/**
 * True when an owning to-one was changed since its row was read: for a new (or untracked) entity,
 * when it is set at all; for a managed one, when it no longer points at the row its snapshot's
 * foreign key names.
 */
function referenceChanged(entry: EntityEntry | undefined, owning: RelationMetadata, current: unknown): boolean {
  if (!entry || entry.state === 'new') return current != null;
  const snapshot = entry.snapshot;
  const before = owning.joinColumns.map((c) => snapshot?.[c.name]);
  if (current == null) return before.some((v) => v != null);
  if (!isObject(current)) return true;
  const now = keyValues(owning.target, current);
  return now.some((v, i) => v === undefined || String(v) !== String(before[i]));
}

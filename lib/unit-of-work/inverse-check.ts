/**
 * What a flush's scan checks for inverse-side changes (inverse-sides.ts): the inverse relations
 * of a class, and the condition under which one of them may need carrying over, written into the
 * class's generated scan (flush-scan.ts). One pass over the entries then both looks for inverse
 * changes and sorts and compares them, so the common flush — no inverse array changed — reads each
 * array once. A class without inverse relations gets no check at all.
 *
 * The condition is a superset of what needs carrying over; each entry it picks is handed to
 * `carry` at once, in registration order, so the result is the same as looking at every entry in turn.
 */
import { type EntityMetadata, literal, member, type RelationMetadata } from '../mapping/index.js';

/** An inverse relation of a class and the owning relation it mirrors. */
export interface InverseRelation {
  readonly relation: RelationMetadata;
  readonly owning: RelationMetadata;
}

const inverseOf = new WeakMap<EntityMetadata, readonly InverseRelation[]>();

/** The inverse relations of a class that name their owning side (computed once; metadata is immutable). */
export function inverseRelations(meta: EntityMetadata): readonly InverseRelation[] {
  let relations = inverseOf.get(meta);
  if (!relations) {
    relations = meta.relations.flatMap((relation) => {
      if (relation.isOwner || relation.mappedBy === undefined) return [];
      const owning = relation.target.relations.find((r) => r.name === relation.mappedBy);
      return owning ? [{ relation, owning }] : [];
    });
    inverseOf.set(meta, relations);
  }
  return relations;
}

/**
 * The condition under which one inverse relation of the entity `e` (entry `entry`) may need
 * carrying over, given the relation's value in `value`, its recorded members in `members` and
 * whether the two hold the same entities in `same` (locals the scan has read). `isNew` is the
 * expression saying whether the entry is new.
 */
export function mayNeedCarry(
  inverse: InverseRelation,
  value: string,
  members: string,
  same: string,
  isNew: string,
): string {
  if (inverse.relation.kind === 'one-to-one') {
    return `(${value} !== null && typeof ${value} === 'object' && ${member(value, inverse.owning.name)} !== e)`;
  }
  // Not loaded (no record) and empty on a managed entity: nothing to carry, nothing to refuse.
  return `(Array.isArray(${value}) && (${members} === undefined ? ${isNew} || ${value}.length > 0 : !${same}))`;
}

/** The read of one relation's recorded members inside a generated scan. */
export function recordedMembers(relation: RelationMetadata): string {
  return `entry.members.get(${literal(relation.name)})`;
}

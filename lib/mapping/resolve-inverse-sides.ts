/**
 * Fourth step: every inverse side (`mappedBy`) is matched with its owning side, which must be a
 * relation of the right kind pointing back at this entity. The owning side learns its inverse
 * (`inversedBy`) and an inverse many-to-many shares the owner's pivot table.
 */
import { MappingError } from './mapping-error.js';
import type { PropertyMetadata, RelationMetadata } from './metadata.js';
import type { RelationKind } from './relation-builders.js';
import type { Draft, EntityDraft } from './resolve-hierarchy.js';

/** The owning kind each inverse kind must point at. */
const OWNING_KIND: Record<RelationKind, RelationKind> = {
  'one-to-many': 'many-to-one',
  'one-to-one': 'one-to-one',
  'many-to-many': 'many-to-many',
  'many-to-one': 'many-to-one',
};

export function resolveInverseSides(draft: EntityDraft): void {
  for (const property of draft.properties) {
    if (property.kind !== 'relation') continue;
    const inverse = property.relation as Draft<RelationMetadata>;
    if (inverse.mappedBy === undefined || !ownRelation(draft, property.name)) continue;
    const owner = owningSide(draft, inverse);
    (owner as Draft<RelationMetadata>).inversedBy = inverse.name;
    if (owner.pivot) inverse.pivot = owner.pivot;
  }
}

function ownRelation(draft: EntityDraft, name: string): boolean {
  return Object.hasOwn(draft.mapper.definition.properties, name);
}

function owningSide(draft: EntityDraft, inverse: RelationMetadata): RelationMetadata {
  const target = inverse.target as EntityDraft;
  const mappedBy = inverse.mappedBy as string;
  const expected = OWNING_KIND[inverse.kind];
  const found = target.properties.find((p) => p.name === mappedBy);
  if (!found) throw MappingError.mappedByUnknown(draft.name, inverse.name, target.className, mappedBy);
  if (found.kind !== 'relation' || found.relation.kind !== expected || !found.relation.isOwner) {
    throw MappingError.mappedByWrongKind(
      draft.name,
      inverse.name,
      target.className,
      mappedBy,
      describe(found),
      expected,
    );
  }
  const pointsAt = found.relation.target as EntityDraft;
  if (!isSelfOrAncestor(pointsAt, draft)) {
    throw MappingError.mappedByWrongTarget(
      draft.name,
      inverse.name,
      target.className,
      mappedBy,
      pointsAt.className,
      draft.className,
    );
  }
  return found.relation;
}

function describe(property: PropertyMetadata): string {
  if (property.kind === 'column') return 'a column';
  if (property.kind === 'embedded') return 'an embeddable';
  const { relation } = property;
  return relation.isOwner ? `a ${relation.kind}` : `the inverse side of a ${relation.kind}`;
}

/** True when `candidate` is `draft` or one of its STI ancestors (the FK then points at the same table). */
function isSelfOrAncestor(candidate: EntityDraft, draft: EntityDraft): boolean {
  for (let d: EntityDraft | undefined = draft; d; d = d.parent) if (d === candidate) return true;
  return false;
}

/**
 * Single-table inheritance: each class of a hierarchy gets the shared discriminator column, its
 * value and its descendants; every concrete class needs a value of its own.
 */
import { MappingError } from './mapping-error.js';
import type { ColumnMetadata, EntityMetadata } from './metadata.js';
import type { NamingStrategy } from './naming-strategy.js';
import { discriminatorColumn, type EntityDraft, isInHierarchy, rootOf } from './resolve-hierarchy.js';

export function resolveInheritance(ordered: readonly EntityDraft[], naming: NamingStrategy): void {
  const columns = new Map<EntityDraft, ColumnMetadata>();
  const values = new Map<EntityDraft, Map<string, EntityDraft>>();
  for (const draft of ordered) {
    if (!isInHierarchy(draft)) continue;
    const root = rootOf(draft);
    let column = columns.get(root);
    if (!column) columns.set(root, (column = discriminatorColumn(root, naming)));
    const { discriminatorValue: value, abstract: isAbstract = false } = draft.mapper.definition;
    if (value === undefined && !isAbstract) throw MappingError.missingDiscriminatorValue(draft.name, root.name);
    if (value !== undefined) {
      const seen = values.get(root) ?? new Map<string, EntityDraft>();
      values.set(root, seen);
      const other = seen.get(value);
      if (other) throw MappingError.duplicateDiscriminatorValue(draft.name, other.name, value);
      seen.set(value, draft);
    }
    draft.inheritance = {
      root,
      parent: draft.parent,
      discriminatorColumn: column,
      discriminatorValue: value,
      isAbstract,
      descendants: descendantsOf(draft),
    };
  }
}

function descendantsOf(draft: EntityDraft): EntityMetadata[] {
  return draft.children.flatMap((child) => [child, ...descendantsOf(child)]);
}

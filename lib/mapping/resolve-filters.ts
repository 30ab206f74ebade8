/**
 * Resolves a mapper's `filters` and `softDelete` options into metadata: the conditions by name
 * (a STI subclass inherits its ancestors'), and the soft-delete column, checked at start-up.
 */
import type { FilterDefinition } from './define-entity.js';
import { MappingError } from './mapping-error.js';
import type { GlobalFilterMetadata } from './metadata.js';
import type { EntityDraft } from './resolve-hierarchy.js';

/** The name of the built-in filter that hides soft-deleted rows. */
export const SOFT_DELETE_FILTER = 'softDelete';

/** Sets `filters` and `softDelete` on a draft whose columns are resolved; parents come first. */
export function resolveFilters(draft: EntityDraft): void {
  const { definition } = draft.mapper;
  const inherited = draft.parent?.filters ?? [];
  const filters = [...inherited];
  if (draft.parent?.softDelete) draft.softDelete = draft.parent.softDelete;
  if (definition.softDelete !== undefined) {
    if (draft.parent) {
      throw new MappingError(
        `${draft.name}: softDelete is set on the root of a single-table inheritance hierarchy only.\n  Move it to the root's mapper.`,
        draft.name,
        definition.softDelete,
      );
    }
    draft.softDelete = softDeleteColumn(draft, definition.softDelete);
    const property = definition.softDelete;
    filters.push({ name: SOFT_DELETE_FILTER, cond: () => ({ [property]: null }), default: true, needsParams: false });
  }
  for (const [name, given] of Object.entries(definition.filters ?? {})) {
    if (name === SOFT_DELETE_FILTER || inherited.some((f) => f.name === name)) {
      throw new MappingError(
        `${draft.name}: the filter name '${name}' is taken (${name === SOFT_DELETE_FILTER ? 'the built-in soft-delete filter' : 'by a parent mapper'}).\n  Choose another name.`,
        draft.name,
      );
    }
    const def: FilterDefinition<unknown, unknown> = typeof given === 'function' ? { cond: given } : given;
    if (typeof def?.cond !== 'function') {
      throw new MappingError(
        `${draft.name}: the filter '${name}' has no condition.\n  Give a function, or { cond: (params) => ({ … }) }.`,
        draft.name,
      );
    }
    filters.push(
      Object.freeze({ name, cond: def.cond, default: def.default ?? true, needsParams: def.cond.length > 0 }),
    );
  }
  draft.filters = filters as GlobalFilterMetadata[];
}

function softDeleteColumn(draft: EntityDraft, property: string) {
  const found = draft.properties.find((p) => p.name === property);
  if (found?.kind !== 'column' || found.column.type.kind !== 'datetime' || !found.column.nullable) {
    const got = !found
      ? 'is not a mapped property'
      : found.kind !== 'column'
        ? `is a ${found.kind} property`
        : `is ${found.column.nullable ? '' : 'a NOT NULL '}${found.column.type.kind}`;
    throw new MappingError(
      `${draft.name}.${property}: softDelete names a property that ${got}.\n  Name a nullable datetime property: deletedAt: p.datetime().nullable().`,
      draft.name,
      property,
    );
  }
  return Object.freeze({ property, column: found.column });
}

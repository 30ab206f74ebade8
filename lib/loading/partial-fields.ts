/**
 * Partial loading with `fields`: which columns a find selects, the SELECT narrowed to them, and the
 * instance left with only those properties set. The entry records the loaded columns so the flush
 * never writes the others (their values were never read, so a change to them has nothing to compare).
 */
import type { ColumnMetadata, EntityMetadata, PropertyMetadata } from '../mapping/index.js';
import { QueryError } from '../query/index.js';
import { type SelectNode, select } from '../sql/index.js';
import { describeValue } from '../types/index.js';

type Bag = Record<string, unknown>;

/**
 * The column names `fields` loads: those of the named properties, plus the key, the version and
 * the STI discriminator, which identity, optimistic locking and hydration cannot do without.
 */
export function fieldColumns(meta: EntityMetadata, fields: readonly string[]): ReadonlySet<string> {
  const names = new Set<string>(meta.primaryKey.map((c) => c.name));
  if (meta.version) names.add(meta.version.name);
  if (meta.inheritance) names.add(meta.inheritance.discriminatorColumn.name);
  for (const field of fields) {
    // From a request, a field may be anything; a symbol would throw in the message below.
    if (typeof field !== 'string')
      throw new QueryError(`${meta.className}: fields takes property names, got ${describeValue(field)}.`, '');
    const property = meta.properties.find((p) => p.name === field);
    if (!property) throw new QueryError(`${meta.className} has no mapped property ${field} to load.`, field);
    const columns = columnsOf(property);
    if (columns.length === 0)
      throw new QueryError(
        `${meta.className}.${field} has no column on ${meta.table}: load it with populate, not fields.`,
        field,
      );
    for (const c of columns) names.add(c.name);
  }
  return names;
}

function columnsOf(property: PropertyMetadata): readonly ColumnMetadata[] {
  if (property.kind === 'column') return [property.column];
  if (property.kind === 'embedded') return property.fields.map((f) => f.column);
  return property.relation.joinColumns;
}

/** The find's SELECT with only the loaded columns (its columns follow `meta.columns`, in order). */
export function partialSelect(meta: EntityMetadata, node: SelectNode, loaded: ReadonlySet<string>): SelectNode {
  const columns = node.columns.filter((_, i) => loaded.has((meta.columns[i] as ColumnMetadata).name));
  return select({ ...node, columns });
}

/** Sets every property with an unloaded column to `undefined`, so no hydrated default passes for a read value. */
export function clearUnloaded(meta: EntityMetadata, entity: object, loaded: ReadonlySet<string>): void {
  for (const property of meta.properties) {
    const columns = columnsOf(property);
    if (columns.length > 0 && !columns.every((c) => loaded.has(c.name))) (entity as Bag)[property.name] = undefined;
  }
}

/**
 * How the planner reads and writes one column of an entity: a property, an embeddable's field,
 * the discriminator, or a foreign key (the referenced entity, whose key may not exist yet).
 * Built once per entity metadata and cached.
 */
import type { ColumnMetadata, EntityMetadata, ForeignKeyPropertyMetadata, RelationMetadata } from '../mapping/index.js';

export type ColumnAccess =
  | { readonly kind: 'value'; readonly column: ColumnMetadata; read(entity: object): unknown }
  | {
      readonly kind: 'reference';
      readonly column: ColumnMetadata;
      readonly relation: RelationMetadata;
      /** Which column of the target's key this FK column holds. */
      readonly keyIndex: number;
      /** The referenced entity, or null / undefined. */
      target(entity: object): object | null | undefined;
      /** The scalar foreign key beside the relation (`companyId`), when the mapper has one (foreign-key-writes.ts). */
      readonly scalar?: ForeignKeyPropertyMetadata | undefined;
    };

const cache = new WeakMap<EntityMetadata, readonly ColumnAccess[]>();

type Bag = Record<string, unknown>;

/** One accessor per column of `meta.columns`, in that order. */
export function columnAccess(meta: EntityMetadata): readonly ColumnAccess[] {
  let found = cache.get(meta);
  if (!found) cache.set(meta, (found = Object.freeze(build(meta))));
  return found;
}

function build(meta: EntityMetadata): ColumnAccess[] {
  return meta.columns.map((column): ColumnAccess => {
    if (column.source === 'discriminator') {
      const value = meta.inheritance?.discriminatorValue ?? null;
      return { kind: 'value', column, read: () => value };
    }
    if (column.source === 'foreign-key') {
      const relation = meta.relations.find((r) => r.joinColumns.includes(column)) as RelationMetadata;
      const name = relation.name;
      const scalar = meta.foreignKeyProperties?.find((p) => p.foreignKeyOf === relation);
      return {
        kind: 'reference',
        column,
        relation,
        keyIndex: relation.joinColumns.indexOf(column),
        target: (e) => (e as Bag)[name] as object | null | undefined,
        // Always present, so every reference access has one shape.
        scalar,
      };
    }
    if (column.source === 'embedded') {
      const embedded = meta.embedded.find((m) => m.fields.some((f) => f.column === column));
      const field = embedded?.fields.find((f) => f.column === column);
      const owner = embedded?.name as string;
      const property = field?.property as string;
      return {
        kind: 'value',
        column,
        read: (e) => ((e as Bag)[owner] as Bag | null | undefined)?.[property] ?? null,
      };
    }
    const property = column.property;
    return { kind: 'value', column, read: (e) => (e as Bag)[property] };
  });
}

/** The key property of the target's primary-key column `keyIndex`. */
export function targetKeyProperty(relation: RelationMetadata, keyIndex: number): string {
  return (relation.target.primaryKey[keyIndex] as ColumnMetadata).property;
}

/**
 * Third step: every entity's property metadata — its own properties after the ones it inherits —
 * with relations pointing at their targets, pivot tables of owning many-to-many relations, and
 * the version column.
 */
import type { ForeignKeyDefinition } from './foreign-key-builder.js';
import { MappingError } from './mapping-error.js';
import type {
  ColumnMetadata,
  ForeignKeyPropertyMetadata,
  PivotMetadata,
  PropertyMetadata,
  RelationMetadata,
} from './metadata.js';
import { type NamingStrategy, type NameOverride, resolveName } from './naming-strategy.js';
import type { PropertyDefinition } from './property-checks.js';
import type { RelationDefinition } from './relation-builders.js';
import { type ColumnResolver, isOwningToOne } from './resolve-columns.js';
import { type Draft, type EntityDraft, rootOf } from './resolve-hierarchy.js';

const VERSION_KINDS: readonly string[] = ['integer', 'bigint', 'datetime'];

export function resolveProperties(draft: EntityDraft, columns: ColumnResolver, naming: NamingStrategy): void {
  const parent = draft.parent;
  if (parent) {
    draft.properties.push(...parent.properties);
    draft.relations.push(...parent.relations);
    draft.embedded.push(...parent.embedded);
    draft.version = parent.version;
  }
  draft.primaryKey.push(...columns.primaryKey(draft));
  // Scalar foreign keys read their relation's column, which may be declared after them: each
  // keeps its place in `properties` and is resolved once every relation of the class is.
  const scalars: { at: number; name: string; definition: ForeignKeyDefinition }[] = [];
  for (const [name, builder] of Object.entries(draft.mapper.definition.properties)) {
    if (builder.definition.kind === 'foreign-key') {
      scalars.push({ at: draft.properties.length + scalars.length, name, definition: builder.definition });
      continue;
    }
    const property = resolveProperty(draft, name, builder.definition, columns, naming);
    if (!property) continue;
    draft.properties.push(property);
    if (property.kind === 'relation') draft.relations.push(property.relation);
    if (property.kind === 'embedded') draft.embedded.push(property);
    if (property.kind === 'column' && property.column.isVersion) setVersion(draft, property.column);
  }
  if (scalars.length === 0) {
    if (parent?.foreignKeyProperties) draft.foreignKeyProperties = parent.foreignKeyProperties;
    return;
  }
  const resolved: ForeignKeyPropertyMetadata[] = [];
  for (const s of scalars) resolved.push(foreignKeyProperty(draft, s.name, s.definition, resolved));
  scalars.forEach((s, i) => {
    draft.properties.splice(s.at, 0, resolved[i] as ForeignKeyPropertyMetadata);
  });
  draft.foreignKeyProperties = [...(parent?.foreignKeyProperties ?? []), ...resolved];
}

/** `companyId: p.foreignKey('company')`: the relation's one FK column, read by a scalar. */
function foreignKeyProperty(
  draft: EntityDraft,
  name: string,
  definition: ForeignKeyDefinition,
  earlier: readonly ForeignKeyPropertyMetadata[],
): ForeignKeyPropertyMetadata {
  const found = draft.properties.find((p) => p.name === definition.relation);
  const relation = found?.kind === 'relation' ? found.relation : undefined;
  if (!relation || relation.joinColumns.length === 0) {
    throw MappingError.invalidForeignKey(
      draft.name,
      name,
      found
        ? `${definition.relation} is not a many-to-one or owning one-to-one`
        : `${definition.relation} is not mapped`,
      `Name the to-one relation of ${draft.name} whose key ${name} holds: p.foreignKey('company') beside company: p.manyToOne(…)`,
    );
  }
  if (relation.joinColumns.length !== 1) {
    throw MappingError.invalidForeignKey(
      draft.name,
      name,
      `${definition.relation} references ${relation.target.className}, whose key has ${relation.joinColumns.length} columns`,
      `A scalar foreign key holds one column: read the key through ${definition.relation} (its reference holds it), or give ${relation.target.className} a one-column key`,
    );
  }
  const column = relation.joinColumns[0] as ColumnMetadata;
  if (column.primaryKey) {
    throw MappingError.invalidForeignKey(
      draft.name,
      name,
      `${definition.relation} is part of the primary key, which a writable scalar would change`,
      `Read the key through ${definition.relation}, or mark ${name} p.transient()`,
    );
  }
  const twin = [...(draft.parent?.foreignKeyProperties ?? []), ...earlier].find((p) => p.foreignKeyOf === relation);
  if (twin) {
    throw MappingError.invalidForeignKey(
      draft.name,
      name,
      `${twin.name} already reads the foreign key of ${definition.relation}`,
      `Keep one p.foreignKey('${definition.relation}')`,
    );
  }
  return Object.freeze({ kind: 'column', name, column, foreignKeyOf: relation });
}

function resolveProperty(
  draft: EntityDraft,
  name: string,
  definition: PropertyDefinition,
  columns: ColumnResolver,
  naming: NamingStrategy,
): PropertyMetadata | undefined {
  switch (definition.kind) {
    case 'transient':
    case 'foreign-key':
      return undefined;
    case 'column':
      return Object.freeze({
        kind: 'column',
        name,
        column: keyColumns(draft, name)[0] ?? columns.column(draft, name, definition),
      });
    case 'embedded':
      return columns.embedded(draft, name, definition);
    default:
      return Object.freeze({
        kind: 'relation',
        name,
        relation: resolveRelation(draft, name, definition, columns, naming),
      });
  }
}

/** The already resolved key columns of `name`, so the entity and its FKs share one object. */
function keyColumns(draft: EntityDraft, name: string): ColumnMetadata[] {
  return draft.parent ? [] : draft.primaryKey.filter((c) => c.property === name);
}

function resolveRelation(
  draft: EntityDraft,
  name: string,
  definition: RelationDefinition,
  columns: ColumnResolver,
  naming: NamingStrategy,
): RelationMetadata {
  const target = columns.target(draft, name, definition.kind, definition.target());
  const owningToOne = isOwningToOne(definition);
  const joinColumns = owningToOne
    ? definition.primaryKey && !draft.parent
      ? keyColumns(draft, name)
      : columns.joinColumns(draft, name, definition)
    : [];
  if (definition.onDelete === 'set null' && joinColumns.some((c) => !c.nullable)) {
    throw MappingError.setNullOnNotNull(draft.name, name);
  }
  const relation: Draft<RelationMetadata> = {
    kind: definition.kind,
    name,
    target,
    isOwner: definition.mappedBy === undefined,
    mappedBy: definition.mappedBy,
    joinColumns,
    referencedColumns: owningToOne ? [...columns.primaryKey(target)] : [],
    nullable: definition.nullable,
    onDelete: definition.onDelete,
    cascade: [...definition.cascade],
    orphanRemoval: definition.orphanRemoval,
  };
  if (definition.kind === 'many-to-many' && definition.mappedBy === undefined) {
    relation.pivot = pivotOf(draft, name, target, definition, columns, naming);
  }
  return relation;
}

function pivotOf(
  draft: EntityDraft,
  name: string,
  target: EntityDraft,
  definition: RelationDefinition,
  columns: ColumnResolver,
  naming: NamingStrategy,
): PivotMetadata {
  const options = definition.pivot ?? {};
  const side = (of: EntityDraft, override: NameOverride | undefined) => {
    const keys = columns.primaryKey(of);
    if (override !== undefined && keys.length !== 1) {
      throw MappingError.unsupported(
        draft.name,
        name,
        'a single pivot column name for a composite key',
        'Leave joinColumn / inverseJoinColumn out for composite keys; the naming strategy names one column per key column',
      );
    }
    const logical = of.className.charAt(0).toLowerCase() + of.className.slice(1);
    return keys.map((key) =>
      override === undefined
        ? naming.joinColumnName(logical, key.name, rootOf(of).table)
        : resolveName(override, naming),
    );
  };
  const table = resolveName(
    options.pivotTable ?? naming.pivotTableName(rootOf(draft).table, rootOf(target).table),
    naming,
  );
  const joinColumns = side(draft, options.joinColumn);
  const inverseJoinColumns = side(target, options.inverseJoinColumn);
  const clash = joinColumns.find((c) => inverseJoinColumns.includes(c));
  if (clash !== undefined) throw MappingError.duplicateColumn(draft.name, name, `${name} (pivot ${table})`, clash);
  return Object.freeze({
    table,
    joinColumns: Object.freeze(joinColumns),
    inverseJoinColumns: Object.freeze(inverseJoinColumns),
  });
}

function setVersion(draft: EntityDraft, column: ColumnMetadata): void {
  if (!VERSION_KINDS.includes(column.type.kind))
    throw MappingError.versionType(draft.name, column.property, column.type.kind);
  if (draft.version) throw MappingError.multipleVersions(draft.name, column.property, draft.version.property);
  draft.version = column;
}

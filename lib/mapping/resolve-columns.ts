/**
 * Second step: the columns of every property — plain columns, the FK columns of owning to-one
 * relations (typed like the target's key), an embeddable's prefixed columns — and each entity's
 * primary key.
 */
import type { ColumnDefinition, GenerationStrategy } from './column-builder.js';
import type { EmbeddedDefinition } from './embedded-builder.js';
import type { EntityClass } from './entity-class.js';
import { MappingError } from './mapping-error.js';
import type { ColumnMetadata, EmbeddedMetadata } from './metadata.js';
import { type NamingStrategy, type NameOverride, resolveName } from './naming-strategy.js';
import type { PropertyDefinition } from './property-checks.js';
import type { RelationDefinition } from './relation-builders.js';
import { type EntityDraft, rootOf, type Shells } from './resolve-hierarchy.js';

export class ColumnResolver {
  private readonly keys = new Map<EntityDraft, readonly ColumnMetadata[] | 'resolving'>();

  constructor(
    private readonly shells: Shells,
    private readonly naming: NamingStrategy,
  ) {}

  /** The draft mapping `cls`, or a MappingError naming the relation that needs it. */
  target(owner: EntityDraft, property: string, kind: string, cls: EntityClass): EntityDraft {
    const target = this.shells.byClass.get(cls);
    if (!target) throw MappingError.unknownTarget(owner.name, property, kind, cls.name);
    return target;
  }

  /** A plain property's column. Columns only a STI subclass has are nullable in the table. */
  column(owner: EntityDraft, property: string, definition: ColumnDefinition): ColumnMetadata {
    checkDefaults(owner.name, property, definition);
    return Object.freeze({
      name: resolveName(definition.column ?? this.naming.columnName(property), this.naming),
      property,
      source: 'property',
      type: definition.type,
      nullable: definition.nullable || owner.parent !== undefined,
      primaryKey: definition.primaryKey,
      generated: generation(owner, property, definition),
      default: definition.default,
      defaultFn: definition.defaultFn,
      onUpdate: definition.onUpdate,
      defaultSql: definition.defaultSql,
      unique: definition.unique,
      index: definition.index,
      isVersion: definition.version,
      ...(definition.renamedFrom !== undefined ? { renamedFrom: definition.renamedFrom } : {}),
    });
  }

  /** The FK columns of an owning to-one relation, one per column of the target's key. */
  joinColumns(owner: EntityDraft, property: string, definition: RelationDefinition): ColumnMetadata[] {
    const target = this.target(owner, property, definition.kind, definition.target());
    const referenced = this.primaryKey(target);
    const overrides = definition.column === undefined ? [] : ([] as NameOverride[]).concat(definition.column);
    if (overrides.length > 0 && overrides.length !== referenced.length) {
      throw MappingError.unsupported(
        owner.name,
        property,
        `${overrides.length} FK column name(s) for a key of ${referenced.length} column(s)`,
        `Give one column name per key column of ${target.name} (${referenced.map((c) => c.name).join(', ')})`,
      );
    }
    return referenced.map((key, i) => {
      const override = overrides[i];
      return Object.freeze({
        name:
          override === undefined
            ? this.naming.joinColumnName(property, key.name, target.table)
            : resolveName(override, this.naming),
        property,
        source: 'foreign-key',
        // The key's type (the lossy bigint opt-in carries over); never generated here.
        type: key.type,
        nullable: definition.nullable || owner.parent !== undefined,
        primaryKey: definition.primaryKey,
        unique: definition.kind === 'one-to-one' && !definition.primaryKey,
        index: false,
        isVersion: false,
      });
    });
  }

  embedded(owner: EntityDraft, property: string, definition: EmbeddedDefinition): EmbeddedMetadata {
    const { embeddable } = definition;
    const prefix = resolveName(definition.prefix ?? this.naming.embeddedPrefix(property), this.naming);
    const fields: { property: string; column: ColumnMetadata }[] = [];
    for (const [name, builder] of Object.entries(embeddable.properties)) {
      if (builder.definition.kind === 'transient') continue;
      const inner = builder.definition;
      if (inner.primaryKey || inner.generated || inner.version) {
        throw MappingError.unsupported(
          embeddable.name,
          name,
          'a key, generated or version column inside an embeddable',
          'Declare keys, generated values and versions on the entity itself',
        );
      }
      if (inner.defaultFn || inner.onUpdate || inner.defaultSql) {
        // The flush computes these for entity properties only: inside an embeddable they would be ignored.
        throw MappingError.unsupported(
          embeddable.name,
          name,
          'a computed default (.default(fn), .onUpdate, .defaultSql) inside an embeddable',
          'Build the value when you create the embeddable, or declare the column on the entity itself',
        );
      }
      const column = this.column(owner, `${property}.${name}`, {
        ...inner,
        column: prefix + resolveName(inner.column ?? this.naming.columnName(name), this.naming),
        nullable: inner.nullable || definition.nullable,
      });
      fields.push(Object.freeze({ property: name, column: Object.freeze({ ...column, source: 'embedded' as const }) }));
    }
    return Object.freeze({
      kind: 'embedded',
      name: property,
      embeddableClass: embeddable.entityClass,
      embeddableName: embeddable.name,
      nullable: definition.nullable,
      prefix,
      fields: Object.freeze(fields),
    });
  }

  /**
   * The key columns of `draft`'s hierarchy root, in declaration order. Memoised, so the same
   * column objects are shared by the entity and by every FK resolved against it.
   */
  primaryKey(draft: EntityDraft): readonly ColumnMetadata[] {
    const root = rootOf(draft);
    const known = this.keys.get(root);
    if (known === 'resolving') {
      throw MappingError.unsupported(
        root.name,
        'primaryKey',
        'a primary key made of relations that lead back to the same entity',
        'Give the entity a key column of its own',
      );
    }
    if (known) return known;
    this.keys.set(root, 'resolving');
    const columns: ColumnMetadata[] = [];
    for (const [property, builder] of Object.entries(root.mapper.definition.properties)) {
      const definition = builder.definition;
      if (definition.kind === 'column' && definition.primaryKey) columns.push(this.column(root, property, definition));
      else if (isOwningToOne(definition) && definition.primaryKey) {
        columns.push(...this.joinColumns(root, property, definition));
      }
    }
    if (columns.length === 0) throw MappingError.noPrimaryKey(root.name, root.table);
    const frozen = Object.freeze(columns);
    this.keys.set(root, frozen);
    return frozen;
  }
}

/** Many-to-one, or one-to-one without `mappedBy`: the relations that have FK columns here. */
export function isOwningToOne(definition: PropertyDefinition): definition is RelationDefinition {
  if (definition.kind === 'many-to-one') return true;
  return definition.kind === 'one-to-one' && definition.mappedBy === undefined;
}

function generation(
  owner: EntityDraft,
  property: string,
  definition: ColumnDefinition,
): GenerationStrategy | undefined {
  const requested = definition.generated;
  if (requested === undefined) return undefined;
  const kind = definition.type.kind;
  const numeric = kind === 'integer' || kind === 'bigint';
  const strategy: GenerationStrategy | undefined =
    requested === 'default' ? (numeric ? 'identity' : kind === 'uuid' ? 'uuidv7' : undefined) : requested;
  const fits = (strategy === 'identity' && numeric) || (strategy === 'uuidv7' && kind === 'uuid');
  if (!strategy || !fits)
    throw MappingError.invalidGenerated(owner.name, property, kind, requested === 'default' ? undefined : requested);
  return strategy;
}

/**
 * A constant default is one value shared by every new entity: a mutable one (a Date, Buffer, array
 * or object) would be one instance in every row and one fixed instant in the DDL.
 */
function checkDefaults(mapper: string, property: string, definition: ColumnDefinition): void {
  const constant = definition.default?.value;
  if (typeof constant === 'object' && constant !== null) {
    const what = constant instanceof Date ? 'a Date' : Array.isArray(constant) ? 'an array' : 'a mutable object';
    const make = constant instanceof Date ? 'new Date()' : '…';
    throw MappingError.invalidDefault(
      mapper,
      property,
      `.default() was given ${what}, one instance shared by every new entity (and one fixed value in the table's DDL)`,
      `Pass a function, called once per new entity: .default(() => ${make})`,
    );
  }
  const sources = [
    definition.default && '.default()',
    definition.defaultFn && '.default(fn)',
    definition.defaultSql && '.defaultSql()',
  ];
  if (definition.defaultSql && sources.filter(Boolean).length > 1)
    throw MappingError.invalidDefault(
      mapper,
      property,
      `${sources.filter(Boolean).join(' and ')} on one column`,
      'Keep one default',
    );
  if (definition.primaryKey && (definition.defaultSql || definition.onUpdate))
    throw MappingError.invalidDefault(
      mapper,
      property,
      definition.defaultSql ? '.defaultSql() on a primary-key column' : '.onUpdate() on a primary-key column',
      definition.defaultSql
        ? 'A key must be known to read the default back: use .generated() or .default(fn)'
        : 'A primary key never changes: take .onUpdate() off',
    );
  if (definition.version && (definition.defaultFn || definition.onUpdate || definition.defaultSql))
    throw MappingError.invalidDefault(
      mapper,
      property,
      'a default on the version column',
      'The flush sets versions itself: take the default off',
    );
}

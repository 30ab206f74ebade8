/**
 * The MetadataRegistry: resolves and validates every mapper once, at start-up, and hands out the
 * resolved metadata and the generated hot paths. A bad mapping fails here with a MappingError
 * that names the mapper, the property and the fix, never at the first query.
 */
import type { DialectTypes } from '../types/index.js';
import { checkDuplicateColumns } from './check-columns.js';
import { checkNotNullCycles } from './check-fk-cycles.js';
import type { AnyEntityMapper } from './define-entity.js';
import type { EntityClass } from './entity-class.js';
import { compileHotPaths, type HotPaths } from './hot-paths.js';
import { checkHidden, rememberMetadata } from './hidden-properties.js';
import { MappingError } from './mapping-error.js';
import type { ColumnMetadata, EntityMetadata } from './metadata.js';
import { type NamingStrategy, snakeCaseNaming } from './naming-strategy.js';
import { ColumnResolver } from './resolve-columns.js';
import { createShells, type EntityDraft } from './resolve-hierarchy.js';
import { resolveFilters } from './resolve-filters.js';
import { resolveInheritance } from './resolve-inheritance.js';
import { resolveInverseSides } from './resolve-inverse-sides.js';
import { resolveProperties } from './resolve-properties.js';
import { describeTables, type MappedTable } from './table-listing.js';

export interface RegistryOptions {
  /** How class and property names become table and column names (default: snake_case). */
  readonly naming?: NamingStrategy | undefined;
}

/**
 * All mappers of an application, resolved.
 * @example
 * const registry = new MetadataRegistry([AuthorMapper, BookMapper], { naming: snakeCaseNaming });
 * const book = registry.get(Book);            // EntityMetadata: table, columns, relations, …
 * const { hydrate } = registry.hotPaths(Book, postgresTypes);
 */
export class MetadataRegistry {
  readonly naming: NamingStrategy;
  /** Every entity, parents before their STI subclasses. */
  readonly entities: readonly EntityMetadata[];
  private readonly byClass: ReadonlyMap<EntityClass, EntityMetadata>;
  private readonly compiled = new WeakMap<DialectTypes, Map<EntityMetadata, HotPaths>>();
  private tableList?: readonly MappedTable[];

  constructor(mappers: readonly AnyEntityMapper[], options: RegistryOptions = {}) {
    this.naming = options.naming ?? snakeCaseNaming;
    const shells = createShells(mappers, this.naming);
    const columns = new ColumnResolver(shells, this.naming);
    for (const draft of shells.ordered) resolveProperties(draft, columns, this.naming);
    for (const draft of shells.ordered) resolveInverseSides(draft);
    resolveInheritance(shells.ordered, this.naming);
    for (const draft of shells.ordered) draft.columns = columnsOf(draft);
    for (const draft of shells.ordered) resolveFilters(draft);
    checkDuplicateColumns(shells.ordered);
    checkNotNullCycles(shells.ordered);
    this.entities = Object.freeze(shells.ordered.map(finalize));
    for (const e of this.entities) checkHidden(e);
    this.byClass = new Map(this.entities.map((e) => [e.entityClass, e]));
    rememberMetadata(this.entities);
  }

  /** The metadata of a class (or of the class a mapper maps). */
  get(target: EntityClass | AnyEntityMapper): EntityMetadata {
    const cls = typeof target === 'function' ? target : target?.entityClass;
    const found = this.byClass.get(cls);
    if (!found) {
      if (typeof cls !== 'function') throw new MappingError('Expected an entity class or its mapper.', '(none)');
      throw new MappingError(
        `${cls.name} has no mapper.\n  Add defineEntity(${cls.name}, …) to the mappers passed to Tabula.connect.`,
        `${cls.name}Mapper`,
      );
    }
    return found;
  }

  has(target: EntityClass | AnyEntityMapper): boolean {
    return this.byClass.has(typeof target === 'function' ? target : target.entityClass);
  }

  /** Every table the mappers need (entity tables, STI tables with all subclass columns, pivots). */
  tables(): readonly MappedTable[] {
    this.tableList ??= describeTables(this.entities);
    return this.tableList;
  }

  /** The generated hydrate / snapshot / compare functions, compiled once per entity and dialect. */
  hotPaths(target: EntityClass | AnyEntityMapper | EntityMetadata, types: DialectTypes): HotPaths {
    const entity = typeof target === 'function' || 'definition' in target ? this.get(target) : target;
    let perDialect = this.compiled.get(types);
    if (!perDialect) this.compiled.set(types, (perDialect = new Map()));
    let paths = perDialect.get(entity);
    if (!paths) perDialect.set(entity, (paths = compileHotPaths(entity, types, (e) => this.hotPaths(e, types))));
    return paths;
  }
}

function columnsOf(draft: EntityDraft): ColumnMetadata[] {
  const columns = draft.properties.flatMap((p): readonly ColumnMetadata[] => {
    // A scalar foreign key reads its relation's column, listed once, by the relation.
    if (p.kind === 'column') return p.foreignKeyOf ? [] : [p.column];
    if (p.kind === 'embedded') return p.fields.map((f) => f.column);
    return p.relation.joinColumns;
  });
  if (draft.inheritance) columns.push(draft.inheritance.discriminatorColumn);
  return columns;
}

/** Drops the resolver's bookkeeping and freezes the draft into metadata (in place: relations point at it). */
function finalize(draft: EntityDraft): EntityMetadata {
  const record = draft as Partial<EntityDraft>;
  delete record.parent;
  delete record.children;
  for (const relation of draft.relations) {
    Object.freeze(relation.joinColumns);
    Object.freeze(relation.referencedColumns);
    Object.freeze(relation);
  }
  for (const list of [
    draft.properties,
    draft.columns,
    draft.primaryKey,
    draft.relations,
    draft.embedded,
    draft.filters,
    ...(draft.foreignKeyProperties ? [draft.foreignKeyProperties] : []),
  ]) {
    Object.freeze(list);
  }
  if (draft.inheritance) Object.freeze(Object.freeze(draft.inheritance).descendants);
  return Object.freeze(draft);
}

/**
 * First step of resolving mappers: one metadata shell per mapper, indexed by class, with
 * single-table inheritance parents, roots and tables settled.
 */
import type { AnyEntityMapper } from './define-entity.js';
import type { EntityClass } from './entity-class.js';
import { MappingError } from './mapping-error.js';
import type { ColumnMetadata, EntityMetadata, InheritanceMetadata } from './metadata.js';
import { type NamingStrategy, resolveName } from './naming-strategy.js';

/** Metadata while it is being resolved: the same shape, writable. */
export type Draft<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer E)[] ? E[] : T[K] };
export type EntityDraft = Draft<EntityMetadata> & {
  inheritance?: Draft<InheritanceMetadata>;
  /** The parent's draft under single-table inheritance. */
  parent?: EntityDraft;
  children: EntityDraft[];
};

/** Shells in hierarchy order (every parent before its children), indexed by class. */
export interface Shells {
  readonly ordered: readonly EntityDraft[];
  readonly byClass: ReadonlyMap<EntityClass, EntityDraft>;
}

export function createShells(mappers: readonly AnyEntityMapper[], naming: NamingStrategy): Shells {
  const byClass = new Map<EntityClass, EntityDraft>();
  const byMapper = new Map<AnyEntityMapper, EntityDraft>();
  for (const mapper of mappers) {
    if (byMapper.has(mapper)) continue;
    const other = byClass.get(mapper.entityClass);
    if (other) throw MappingError.duplicateMapper(mapper.name, other.name, mapper.entityClass.name);
    const draft: EntityDraft = {
      mapper,
      name: mapper.name,
      className: mapper.entityClass.name,
      entityClass: mapper.entityClass,
      table: '',
      properties: [],
      columns: [],
      filters: [],
      primaryKey: [],
      relations: [],
      embedded: [],
      children: [],
    };
    byClass.set(mapper.entityClass, draft);
    byMapper.set(mapper, draft);
  }
  for (const draft of byClass.values()) linkParent(draft, byClass);
  const ordered = [...byClass.values()].sort((a, b) => depth(a) - depth(b));
  for (const draft of ordered) settleTable(draft, naming);
  return { ordered, byClass };
}

function linkParent(draft: EntityDraft, byClass: ReadonlyMap<EntityClass, EntityDraft>): void {
  const base = draft.mapper.definition.extends;
  if (!base) return;
  const parent = byClass.get(base.entityClass);
  if (!parent) throw MappingError.unknownBase(draft.name, base.entityClass.name);
  if (!(draft.entityClass.prototype instanceof parent.entityClass)) {
    throw MappingError.notSubclass(draft.name, draft.className, parent.className);
  }
  draft.parent = parent;
  parent.children.push(draft);
}

function depth(draft: EntityDraft): number {
  return draft.parent ? depth(draft.parent) + 1 : 0;
}

/** The root of a draft's hierarchy (itself when it has no parent). */
export function rootOf(draft: EntityDraft): EntityDraft {
  return draft.parent ? rootOf(draft.parent) : draft;
}

function settleTable(draft: EntityDraft, naming: NamingStrategy): void {
  const definition = draft.mapper.definition;
  if (!draft.parent) {
    draft.table = resolveName(definition.table ?? naming.tableName(draft.className), naming);
    return;
  }
  if (definition.table !== undefined) {
    throw MappingError.unsupported(
      draft.name,
      'table',
      'a table of its own for a single-table inheritance subclass (class-table inheritance)',
      `Remove table: subclasses share the table of ${rootOf(draft).name}`,
    );
  }
  if (definition.renamedFrom !== undefined) {
    throw MappingError.unsupported(
      draft.name,
      'renamedFrom',
      'a previous table name on a single-table inheritance subclass',
      `Put renamedFrom on ${rootOf(draft).name}, whose table it is`,
    );
  }
  draft.table = draft.parent.table;
}

/** Whether the draft is part of a single-table inheritance hierarchy. */
export function isInHierarchy(draft: EntityDraft): boolean {
  const root = rootOf(draft);
  return root.children.length > 0 || root.mapper.definition.discriminator !== undefined;
}

/** The discriminator column of a hierarchy root. */
export function discriminatorColumn(root: EntityDraft, naming: NamingStrategy): ColumnMetadata {
  const options = root.mapper.definition.discriminator ?? {};
  return Object.freeze({
    name: resolveName(options.column ?? naming.columnName('type'), naming),
    property: '',
    source: 'discriminator',
    type: Object.freeze({ kind: 'string', length: options.length ?? 64 }),
    nullable: false,
    primaryKey: false,
    unique: false,
    index: false,
    isVersion: false,
  });
}

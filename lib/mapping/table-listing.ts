/**
 * The tables the mappers need, as plain data: columns, keys, unique constraints, indexes and
 * foreign keys. The schema generator turns this into DDL. Declared here because mapping may not
 * import lib/sql; the shape follows TableDescription of lib/sql/ddl.ts field for field, except
 * that the primary key is the plain list of its columns.
 */
import type { ColumnType } from '../types/index.js';
import type { ColumnMetadata, EntityMetadata, RelationMetadata } from './metadata.js';
import type { ReferentialAction } from './relation-builders.js';

export interface MappedColumn {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  /** A constant default, or the database's (`.defaultSql`); a `.default(fn)` is never in the DDL. */
  readonly default?:
    | { readonly kind: 'value'; readonly value: unknown }
    | { readonly kind: 'current-timestamp' }
    | { readonly kind: 'sql'; readonly sql: string }
    | undefined;
  readonly primaryKey: boolean;
  /** Identity / auto-increment. */
  readonly autoIncrement: boolean;
  /** The column's previous name (`.renamedFrom`). */
  readonly renamedFrom?: string | undefined;
}

export interface MappedUnique {
  readonly name?: string | undefined;
  readonly columns: readonly string[];
  /** A soft-deletable table: its soft-delete column (live rows are those where it IS NULL). */
  readonly softDeleteColumn?: string | undefined;
}

export interface MappedIndex {
  /** Given, or `ix_<table>_<columns>` (index names are per schema on PostgreSQL and SQLite). */
  readonly name: string;
  readonly columns: readonly string[];
}

export interface MappedForeignKey {
  readonly columns: readonly string[];
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
  readonly onDelete?: ReferentialAction | undefined;
}

export interface MappedTable {
  readonly name: string;
  readonly columns: readonly MappedColumn[];
  readonly primaryKey: readonly string[];
  readonly uniques: readonly MappedUnique[];
  readonly indexes: readonly MappedIndex[];
  readonly foreignKeys: readonly MappedForeignKey[];
  /** The table's previous name (the mapper's `renamedFrom`). */
  readonly renamedFrom?: string | undefined;
}

export function describeTables(entities: readonly EntityMetadata[]): MappedTable[] {
  const roots = entities.filter((e) => !e.inheritance?.parent);
  const tables = roots.map((root) => describeTable(root, [root, ...(root.inheritance?.descendants ?? [])]));
  const names = new Set(tables.map((t) => t.name));
  for (const entity of entities) {
    for (const relation of entity.relations) {
      const pivot = relation.pivot;
      // An owning many-to-many declares its pivot; a pivot that is also an entity's table is that entity's.
      if (!pivot || !relation.isOwner || names.has(pivot.table) || !isOwnRelation(entity, relation)) continue;
      names.add(pivot.table);
      tables.push(describePivot(entity, relation));
    }
  }
  return tables;
}

function isOwnRelation(entity: EntityMetadata, relation: RelationMetadata): boolean {
  return Object.hasOwn(entity.mapper.definition.properties, relation.name);
}

function describeTable(root: EntityMetadata, members: readonly EntityMetadata[]): MappedTable {
  const columns: ColumnMetadata[] = [];
  const foreignKeys: MappedForeignKey[] = [];
  for (const member of members) {
    for (const column of member.columns) if (!columns.includes(column)) columns.push(column);
    for (const relation of member.relations) {
      if (relation.joinColumns.length === 0 || !isOwnRelation(member, relation)) continue;
      foreignKeys.push(
        Object.freeze({
          columns: Object.freeze(relation.joinColumns.map((c) => c.name)),
          referencedTable: relation.target.table,
          referencedColumns: Object.freeze(relation.referencedColumns.map((c) => c.name)),
          onDelete: relation.onDelete,
        }),
      );
    }
  }
  const softDeleteColumn = root.softDelete?.column.name;
  const unique = (names: readonly string[], name: string | undefined): MappedUnique =>
    Object.freeze({ name, columns: Object.freeze(names), ...(softDeleteColumn ? { softDeleteColumn } : {}) });
  const index = (names: readonly string[], name: string | undefined): MappedIndex =>
    Object.freeze({ name: name ?? `ix_${root.table}_${names.join('_')}`, columns: Object.freeze(names) });
  const nameOf = (flag: boolean | string) => (typeof flag === 'string' ? flag : undefined);
  const uniques = columns.filter((c) => c.unique).map((c) => unique([c.name], nameOf(c.unique)));
  const indexes = columns.filter((c) => c.index).map((c) => index([c.name], nameOf(c.index)));
  for (const member of members) {
    for (const entry of member.mapper.definition.indexes ?? []) {
      const cols = entry.properties.flatMap((p) =>
        columns.filter((c) => c.property === p || c.property.startsWith(`${p}.`)).map((c) => c.name),
      );
      if (entry.unique) uniques.push(unique(cols, entry.name));
      else indexes.push(index(cols, entry.name));
    }
  }
  return Object.freeze({
    name: root.table,
    columns: Object.freeze(columns.map(describeColumn)),
    primaryKey: Object.freeze(root.primaryKey.map((c) => c.name)),
    uniques: Object.freeze(uniques),
    indexes: Object.freeze(indexes),
    foreignKeys: Object.freeze(foreignKeys),
    ...(root.mapper.definition.renamedFrom !== undefined ? { renamedFrom: root.mapper.definition.renamedFrom } : {}),
  });
}

function describeColumn(column: ColumnMetadata): MappedColumn {
  return Object.freeze({
    name: column.name,
    type: column.type,
    nullable: column.nullable,
    default:
      column.defaultSql ?? (column.default && Object.freeze({ kind: 'value' as const, value: column.default.value })),
    primaryKey: column.primaryKey,
    autoIncrement: column.generated === 'identity',
    ...(column.renamedFrom !== undefined ? { renamedFrom: column.renamedFrom } : {}),
  });
}

function describePivot(owner: EntityMetadata, relation: RelationMetadata): MappedTable {
  const pivot = relation.pivot!;
  const side = (names: readonly string[], entity: EntityMetadata): MappedColumn[] =>
    names.map((name, i) => {
      const key = entity.primaryKey[i]!;
      return Object.freeze({ name, type: key.type, nullable: false, primaryKey: true, autoIncrement: false });
    });
  const columns = [...side(pivot.joinColumns, owner), ...side(pivot.inverseJoinColumns, relation.target)];
  const foreignKey = (names: readonly string[], entity: EntityMetadata): MappedForeignKey =>
    Object.freeze({
      columns: names,
      referencedTable: entity.table,
      referencedColumns: Object.freeze(entity.primaryKey.map((c) => c.name)),
      onDelete: 'cascade',
    });
  return Object.freeze({
    name: pivot.table,
    columns: Object.freeze(columns),
    primaryKey: Object.freeze(columns.map((c) => c.name)),
    uniques: Object.freeze([]),
    indexes: Object.freeze([]),
    foreignKeys: Object.freeze([
      foreignKey(pivot.joinColumns, owner),
      foreignKey(pivot.inverseJoinColumns, relation.target),
    ]),
  });
}

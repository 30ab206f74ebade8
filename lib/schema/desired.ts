/**
 * The mappers as the database will report them: the registry's tables through the same
 * description CREATE TABLE is written from (toTableDescription), each type and default passed
 * through the dialect's DDL text and then its schema reader, the same normalisation introspection
 * applies. So a schema created from the mappers compares equal to its introspection by construction,
 * not by per-case patches.
 */
import type { Dialect } from '../dialects/index.js';
import type { MetadataRegistry } from '../mapping/index.js';
import type { TableDescription } from '../sql/index.js';
import type { ColumnModel, SchemaModel, TableModel } from './model.js';
import { creationOrder, toTableDescription } from './schema-manager.js';

/** The schema the mappers describe, as `dialect` would report it once created; tables sorted by name. */
export function desiredSchema(registry: MetadataRegistry, dialect: Dialect): SchemaModel {
  const mapped = creationOrder(registry.tables());
  const tables = mapped.map((t) => {
    const model = tableModel(toTableDescription(t, dialect.ddl.supportsPartialIndexes), dialect);
    const renamed = new Map(t.columns.filter((c) => c.renamedFrom).map((c) => [c.name, c.renamedFrom as string]));
    return {
      ...model,
      columns: model.columns.map((c) => (renamed.has(c.name) ? { ...c, renamedFrom: renamed.get(c.name) } : c)),
      ...(t.renamedFrom !== undefined ? { renamedFrom: t.renamedFrom } : {}),
    };
  });
  return { tables: tables.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
}

/** A DDL table description as `dialect` will report it. */
export function tableModel(table: TableDescription, dialect: Dialect): TableModel {
  const { ddl, schema, types } = dialect;
  const columns: ColumnModel[] = table.columns.map((c) => {
    const type = schema.normaliseType(types.sqlType(c.type));
    const text = ddl.columnDefault(table, c);
    const dflt = text === undefined ? undefined : schema.normaliseDefault(text, type);
    return {
      name: c.name,
      type,
      nullable: !c.autoIncrement && (c.nullable ?? false),
      ...(dflt !== undefined ? { default: dflt } : {}),
      autoIncrement: c.autoIncrement ?? false,
    };
  });
  const flagged = table.columns.filter((c) => c.primaryKey).map((c) => c.name);
  return {
    name: table.name,
    columns,
    primaryKey: table.primaryKey?.columns ?? flagged,
    uniques: (table.uniques ?? []).map((u) => ({
      ...(u.name !== undefined ? { name: u.name } : {}),
      columns: u.columns,
    })),
    indexes: (table.indexes ?? []).map((i) => ({
      name: i.name,
      columns: i.columns,
      unique: i.unique ?? false,
      ...(i.whereNull !== undefined ? { whereNull: i.whereNull } : {}),
    })),
    foreignKeys: (table.foreignKeys ?? []).map((f) => ({
      ...(f.name !== undefined ? { name: f.name } : {}),
      columns: f.columns,
      referencedTable: f.referencedTable,
      referencedColumns: f.referencedColumns,
      onDelete: schema.normaliseAction(f.onDelete),
      onUpdate: schema.normaliseAction(f.onUpdate),
    })),
    checks: table.columns.flatMap((c) => ddl.columnChecks(c).map((expression) => ({ expression }))),
  };
}

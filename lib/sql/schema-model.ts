/**
 * The neutral description of a database schema that introspection reads and the schema diff
 * compares (re-exported by lib/schema/model.ts). Declared here, beside the DDL descriptions, because
 * each dialect's introspection (lib/dialects/<name>/introspect.ts) builds it and dialects may not
 * import lib/schema.
 */
import type { ReferentialAction } from './ddl.js';

export type { ReferentialAction };

/**
 * A column type as the database reports it, normalised per dialect so that aliases read the same
 * (`int4`, `integer` and `INT` are all `{ kind: 'integer' }`; `character varying(160)` is
 * `{ kind: 'varchar', length: 160 }`). `kind` is the dialect's canonical lower-case type name.
 */
export interface NormalisedType {
  readonly kind: string;
  readonly length?: number | undefined;
  readonly precision?: number | undefined;
  readonly scale?: number | undefined;
  /** MySQL ENUM members, in order. */
  readonly values?: readonly string[] | undefined;
}

export interface ColumnModel {
  readonly name: string;
  readonly type: NormalisedType;
  readonly nullable: boolean;
  /** The default expression as the database prints it, normalised (valid SQL for the dialect), or absent. */
  readonly default?: string | undefined;
  /** Identity / AUTO_INCREMENT / the rowid of `INTEGER PRIMARY KEY AUTOINCREMENT`. */
  readonly autoIncrement: boolean;
  /** Desired schemas only: the column's previous name (`.renamedFrom`), renamed rather than dropped. */
  readonly renamedFrom?: string | undefined;
}

export interface UniqueModel {
  readonly name?: string | undefined;
  readonly columns: readonly string[];
}

export interface IndexModel {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
  /** Per column, true when it is sorted descending (absent: all ascending). */
  readonly descending?: readonly boolean[] | undefined;
  /** A partial index over the rows where this column IS NULL. */
  readonly whereNull?: string | undefined;
}

export interface ForeignKeyModel {
  readonly name?: string | undefined;
  readonly columns: readonly string[];
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
  readonly onDelete: ReferentialAction;
  readonly onUpdate: ReferentialAction;
}

export interface CheckModel {
  readonly name?: string | undefined;
  readonly expression: string;
}

export interface TableModel {
  readonly name: string;
  readonly columns: readonly ColumnModel[];
  /** [] when the table has none. */
  readonly primaryKey: readonly string[];
  readonly uniques: readonly UniqueModel[];
  readonly indexes: readonly IndexModel[];
  readonly foreignKeys: readonly ForeignKeyModel[];
  readonly checks: readonly CheckModel[];
  /** Desired schemas only: the table's previous name (the mapper's `renamedFrom`). */
  readonly renamedFrom?: string | undefined;
}

/** One neutral description of a database schema, for every dialect. */
export interface SchemaModel {
  readonly tables: readonly TableModel[];
}

/** Runs one read-only statement of introspection and returns its rows. */
export type IntrospectionQuery = (sql: string, params?: readonly unknown[]) => Promise<Record<string, unknown>[]>;

/**
 * What each dialect knows about its own catalog (lib/dialects/<name>/introspect.ts): how to read
 * it, and how a type name and a default expression are normalised so that the mappers' DDL and
 * the server's report of it read the same.
 */
export interface SchemaReader {
  /** Reads the base tables of the current schema (only `tables` when given), sorted by name. */
  introspect(query: IntrospectionQuery, tables?: readonly string[]): Promise<SchemaModel>;
  /** A type name as written in DDL or reported by the catalog, normalised. */
  normaliseType(sqlType: string): NormalisedType;
  /** A default expression as written in DDL or reported by the catalog, normalised for a column of `type`. */
  normaliseDefault(expression: string, type: NormalisedType): string | undefined;
  /** A referential action as this database reports it (MySQL reports NO ACTION as RESTRICT, which it is there). */
  normaliseAction(action: ReferentialAction | undefined): ReferentialAction;
  /** The DDL text of a normalised type (the inverse of `normaliseType`). */
  typeSql(type: NormalisedType): string;
}

/**
 * Naming strategies turn class and property names into table and column names. The default is
 * snake_case; PascalCase matches schemas such as Chinook's SQLite and MySQL scripts. Any object
 * implementing {@link NamingStrategy} can replace them.
 */

/** How logical names (classes, properties) become physical names (tables, columns). */
export interface NamingStrategy {
  /** `BookTag` → `book_tag` (snake) or `BookTag` (Pascal). */
  tableName(className: string): string;
  /** `publishedAt` → `published_at` (snake) or `PublishedAt` (Pascal). */
  columnName(propertyName: string): string;
  /**
   * The foreign-key column of a to-one relation: the property's column name joined to the
   * referenced column without the target table's name in front of it, so `author` → `author_id`,
   * and `artist` referencing `Artist.ArtistId` → `ArtistId` (Pascal).
   */
  joinColumnName(propertyName: string, referencedColumn: string, targetTable: string): string;
  /** The pivot table of an owning many-to-many: `book` + `tag` → `book_tag`. */
  pivotTableName(ownerTable: string, targetTable: string): string;
  /** The prefix of an embeddable's columns: `billingAddress` → `billing_address_` (snake). */
  embeddedPrefix(propertyName: string): string;
}

/**
 * A name given in a mapper: either the exact physical name, or a function of the naming strategy
 * (`(n) => n.columnName('reportsTo')`) for schemas whose names follow the strategy but not its
 * defaults.
 */
export type NameOverride = string | ((naming: NamingStrategy) => string);

export function resolveName(name: NameOverride, naming: NamingStrategy): string {
  return typeof name === 'string' ? name : name(naming);
}

/** `publishedAt` → `published_at`, `HTMLPage` → `html_page`, `address2` → `address2`. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/** `publishedAt` → `PublishedAt`. */
export function toPascalCase(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function withoutPrefix(column: string, prefix: string): string {
  return column.length > prefix.length && column.startsWith(prefix) ? column.slice(prefix.length) : column;
}

/** The default: snake_case tables and columns (`BookTag.publishedAt` → `book_tag.published_at`). */
export const snakeCaseNaming: NamingStrategy = Object.freeze({
  tableName: toSnakeCase,
  columnName: toSnakeCase,
  joinColumnName(propertyName: string, referencedColumn: string, targetTable: string): string {
    return `${toSnakeCase(propertyName)}_${withoutPrefix(referencedColumn, `${targetTable}_`)}`;
  },
  pivotTableName: (ownerTable: string, targetTable: string) => `${ownerTable}_${targetTable}`,
  embeddedPrefix: (propertyName: string) => `${toSnakeCase(propertyName)}_`,
});

/** PascalCase tables and columns (`MediaType.mediaTypeId` → `MediaType.MediaTypeId`). */
export const pascalCaseNaming: NamingStrategy = Object.freeze({
  tableName: toPascalCase,
  columnName: toPascalCase,
  joinColumnName(propertyName: string, referencedColumn: string, targetTable: string): string {
    return `${toPascalCase(propertyName)}${withoutPrefix(referencedColumn, targetTable)}`;
  },
  pivotTableName: (ownerTable: string, targetTable: string) => `${ownerTable}${targetTable}`,
  embeddedPrefix: toPascalCase,
});

/**
 * The raw SQL template. Every interpolation is bound as a parameter unless it is a node made by
 * Tabula's factories (an identifier, a typed value, another fragment, an expression), which is
 * embedded. Text between interpolations is taken as written: never build it from input.
 */
import { SqlNodeError } from '../errors/index.js';
import type { ColumnType } from '../types/index.js';
import { isSqlNode } from './nodes/frozen-node.js';
import { type IdentifierNode, identifier } from './nodes/identifier-node.js';
import { type ParamNode, param } from './nodes/param-node.js';
import { type RawNode, rawNode } from './nodes/raw-node.js';
import type { AnyNode } from './nodes/sql-node.js';

/**
 * Builds a raw fragment; it compiles on every dialect with that dialect's placeholders.
 *
 * @example
 * const q = sql`SELECT * FROM ${sql.id('books')} WHERE ${sql.id('b', 'price')} < ${max}`;
 * dialect.compile(q); // PostgreSQL: { sql: 'SELECT * FROM "books" WHERE "b"."price" < $1', params: [max] }
 */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): RawNode {
  if (!isTemplate(strings, values.length)) {
    throw new SqlNodeError(
      'sql was called as a function, not as a tagged template: its text would come from a value.\n' +
        '  Write it before a template literal, sql`… WHERE id = …` with values interpolated (they are bound); sql.join for lists, sql.id for identifiers.',
    );
  }
  return rawNode([...strings], values.map(embed));
}

/**
 * A template literal's strings: a frozen array with a frozen `raw` array of the same length, one
 * more than the interpolations. A plain array (`sql(['DROP TABLE x'])`, or one parsed from JSON)
 * is none of that, so text the program did not write never becomes SQL.
 */
function isTemplate(strings: unknown, interpolations: number): boolean {
  if (!Array.isArray(strings) || !Object.isFrozen(strings)) return false;
  const raw: unknown = (strings as unknown as { raw?: unknown }).raw;
  return (
    Array.isArray(raw) &&
    Object.isFrozen(raw) &&
    raw.length === strings.length &&
    strings.length === interpolations + 1 &&
    strings.every((s) => typeof s === 'string')
  );
}

/** A quoted identifier: `sql.id('title')`, `sql.id('b', 'title')`. Validated when called. */
sql.id = (...names: string[]): IdentifierNode => identifier(...names);

/** A parameter converted with its column type, as mapped columns are. */
sql.value = (value: unknown, type: ColumnType): ParamNode => param(value, { type });

/**
 * Joins values and fragments with `separator` (`, ` by default); plain values become parameters.
 *
 * @example sql`WHERE id IN (${sql.join(ids)})`
 */
sql.join = (parts: readonly unknown[], separator: RawNode = sql`, `): RawNode => {
  const strings: string[] = [''];
  const values: AnyNode[] = [];
  parts.forEach((part, i) => {
    if (i > 0) {
      values.push(separator);
      strings.push('');
    }
    values.push(embed(part));
    strings.push('');
  });
  return rawNode(strings, values);
};

function embed(value: unknown): AnyNode {
  // Only factory-made nodes are embedded: a look-alike object from user input is just a value.
  return isSqlNode(value) ? value : param(value);
}

import type { ColumnType } from '../../types/index.js';
import { validateIdentifier } from '../identifier.js';
import { freezeNode } from './frozen-node.js';

/** A column reference, `"table"."name"`; `type` lets the compiler convert values compared to it. */
export interface ColumnNode {
  readonly kind: 'column';
  readonly name: string;
  /** Table name or alias qualifying the column. */
  readonly table?: string;
  readonly type?: ColumnType;
}

export interface ColumnOptions {
  readonly table?: string;
  readonly type?: ColumnType;
}

/**
 * References a column.
 *
 * @example column('title', { table: 'b', type: { kind: 'string' } }) // "b"."title"
 */
export function column(name: string, options: ColumnOptions = {}): ColumnNode {
  const node: { -readonly [K in keyof ColumnNode]: ColumnNode[K] } = {
    kind: 'column',
    name: validateIdentifier(name, 'column name'),
  };
  if (options.table !== undefined) node.table = validateIdentifier(options.table, 'table name');
  if (options.type !== undefined) node.type = options.type;
  return freezeNode(node);
}

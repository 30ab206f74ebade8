import { SqlNodeError } from '../../errors/index.js';
import { validateIdentifier } from '../identifier.js';
import { freezeNode, isSqlNode } from './frozen-node.js';

/** A table in FROM or JOIN, with an optional alias. */
export interface TableNode {
  readonly kind: 'table';
  readonly name: string;
  readonly alias?: string;
}

/** @example table('books', 'b') // "books" AS "b" */
export function table(name: string, alias?: string): TableNode {
  const node: { -readonly [K in keyof TableNode]: TableNode[K] } = {
    kind: 'table',
    name: validateIdentifier(name, 'table name'),
  };
  if (alias !== undefined) node.alias = validateIdentifier(alias, 'table alias');
  return freezeNode(node);
}

/** Accepts a table name or a table node. */
export function toTable(value: string | TableNode): TableNode {
  if (typeof value === 'string') return table(value);
  if (isSqlNode(value) && value.kind === 'table') return value;
  throw new SqlNodeError('Expected a table name or a table node.\n  Pass the name, or table(name, alias).');
}

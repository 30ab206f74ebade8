import { validateIdentifier } from '../identifier.js';
import { type Expression, requireExpression } from './expression.js';
import { freezeList, freezeNode } from './frozen-node.js';
import { type SelectItem, toSelectItem } from './select-node.js';

/** A DELETE of the rows matching `where` (all rows without it). */
export interface DeleteNode {
  readonly kind: 'delete';
  readonly table: string;
  readonly where?: Expression;
  readonly returning: readonly SelectItem[];
}

export interface DeleteOptions {
  readonly table: string;
  readonly where?: Expression | undefined;
  readonly returning?: readonly (Expression | SelectItem)[] | undefined;
}

/** @example deleteFrom({ table: 'books', where: inList(column('id'), [1, 2]) }) */
export function deleteFrom(options: DeleteOptions): DeleteNode {
  const node: { -readonly [K in keyof DeleteNode]: DeleteNode[K] } = {
    kind: 'delete',
    table: validateIdentifier(options.table, 'table name'),
    returning: freezeList((options.returning ?? []).map(toSelectItem)),
  };
  if (options.where !== undefined) node.where = requireExpression(options.where, 'where');
  return freezeNode(node);
}

import type { ColumnType } from '../../types/index.js';
import { SqlNodeError } from '../../errors/index.js';
import { validateIdentifier } from '../identifier.js';
import { type Expression, requireExpression, toExpression } from './expression.js';
import { freezeList, freezeNode } from './frozen-node.js';
import { type SelectItem, toSelectItem } from './select-node.js';

/** `column = value` in an UPDATE. */
export interface Assignment {
  readonly column: string;
  readonly value: Expression;
}

/** An UPDATE of the rows matching `where` (all rows without it). */
export interface UpdateNode {
  readonly kind: 'update';
  readonly table: string;
  readonly set: readonly Assignment[];
  readonly where?: Expression;
  readonly returning: readonly SelectItem[];
}

export interface AssignmentInput {
  readonly column: string;
  /** An expression node, or a value bound with `type`. */
  readonly value: unknown;
  readonly type?: ColumnType;
}

export interface UpdateOptions {
  readonly table: string;
  readonly set: readonly AssignmentInput[];
  readonly where?: Expression | undefined;
  readonly returning?: readonly (Expression | SelectItem)[] | undefined;
}

/**
 * @example update({ table: 'books', set: [{ column: 'price', value: '9.90', type: decimal }],
 *   where: eq(column('id'), 7) })
 */
export function update(options: UpdateOptions): UpdateNode {
  if (options.set.length === 0)
    throw new SqlNodeError(
      `UPDATE of ${options.table} assigns no columns.\n  Give set at least one { column, value }.`,
    );
  const seen = new Set<string>();
  const set = options.set.map((a) => {
    const name = validateIdentifier(a.column, 'column name');
    if (seen.has(name))
      throw new SqlNodeError(`UPDATE of ${options.table} assigns ${name} twice.\n  Assign each column once.`);
    seen.add(name);
    return Object.freeze({ column: name, value: toExpression(a.value, { type: a.type, column: name }) });
  });
  const node: { -readonly [K in keyof UpdateNode]: UpdateNode[K] } = {
    kind: 'update',
    table: validateIdentifier(options.table, 'table name'),
    set: freezeList(set),
    returning: freezeList((options.returning ?? []).map(toSelectItem)),
  };
  if (options.where !== undefined) node.where = requireExpression(options.where, 'where');
  return freezeNode(node);
}

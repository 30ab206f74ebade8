import { SqlNodeError } from '../../errors/index.js';
import { type Expression, hintFrom, requireExpression, toExpression } from './expression.js';
import { freezeList, freezeNode, isSqlNode } from './frozen-node.js';
import { type RowNode, row } from './row-node.js';
import type { SelectNode } from './select-node.js';
import { ValueRows } from './value-rows.js';

/**
 * `left IN (values…)` or `left IN (SELECT …)`; `NOT IN` when negated. An empty list compiles to a
 * false predicate (true when negated), never to `IN ()`, which no database accepts.
 */
export interface InNode {
  readonly kind: 'in';
  readonly left: Expression;
  /** Expressions, a subquery, or rows held flat (a flush's key list: no node per key). */
  readonly values: readonly Expression[] | SelectNode | ValueRows;
  readonly negated: boolean;
}

/**
 * Membership in a list of values or a subquery. Plain values are bound typed like `left`; when
 * `left` is a row value, each plain array becomes a row typed item by item. `ValueRows` (one
 * column per item of `left`) are bound with their columns' types, cell by cell.
 *
 * @example inList(row(column('a'), column('b')), [[1, 'x'], [2, 'y']])
 */
export function inList(left: Expression, values: readonly unknown[] | SelectNode | ValueRows): InNode {
  return buildIn(left, values, false);
}

/** `left NOT IN (…)`. Mind SQL's rule: a NULL in the list makes it unknown for every row. */
export function notInList(left: Expression, values: readonly unknown[] | SelectNode | ValueRows): InNode {
  return buildIn(left, values, true);
}

function buildIn(left: Expression, values: readonly unknown[] | SelectNode | ValueRows, negated: boolean): InNode {
  requireExpression(left, negated ? 'notInList' : 'inList');
  if (isSelect(values)) return freezeNode({ kind: 'in', left, values, negated });
  if (values instanceof ValueRows) {
    const width = left.kind === 'row' ? left.items.length : 1;
    if (values.specs.length !== width) {
      throw new SqlNodeError(
        `inList: rows of ${values.specs.length} columns compared with ${width} items.\n` +
          '  Give the ValueRows one column per item of the row value on the left.',
      );
    }
    return freezeNode({ kind: 'in', left, values, negated });
  }
  if (!Array.isArray(values)) throw new SqlNodeError('inList expects an array of values or a SELECT node.');
  const hint = hintFrom(left);
  const items = values.map((v) => (left.kind === 'row' ? toRow(left, v) : toExpression(v, hint)));
  return freezeNode({ kind: 'in', left, values: freezeList(items), negated });
}

function isSelect(values: unknown): values is SelectNode {
  return isSqlNode(values) && values.kind === 'select';
}

function toRow(left: RowNode, value: unknown): Expression {
  if (!Array.isArray(value)) return toExpression(value);
  if (value.length !== left.items.length) {
    throw new SqlNodeError(
      `inList: a row of ${value.length} values compared with a row of ${left.items.length} items.\n` +
        '  Give every row of the list one value per item of the row value on the left.',
    );
  }
  return row(...value.map((v: unknown, i) => toExpression(v, hintFrom(left.items[i] as Expression))));
}

import { SqlNodeError } from '../../errors/index.js';
import { validateIdentifier } from '../identifier.js';
import { type Expression, isExpression, requireExpression } from './expression.js';
import { freezeList, freezeNode } from './frozen-node.js';
import { type TableNode, toTable } from './table-node.js';

/** An output column: an expression with an optional label (`expr AS "alias"`). */
export interface SelectItem {
  readonly expression: Expression;
  readonly alias?: string;
}

export type JoinType = 'inner' | 'left';

export interface JoinClause {
  readonly type: JoinType;
  readonly table: TableNode;
  readonly on: Expression;
}

export interface OrderItem {
  readonly expression: Expression;
  readonly direction: 'asc' | 'desc';
  /** Where NULLs sort; the database's own default when absent. */
  readonly nulls?: 'first' | 'last';
}

/** Row locking: `FOR UPDATE` / `FOR SHARE`, optionally `NOWAIT` or `SKIP LOCKED`. */
export interface LockClause {
  readonly strength: 'update' | 'share';
  readonly wait?: 'nowait' | 'skip-locked';
}

/** A SELECT statement. No columns means `*`. */
export interface SelectNode {
  readonly kind: 'select';
  readonly distinct: boolean;
  readonly columns: readonly SelectItem[];
  readonly from?: TableNode;
  readonly joins: readonly JoinClause[];
  readonly where?: Expression;
  readonly groupBy: readonly Expression[];
  readonly having?: Expression;
  readonly orderBy: readonly OrderItem[];
  readonly limit?: number;
  readonly offset?: number;
  readonly lock?: LockClause;
}

export interface JoinInput {
  readonly type?: JoinType;
  readonly table: string | TableNode;
  readonly on: Expression;
}

export interface OrderInput {
  readonly expression: Expression;
  readonly direction?: 'asc' | 'desc';
  readonly nulls?: 'first' | 'last';
}

export interface SelectOptions {
  readonly distinct?: boolean | undefined;
  readonly columns?: readonly (Expression | SelectItem)[] | undefined;
  readonly from?: string | TableNode | undefined;
  readonly joins?: readonly JoinInput[] | undefined;
  readonly where?: Expression | undefined;
  readonly groupBy?: readonly Expression[] | undefined;
  readonly having?: Expression | undefined;
  readonly orderBy?: readonly (Expression | OrderInput)[] | undefined;
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
  readonly lock?: LockClause | undefined;
}

/**
 * Builds a SELECT. Passing an existing node's fields back in (`select({ ...node, limit: 10 })`)
 * is how a query is changed: the node is rebuilt and validated again.
 *
 * @example select({ columns: [column('id')], from: 'books', where: gt(column('price'), 10), limit: 20 })
 */
export function select(options: SelectOptions): SelectNode {
  const node: { -readonly [K in keyof SelectNode]: SelectNode[K] } = {
    kind: 'select',
    distinct: options.distinct ?? false,
    columns: freezeList((options.columns ?? []).map(toSelectItem)),
    joins: freezeList((options.joins ?? []).map(toJoin)),
    groupBy: freezeList((options.groupBy ?? []).map((g) => requireExpression(g, 'groupBy'))),
    orderBy: freezeList((options.orderBy ?? []).map(toOrderItem)),
  };
  if (options.from !== undefined) node.from = toTable(options.from);
  if (options.where !== undefined) node.where = requireExpression(options.where, 'where');
  if (options.having !== undefined) node.having = requireExpression(options.having, 'having');
  if (options.limit !== undefined) node.limit = validateRowCount(options.limit, 'limit');
  if (options.offset !== undefined) node.offset = validateRowCount(options.offset, 'offset');
  if (options.lock !== undefined) node.lock = toLock(options.lock);
  return freezeNode(node);
}

/** Normalises an output column (also used for RETURNING lists). */
export function toSelectItem(value: Expression | SelectItem): SelectItem {
  if (isExpression(value)) return Object.freeze({ expression: value });
  const item: { -readonly [K in keyof SelectItem]: SelectItem[K] } = {
    expression: requireExpression(value.expression, 'a select item'),
  };
  if (value.alias !== undefined) item.alias = validateIdentifier(value.alias, 'column alias');
  return Object.freeze(item);
}

/** Limits and offsets are inlined into the SQL, so only non-negative safe integers pass. */
export function validateRowCount(value: number, what: 'limit' | 'offset'): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new SqlNodeError(
      `The ${what} must be a non-negative safe integer, got ${typeof value === 'number' ? 'another number' : `a ${typeof value}`}.\n  Round and clamp it before passing it.`,
    );
  }
  return value;
}

function toJoin(join: JoinInput): JoinClause {
  const type = join.type ?? 'inner';
  if (type !== 'inner' && type !== 'left') throw SqlNodeError.unknown('join type', type, ['inner', 'left']);
  return Object.freeze({ type, table: toTable(join.table), on: requireExpression(join.on, 'join on') });
}

function toOrderItem(value: Expression | OrderInput): OrderItem {
  if (isExpression(value)) return Object.freeze({ expression: value, direction: 'asc' });
  const direction = value.direction ?? 'asc';
  if (direction !== 'asc' && direction !== 'desc') {
    throw SqlNodeError.unknown('order direction', direction, ['asc', 'desc']);
  }
  const item: { -readonly [K in keyof OrderItem]: OrderItem[K] } = {
    expression: requireExpression(value.expression, 'orderBy'),
    direction,
  };
  if (value.nulls !== undefined) {
    if (value.nulls !== 'first' && value.nulls !== 'last') {
      throw SqlNodeError.unknown('nulls order', value.nulls, ['first', 'last']);
    }
    item.nulls = value.nulls;
  }
  return Object.freeze(item);
}

function toLock(lock: LockClause): LockClause {
  if (lock.strength !== 'update' && lock.strength !== 'share') {
    throw SqlNodeError.unknown('lock strength', lock.strength, ['update', 'share']);
  }
  if (lock.wait === undefined) return Object.freeze({ strength: lock.strength });
  if (lock.wait !== 'nowait' && lock.wait !== 'skip-locked') {
    throw SqlNodeError.unknown('lock wait policy', lock.wait, ['nowait', 'skip-locked']);
  }
  return Object.freeze({ strength: lock.strength, wait: lock.wait });
}

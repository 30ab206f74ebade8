import type { ColumnType } from '../../types/column-type';
import { freezeNode } from './frozen-node';

/**
 * A bound parameter. With a `type` the compiler converts `value` through the dialect's
 * `types.toDriver`, which names `column` when the value does not fit; without one it uses
 * `toDriverUntyped`. The value itself is never frozen or copied.
 */
export interface ParamNode {
  readonly kind: 'param';
  readonly value: unknown;
  readonly type?: ColumnType;
  /** The column the value is for, named in conversion errors. */
  readonly column?: string;
}

export interface ParamOptions {
  readonly type?: ColumnType | undefined;
  readonly column?: string | undefined;
}

/** Binds `value` as a parameter. @example param(42, { type: { kind: 'integer' }, column: 'id' }) */
export function param(value: unknown, options: ParamOptions = {}): ParamNode {
  const node: { -readonly [K in keyof ParamNode]: ParamNode[K] } = { kind: 'param', value };
  if (options.type !== undefined) node.type = options.type;
  if (options.column !== undefined) node.column = options.column;
  return freezeNode(node);
}

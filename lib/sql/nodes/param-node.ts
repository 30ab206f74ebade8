import type { ColumnType } from '../../types/index.js';

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

/**
 * Parameters are by far the most numerous nodes (a 10,000-row INSERT has tens of thousands), so
 * they are instances of one class — a stable shape, and `instanceof` proves they were built here —
 * instead of frozen objects registered in the genuine-node set, whose cost grew with every flush.
 * Their fields are readonly; nothing writes them after construction.
 */
class Param implements ParamNode {
  readonly kind = 'param' as const;
  // Declared, not initialised: absent unless given, like the other nodes' optional fields.
  declare readonly type?: ColumnType;
  declare readonly column?: string;

  constructor(
    readonly value: unknown,
    type: ColumnType | undefined,
    column: string | undefined,
  ) {
    if (type !== undefined) (this as { type?: ColumnType }).type = type;
    if (column !== undefined) (this as { column?: string }).column = column;
  }
}

/** True for parameter nodes made by `param` (never for look-alike plain objects). */
export function isParamNode(value: unknown): value is ParamNode {
  return value instanceof Param;
}

/** Binds `value` as a parameter. @example param(42, { type: { kind: 'integer' }, column: 'id' }) */
export function param(value: unknown, options: ParamOptions = {}): ParamNode {
  return new Param(value, options.type, options.column);
}

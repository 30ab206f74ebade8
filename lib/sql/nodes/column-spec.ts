import type { ColumnType } from '../../types/index.js';
import { SqlNodeError } from '../../errors/index.js';
import { validateIdentifier } from '../identifier.js';
import { type Expression, toExpression } from './expression.js';
import { freezeList } from './frozen-node.js';

/** A written column of INSERT and batch UPDATE: its name and, ideally, its type. */
export interface ColumnSpec {
  readonly name: string;
  readonly type?: ColumnType | undefined;
}

/** Normalises a list of column names or specs, refusing duplicates. */
export function toColumnSpecs(values: readonly (string | ColumnSpec)[], what: string): readonly ColumnSpec[] {
  const specs = values.map((v) => {
    const spec = typeof v === 'string' ? { name: v } : v;
    const out: { -readonly [K in keyof ColumnSpec]: ColumnSpec[K] } = {
      name: validateIdentifier(spec.name, 'column name'),
    };
    if (spec.type !== undefined) out.type = spec.type;
    return Object.freeze(out);
  });
  const seen = new Set<string>();
  for (const s of specs) {
    if (seen.has(s.name)) throw new SqlNodeError(`${what} names column ${s.name} twice.\n  Name each column once.`);
    seen.add(s.name);
  }
  return freezeList(specs);
}

/** Turns one row of values into expressions, each bound with its column's type and name. */
export function toRowValues(
  values: readonly unknown[],
  columns: readonly ColumnSpec[],
  what: string,
): readonly Expression[] {
  if (!Array.isArray(values) || values.length !== columns.length) {
    throw SqlNodeError.rowWidth(what, values, columns.length);
  }
  return freezeList(
    values.map((v, i) => {
      const c = columns[i] as ColumnSpec;
      return toExpression(v, { type: c.type, column: c.name });
    }),
  );
}

/**
 * Conditions on a to-one relation: a nested filter on the related entity (through a LEFT JOIN),
 * or a comparison of the key — with the entity itself, its key value, `null`, or key operators.
 * An owning side compares its own FK columns without a join — also for a nested filter that only
 * reads the referenced key (`{ company: { id: op({ $gt: 0 }) } }`), as the query builder's
 * `u.company.id` does: the FK column holds that value, and a filter's joins never carried the
 * target's global filters, so the rows found are the same.
 */
import type { ColumnMetadata, RelationMetadata } from '../mapping/index.js';
import { and, type Expression, isNotNull, isNull, not } from '../sql/index.js';
import { ValueError } from '../errors/index.js';
import { describeValue } from '../types/index.js';
import type { FilterCompiler } from './filter-compiler.js';
import { columnOf, type JoinScope, type TableRef } from './join-scope.js';
import { QueryError } from './query-error.js';
import { isOp, op } from './op.js';
import { isPlainObject, kindOf, notAValue } from './value-conditions.js';

/** Operators on a to-one's key; the ordering ones compare a one-column key, as MikroORM does. */
const KEY_OPERATORS: ReadonlySet<string> = new Set([
  '$eq',
  '$ne',
  '$in',
  '$nin',
  '$null',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
]);

/** The condition `value` puts on the to-one `relation` of `ref`. */
export function compileToOne(
  compiler: FilterCompiler,
  scope: JoinScope,
  ref: TableRef,
  relation: RelationMetadata,
  value: unknown,
  path: string,
): Expression {
  // A plain object is a nested filter, never key operators: those are branded by op().
  if (isPlainObject(value) && !isOp(value)) {
    return (
      keyOnlyFilter(compiler, ref, relation, value, path) ??
      compiler.filter(scope, scope.joinToOne(ref, relation, path), value, path)
    );
  }
  // An owning side holds the key in its FK columns; an inverse one-to-one reads the target's key.
  const owning = relation.joinColumns.length > 0;
  const holder = owning ? ref : scope.joinToOne(ref, relation, path);
  const columns = owning ? relation.joinColumns : relation.target.primaryKey;
  const site = { mapper: ref.meta.name, path };
  if (value === null) return keyIsNull(holder, columns, true);
  if (isOp(value)) {
    const unknown = Object.keys(value).find((k) => !KEY_OPERATORS.has(k));
    if (unknown !== undefined) throw QueryError.unknownOperator(site.mapper, path, unknown, [...KEY_OPERATORS]);
  }
  if (isOp(value) && Object.hasOwn(value, '$null')) {
    const wanted = value.$null;
    if (typeof wanted !== 'boolean') {
      throw new ValueError(`${site.mapper}.${path}: $null expects true or false, got ${kindOf(wanted)}.`);
    }
    const { $null: _, ...rest } = value;
    const test = keyIsNull(holder, columns, wanted);
    return Object.keys(rest).length === 0
      ? test
      : and(test, compileToOne(compiler, scope, ref, relation, op(rest as never), path));
  }
  if (columns.length === 1) {
    const only = columns[0] as ColumnMetadata;
    const key = isOp(value)
      ? op(mapOperands(value, (v) => keyOf(relation, v, path, site.mapper)[0]) as never)
      : keyOf(relation, value, path, site.mapper)[0];
    return compiler.columns.condition(columnOf(holder, only), only, key, site);
  }
  if (isOp(value)) {
    throw QueryError.invalid(
      site.mapper,
      path,
      `key operators need a one-column key; ${relation.target.name} has ${columns.length}. Compare with the entity or its key values.`,
    );
  }
  const key = keyOf(relation, value, path, site.mapper);
  return and(...columns.map((c, i) => compiler.columns.condition(columnOf(holder, c), c, key[i], site)));
}

/**
 * `{ company: { id: … } }` on an owning side, every key of the nested filter a referenced column:
 * the same conditions on the FK columns of `ref`, without the join. Undefined for anything else
 * (another property, `$and`/`$or`/`$not`, an inverse side), which joins as before.
 */
function keyOnlyFilter(
  compiler: FilterCompiler,
  ref: TableRef,
  relation: RelationMetadata,
  filter: Readonly<Record<string, unknown>>,
  path: string,
): Expression | undefined {
  if (relation.joinColumns.length === 0) return undefined;
  const keys = Object.keys(filter);
  if (keys.length === 0) return undefined;
  const parts: Expression[] = [];
  for (const key of keys) {
    const property = relation.target.properties.find((p) => p.name === key);
    if (property?.kind !== 'column') return undefined;
    const i = relation.referencedColumns.indexOf(property.column);
    const fk = relation.joinColumns[i];
    if (i < 0 || !fk) return undefined;
    const value = filter[key];
    if (value === undefined) return undefined;
    parts.push(
      compiler.columns.condition(columnOf(ref, fk), fk, value, { mapper: ref.meta.name, path: `${path}.${key}` }),
    );
  }
  return parts.length === 1 ? parts[0] : and(...parts);
}

/** The key values `value` names: an entity of the target class, a key value, or an array of them. */
function keyOf(relation: RelationMetadata, value: unknown, path: string, mapper: string): unknown[] {
  const target = relation.target;
  if (Array.isArray(value) && target.primaryKey.length > 1) {
    if (value.length !== target.primaryKey.length) {
      throw new ValueError(
        `${mapper}.${path}: ${target.name}'s key has ${target.primaryKey.length} columns; got ${value.length} values.`,
      );
    }
    return value;
  }
  if (value instanceof target.entityClass) {
    return target.primaryKey.map((c) => {
      if (c.source !== 'property') {
        throw QueryError.invalid(
          mapper,
          path,
          `${target.name}'s key is a relation; compare with its key values instead.`,
        );
      }
      const v = (value as Record<string, unknown>)[c.property];
      if (v === undefined || v === null) {
        throw QueryError.invalid(
          mapper,
          path,
          `the ${target.className} has no ${c.property} yet: flush it first, or filter on its properties.`,
        );
      }
      return v;
    });
  }
  // Data (a plain object or an array in an op() leaf, a function): refused without echoing it.
  const refused =
    Array.isArray(value) || isPlainObject(value) || typeof value === 'function' || typeof value === 'symbol';
  if (refused) throw notAValue({ mapper, path }, value) as ValueError;
  if (typeof value === 'object' && value !== null && !(value instanceof Date) && !Buffer.isBuffer(value)) {
    throw QueryError.invalid(
      mapper,
      path,
      `expected a ${target.className}, its key or a filter on it, got ${describeValue(value)}.`,
    );
  }
  return [value];
}

/** Applies `toKey` to each operand of key operators (`$in` lists item by item). */
function mapOperands(operators: Readonly<Record<string, unknown>>, toKey: (v: unknown) => unknown) {
  const out: Record<string, unknown> = {};
  for (const [op, operand] of Object.entries(operators)) {
    if (operand === null) out[op] = null;
    else if ((op === '$in' || op === '$nin') && Array.isArray(operand)) out[op] = operand.map((v: unknown) => toKey(v));
    else out[op] = toKey(operand);
  }
  return out;
}

/** Whether the relation is absent: every key column NULL. */
function keyIsNull(holder: TableRef, columns: readonly ColumnMetadata[], wanted: boolean): Expression {
  if (columns.length === 1) {
    const c = columnOf(holder, columns[0] as ColumnMetadata);
    return wanted ? isNull(c) : isNotNull(c);
  }
  const all = and(...columns.map((c) => isNull(columnOf(holder, c))));
  return wanted ? all : not(all);
}

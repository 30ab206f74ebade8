/**
 * Compiles an `orderBy` object: columns of the entity, of its embeddables, and of to-one relations
 * (LEFT JOINed once per path, sharing the filter's joins).
 */
import { describeValue } from '../types/index.js';
import type { OrderInput } from '../sql/index.js';
import { propertyOf } from './filter-compiler.js';
import { columnOf, type JoinScope, type TableRef } from './join-scope.js';
import type { OrderBy } from './order-by.js';
import { QueryError } from './query-error.js';
import { isPlainObject } from './value-conditions.js';

/** The ORDER BY items of `orderBy`, in the order its keys are written. */
export function compileOrderBy<T>(scope: JoinScope, orderBy: OrderBy<T>): OrderInput[] {
  return orderItems(scope, scope.root, orderBy, '');
}

function orderItems(scope: JoinScope, ref: TableRef, orderBy: unknown, path: string): OrderInput[] {
  const mapper = ref.meta.name;
  if (!isPlainObject(orderBy))
    throw QueryError.invalid(mapper, path || '(orderBy)', `expected an order object, got ${describeValue(orderBy)}.`);
  return Object.entries(orderBy).flatMap(([key, value]): OrderInput[] => {
    const at = path ? `${path}.${key}` : key;
    const property = propertyOf(ref.meta, key, at);
    if (property.kind === 'column')
      return [{ expression: columnOf(ref, property.column), direction: direction(mapper, at, value) }];
    if (property.kind === 'embedded') {
      if (!isPlainObject(value))
        throw QueryError.invalid(mapper, at, `expected an order on ${property.embeddableName}'s fields.`);
      return Object.entries(value).map(([field, dir]) => {
        const f = property.fields.find((x) => x.property === field);
        if (!f)
          throw QueryError.unknownProperty(
            property.embeddableName,
            `${at}.${field}`,
            property.fields.map((x) => x.property),
          );
        return { expression: columnOf(ref, f.column), direction: direction(mapper, `${at}.${field}`, dir) };
      });
    }
    const { relation } = property;
    if (relation.kind === 'one-to-many' || relation.kind === 'many-to-many') {
      throw QueryError.invalid(mapper, at, 'is a to-many relation; order by a to-one path or a column.');
    }
    return orderItems(scope, scope.joinToOne(ref, relation, at), value, at);
  });
}

function direction(mapper: string, path: string, value: unknown): 'asc' | 'desc' {
  if (value === 'asc' || value === 'desc') return value;
  throw QueryError.invalid(mapper, path, `expected 'asc' or 'desc', got ${describeValue(value)}.`);
}

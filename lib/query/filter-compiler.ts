/**
 * `compileFilter`: a filter object to a WHERE expression and the joins it needs. Every key is
 * resolved against the metadata before anything is built, so an unknown property or operator
 * raises a QueryError and never reaches SQL; every value becomes a typed bound parameter.
 */
import { ValueError } from '../errors/index.js';
import type { EmbeddedMetadata, EntityMetadata, PropertyMetadata, RelationMetadata } from '../mapping/index.js';
import { and, type Expression, type JoinClause, not, or } from '../sql/index.js';
import type { DialectTypes } from '../types/index.js';
import { describeValue } from '../types/index.js';
import type { Filter } from './filter.js';
import { AliasCounter, columnOf, JoinScope, type TableRef } from './join-scope.js';
import { QueryError } from './query-error.js';
import { compileToMany } from './to-many.js';
import { compileToOne } from './to-one.js';
import { isOp, OPERATOR_NAMES } from './op.js';
import { ColumnConditions, isPlainObject, kindOf, notAValue, valueCheck } from './value-conditions.js';

/** A join the WHERE needs; pass them to `select({ joins })` with the root aliased as given. */
export type Join = JoinClause;

export interface CompiledFilter {
  readonly where: Expression;
  readonly joins: readonly Join[];
}

export interface FilterOptions {
  /** The root table's alias (default `t0`); joins and subqueries get `t1`, `t2`, …. */
  readonly alias?: string;
  /** Check values with this dialect's own rules (else with the checks every dialect shares). */
  readonly types?: DialectTypes;
}

/**
 * Compiles a filter on `meta`'s entities.
 * @example
 * const { where, joins } = compileFilter(registry.get(Track), { genre: { name: 'Jazz' } });
 * select({ from: table('Track', 't0'), joins, where, columns: … });
 */
export function compileFilter<T>(meta: EntityMetadata, filter: Filter<T>, options: FilterOptions = {}): CompiledFilter {
  const aliases = new AliasCounter();
  const scope = new JoinScope(meta, aliases, options.alias ?? aliases.take());
  const where = new FilterCompiler(options.types).filter(scope, scope.root, filter, '');
  return { where, joins: scope.joins };
}

/**
 * How deep a filter may nest (`$and`/`$or`/`$not` and relation paths, counted together), and how
 * many filters one `$and`/`$or` list may hold. Far past anything a program writes; they keep a
 * filter built from input from exhausting the stack (`RangeError`) instead of being refused.
 */
export const MAX_FILTER_DEPTH = 64;
export const MAX_FILTER_LIST = 10_000;

/** Walks a filter; one instance per statement, shared by its subqueries. */
export class FilterCompiler {
  readonly columns: ColumnConditions;
  private depth = 0;

  constructor(types: DialectTypes | undefined) {
    this.columns = new ColumnConditions(valueCheck(types));
  }

  /** The condition of `filter` on the entity at `ref`, joining to-one relations into `scope`. */
  filter(scope: JoinScope, ref: TableRef, filter: unknown, path: string): Expression {
    const mapper = ref.meta.name;
    if (!isPlainObject(filter) || isOp(filter)) {
      const got = isOp(filter) ? 'operators (op() applies to a column or a to-one key)' : describeValue(filter);
      throw QueryError.invalid(mapper, path || '(filter)', `expected a filter object, got ${got}.`);
    }
    return this.nested(mapper, path, () => this.conditions(scope, ref, filter, path));
  }

  /** Runs one level of a filter, refusing one that nests past MAX_FILTER_DEPTH. */
  private nested<T>(mapper: string, path: string, level: () => T): T {
    if (this.depth >= MAX_FILTER_DEPTH) {
      throw QueryError.invalid(
        mapper,
        path || '(filter)',
        `the filter nests deeper than ${MAX_FILTER_DEPTH} levels.\n  Flatten it: $and/$or take lists, and $in takes many values.`,
      );
    }
    this.depth++;
    try {
      return level();
    } finally {
      this.depth--;
    }
  }

  private conditions(scope: JoinScope, ref: TableRef, filter: Readonly<Record<string, unknown>>, path: string) {
    const mapper = ref.meta.name;
    const parts: Expression[] = [];
    for (const [key, value] of Object.entries(filter)) {
      const at = path ? `${path}.${key}` : key;
      // A value operator where a property belongs: data (`{ author: {"$ne": null} }` from a
      // request) posing as syntax. Refused as such, with the fix, rather than as an unknown name.
      if (OPERATOR_NAMES.has(key)) throw notAValue({ mapper, path: path || '(filter)' }, filter) as ValueError;
      if (key === '$and' || key === '$or') {
        const list = this.filterList(key, value, mapper, at).map((f) => this.filter(scope, ref, f, path));
        parts.push(key === '$and' ? and(...list) : or(...list));
      } else if (key === '$not') {
        parts.push(not(this.filter(scope, ref, value, path)));
      } else {
        parts.push(this.property(scope, ref, propertyOf(ref.meta, key, at), value, at));
      }
    }
    return parts.length === 1 ? (parts[0] as Expression) : and(...parts);
  }

  private property(scope: JoinScope, ref: TableRef, property: PropertyMetadata, value: unknown, path: string) {
    if (value === undefined) {
      throw QueryError.invalid(ref.meta.name, path, 'undefined is not a value: leave the property out, or use null.');
    }
    if (property.kind === 'column') {
      return this.columns.condition(columnOf(ref, property.column), property.column, value, {
        mapper: ref.meta.name,
        path,
      });
    }
    if (property.kind === 'embedded') return this.embedded(ref, property, value, path);
    return this.relation(scope, ref, property.relation, value, path);
  }

  private relation(scope: JoinScope, ref: TableRef, relation: RelationMetadata, value: unknown, path: string) {
    if (relation.kind === 'one-to-many' || relation.kind === 'many-to-many') {
      return compileToMany(this, scope, ref, relation, value, path);
    }
    return compileToOne(this, scope, ref, relation, value, path);
  }

  /** `{ address: { city: 'Oslo' } }`; `null` or `$null` test whether every column is NULL. */
  private embedded(ref: TableRef, embedded: EmbeddedMetadata, value: unknown, path: string): Expression {
    return this.nested(ref.meta.name, path, () => this.embeddedLevel(ref, embedded, value, path));
  }

  private embeddedLevel(ref: TableRef, embedded: EmbeddedMetadata, value: unknown, path: string): Expression {
    const mapper = ref.meta.name;
    const allNull = () =>
      and(
        ...embedded.fields.map((f) =>
          this.columns.condition(columnOf(ref, f.column), f.column, null, { mapper, path }),
        ),
      );
    if (value === null) return allNull();
    if (isOp(value)) return this.embeddedOperators(ref, value, path, allNull);
    if (!isPlainObject(value)) {
      throw QueryError.invalid(
        mapper,
        path,
        `expected a filter on ${embedded.embeddableName}, got ${describeValue(value)}.`,
      );
    }
    const parts: Expression[] = [];
    for (const [key, operand] of Object.entries(value)) {
      const at = `${path}.${key}`;
      if (OPERATOR_NAMES.has(key)) throw notAValue({ mapper, path }, value) as ValueError;
      if (key === '$and' || key === '$or') {
        const list = this.filterList(key, operand, mapper, at).map((f) => this.embedded(ref, embedded, f, path));
        parts.push(key === '$and' ? and(...list) : or(...list));
      } else if (key === '$not') {
        parts.push(not(this.embedded(ref, embedded, operand, path)));
      } else {
        const field = embedded.fields.find((f) => f.property === key);
        if (!field)
          throw QueryError.unknownProperty(
            embedded.embeddableName,
            at,
            embedded.fields.map((f) => f.property),
          );
        if (operand === undefined)
          throw QueryError.invalid(mapper, at, 'undefined is not a value: leave the property out, or use null.');
        parts.push(this.columns.condition(columnOf(ref, field.column), field.column, operand, { mapper, path: at }));
      }
    }
    if (parts.length === 0)
      throw QueryError.invalid(mapper, path, `an empty filter on ${embedded.embeddableName} says nothing.`);
    return parts.length === 1 ? (parts[0] as Expression) : and(...parts);
  }

  /** `{ address: op({ $null: true }) }`: the only operator on an embeddable as a whole. */
  private embeddedOperators(
    ref: TableRef,
    operators: Readonly<Record<string, unknown>>,
    path: string,
    allNull: () => Expression,
  ): Expression {
    const mapper = ref.meta.name;
    const parts = Object.entries(operators).map(([key, operand]) => {
      if (key !== '$null') throw QueryError.unknownOperator(mapper, path, key, ['$null']);
      if (typeof operand !== 'boolean') {
        throw new ValueError(`${mapper}.${path}: $null expects true or false, got ${kindOf(operand)}.`);
      }
      return operand ? allNull() : not(allNull());
    });
    return parts.length === 1 ? (parts[0] as Expression) : and(...parts);
  }

  private filterList(key: string, value: unknown, mapper: string, path: string): readonly unknown[] {
    if (!Array.isArray(value))
      throw QueryError.invalid(mapper, path, `${key} expects an array of filters, got ${describeValue(value)}.`);
    if (value.length > MAX_FILTER_LIST) {
      throw QueryError.invalid(
        mapper,
        path,
        `${key} holds ${value.length} filters, more than ${MAX_FILTER_LIST}.\n  For many values of one property, use $in; else split the query.`,
      );
    }
    return value;
  }
}

/** The mapped property `name` of `meta`, or a QueryError listing the ones there are. */
export function propertyOf(meta: EntityMetadata, name: string, path: string): PropertyMetadata {
  const property = meta.properties.find((p) => p.name === name);
  if (property) return property;
  if (name.startsWith('$')) {
    throw QueryError.unknownOperator(meta.name, path, name, ['$and', '$or', '$not']);
  }
  throw QueryError.unknownProperty(
    meta.name,
    path,
    meta.properties.map((p) => p.name),
  );
}

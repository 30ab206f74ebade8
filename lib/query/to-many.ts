/**
 * Conditions on a to-many relation, as correlated EXISTS subqueries (never joins, which would
 * repeat the parent row once per child): `$some` is EXISTS, `$none` NOT EXISTS, and `$every`
 * is "no related row for which the filter is not true".
 */
import type { ColumnMetadata, RelationMetadata } from '../mapping/index.js';
import {
  and,
  caseWhen,
  column,
  compare,
  type Expression,
  eq,
  exists,
  type JoinClause,
  notExists,
  param,
  select,
  table,
} from '../sql/index.js';
import { describeValue } from '../types/index.js';
import type { FilterCompiler } from './filter-compiler.js';
import { columnOf, JoinScope, owningSideOf, type TableRef } from './join-scope.js';
import { QueryError } from './query-error.js';
import { isPlainObject } from './value-conditions.js';

const QUANTIFIERS: ReadonlySet<string> = new Set(['$some', '$every', '$none']);

/** `{ tracks: { $some: … } }`, `{ tracks: { $every: … } }`, `{ tracks: { $none: … } }`; a bare filter is `$some`. */
export function compileToMany(
  compiler: FilterCompiler,
  scope: JoinScope,
  ref: TableRef,
  relation: RelationMetadata,
  value: unknown,
  path: string,
): Expression {
  const mapper = ref.meta.name;
  if (!isPlainObject(value)) {
    throw QueryError.invalid(
      mapper,
      path,
      `a to-many relation takes $some, $every or $none, got ${describeValue(value)}.`,
    );
  }
  const keys = Object.keys(value);
  const quantified = keys.filter((k) => QUANTIFIERS.has(k));
  if (quantified.length === 0) return subquery(compiler, scope, ref, relation, value, path, 'some');
  if (quantified.length !== keys.length) {
    throw QueryError.invalid(
      mapper,
      path,
      'mixes $some/$every/$none with other keys; put the filter inside one of them.',
    );
  }
  const parts = quantified.map((k) =>
    subquery(compiler, scope, ref, relation, value[k], path, k.slice(1) as 'some' | 'every' | 'none'),
  );
  return parts.length === 1 ? (parts[0] as Expression) : and(...parts);
}

function subquery(
  compiler: FilterCompiler,
  outer: JoinScope,
  ref: TableRef,
  relation: RelationMetadata,
  filter: unknown,
  path: string,
  quantifier: 'some' | 'every' | 'none',
): Expression {
  const { scope, from, correlation } = relatedRows(outer, ref, relation);
  const isEmpty = isPlainObject(filter) && Object.keys(filter).length === 0;
  const condition = isEmpty ? undefined : compiler.filter(scope, scope.root, filter, path);
  if (quantifier === 'every') {
    if (!condition) return and();
    // NOT EXISTS a row where the filter is not true: a NULL comparison counts as not matching.
    const failing = compare(caseWhen([{ when: condition, result: param(1) }], param(0)), '=', param(0));
    return notExists(select({ from, joins: scope.joins, where: and(correlation, failing) }));
  }
  const query = select({ from, joins: scope.joins, where: condition ? and(correlation, condition) : correlation });
  return quantifier === 'some' ? exists(query) : notExists(query);
}

/**
 * The subquery's scope over the related rows, its FROM, and the condition tying them to the
 * outer row. A one-to-many reads the target's FK; a many-to-many reads the pivot, joined to the
 * target.
 */
function relatedRows(outer: JoinScope, ref: TableRef, relation: RelationMetadata) {
  const target = relation.target;
  const key = (i: number, meta = ref.meta) => meta.primaryKey[i] as ColumnMetadata;
  if (relation.kind === 'one-to-many') {
    const owning = owningSideOf(relation);
    if (!owning) throw QueryError.invalid(ref.meta.name, relation.name, 'has no owning side to correlate through.');
    const scope = new JoinScope(target, outer.aliases);
    const correlation = and(
      ...owning.joinColumns.map((fk, i) =>
        eq(columnOf(scope.root, fk), columnOf(ref, owning.referencedColumns[i] as ColumnMetadata)),
      ),
    );
    return { scope, from: table(target.table, scope.root.alias), correlation };
  }
  const pivot = relation.pivot;
  if (!pivot) throw QueryError.invalid(ref.meta.name, relation.name, 'is a many-to-many without a pivot table.');
  // The pivot is declared by the owning side; from the inverse side its two column lists swap roles.
  const [mine, theirs] = relation.isOwner
    ? [pivot.joinColumns, pivot.inverseJoinColumns]
    : [pivot.inverseJoinColumns, pivot.joinColumns];
  const pivotAlias = outer.aliases.take();
  const targetAlias = outer.aliases.take();
  const pivotColumn = (name: string, like: ColumnMetadata) => column(name, { table: pivotAlias, type: like.type });
  const join: JoinClause = Object.freeze({
    type: 'inner',
    table: table(target.table, targetAlias),
    on: and(
      ...theirs.map((name, i) =>
        eq(columnOf({ alias: targetAlias }, key(i, target)), pivotColumn(name, key(i, target))),
      ),
    ),
  });
  const scope = new JoinScope(target, outer.aliases, targetAlias, [join]);
  const correlation = and(...mine.map((name, i) => eq(pivotColumn(name, key(i)), columnOf(ref, key(i)))));
  return { scope, from: table(pivot.table, pivotAlias), correlation };
}

/**
 * A builder's state → one SELECT. Rows select the `select` callback's outputs; entities select
 * the root's columns, grouped by them when a to-many join or a GROUP BY could repeat a root row.
 */
import { and, column, type Expression, type OrderInput, select, table } from '../../sql/index.js';
import { discriminatorCondition } from '../discriminator.js';
import { FilterCompiler } from '../filter-compiler.js';
import { columnOf, JoinScope } from '../join-scope.js';
import { QueryError } from '../query-error.js';
import { valueCheck } from '../value-conditions.js';
import { BuilderScope, type ScopeTable } from './builder-scope.js';
import type { AnyTree, BuilderState, CompiledBuilder, Selection } from './builder-state.js';
import { withStatementAliases } from './compilation.js';
import { refTree } from './ref-tree.js';
import { Predicate, Expr, type Ordering } from './typed-expression.js';

export type CompileMode = 'rows' | 'entities';

export function compileBuilder(state: BuilderState, mode: CompileMode, withOrder = true): CompiledBuilder {
  return withStatementAliases((aliases) => {
    const { meta } = state;
    const filterCompiler = new FilterCompiler(state.runner.types);
    const { restrictions } = state.runner;
    // A joined class's global filters, on its alias; their own relation paths would need joins inside an ON.
    const restrict =
      restrictions &&
      ((target: ScopeTable): Expression | undefined => {
        const conditions = restrictions(target.meta);
        if (!conditions) return undefined;
        const own = new JoinScope(target.meta, aliases, target.alias);
        const condition = filterCompiler.filter(own, own.root, { $and: conditions }, '');
        if (own.joins.length > 0) {
          throw QueryError.invalid(
            target.meta.name,
            'filters',
            'a global filter whose condition follows a relation cannot restrict a join of the query builder; disable it for this query and write the condition in where().',
          );
        }
        return condition;
      });
    const scope = new BuilderScope(meta, aliases, valueCheck(state.runner.types), restrict);
    for (const j of state.joins) scope.join(j.path, j.type);
    const root: AnyTree = refTree(scope, scope.root);
    // Filters join their to-one paths in a scope of their own (LEFT, as em.find does), on the same root alias.
    const filterScope = new JoinScope(meta, aliases, scope.root.alias);
    const where: Expression[] = state.filters.map((f) => filterCompiler.filter(filterScope, filterScope.root, f, ''));
    where.push(...state.conditions.map((c) => conditionOf(c(root), meta.name, 'where')));
    const discriminator = discriminatorCondition(meta, (c) => columnOf(scope.root, c));
    if (discriminator) where.push(discriminator);

    const outputs = mode === 'rows' ? selection(state, root) : [];
    const out: Selection = Object.fromEntries(
      outputs.map(([name, e]) => [name, new Expr(column(name), e.read, e.source, e.type, e.bind)]),
    );
    const groupBy = (state.groupBy?.(root, out) ?? []).map((e) => exprOf(e, meta.name, 'groupBy').expression);
    const having = state.having.map((h) => conditionOf(h(root), meta.name, 'having'));
    const rootColumns = meta.columns.map((c) => columnOf(scope.root, c));
    if (mode === 'entities' && (groupBy.length > 0 || scope.hasToManyJoin)) {
      // One row per root entity: its columns join the grouping (they are functionally dependent on its key).
      groupBy.push(...rootColumns.filter((c) => !groupBy.some((g) => sameColumn(g, c))));
    }
    const orderBy: OrderInput[] = !withOrder
      ? []
      : state.orderBy
        ? state.orderBy(root, out).map((o) => orderingOf(o, meta.name))
        : mode === 'entities'
          ? meta.primaryKey.map((c) => ({ expression: columnOf(scope.root, c) }))
          : [];
    const node = select({
      distinct: state.distinct,
      columns: mode === 'rows' ? outputs.map(([alias, e]) => ({ expression: e.expression, alias })) : rootColumns,
      from: table(meta.table, scope.root.alias),
      joins: [...scope.joins, ...filterScope.joins],
      ...(where.length === 0 ? {} : { where: where.length === 1 ? where[0] : and(...where) }),
      groupBy,
      ...(having.length === 0 ? {} : { having: having.length === 1 ? having[0] : and(...having) }),
      orderBy,
      ...(state.limit === undefined ? {} : { limit: state.limit }),
      ...(state.offset === undefined ? {} : { offset: state.offset }),
    });
    return { node, outputs };
  });
}

function selection(state: BuilderState, root: AnyTree): [string, Expr<unknown>][] {
  if (!state.select) {
    throw new QueryError(
      `The query on ${state.meta.name} selects nothing: call .select((r) => ({ … })) before getRows(), or use getEntities().`,
      '',
    );
  }
  const outputs = Object.entries(state.select(root)).map(([name, e]): [string, Expr<unknown>] => [
    name,
    exprOf(e, state.meta.name, `select.${name}`),
  ]);
  if (outputs.length === 0) throw QueryError.invalid(state.meta.name, 'select', 'selects no value.');
  return outputs;
}

function exprOf(value: unknown, mapper: string, at: string): Expr<unknown> {
  if (value instanceof Expr) return value;
  throw QueryError.invalid(
    mapper,
    at,
    'expects a column reference or an aggregate (a relation or an embeddable is selected column by column).',
  );
}

function conditionOf(value: unknown, mapper: string, at: string): Expression {
  if (value instanceof Predicate) return value.expression;
  throw QueryError.invalid(mapper, at, "expects a condition, like i.total.gt('1.00') or sum(i.total).gt('100').");
}

function orderingOf(value: Ordering | Expr<unknown>, mapper: string): OrderInput {
  if (value instanceof Expr) return { expression: value.expression };
  if (value !== null && typeof value === 'object' && (value.direction === 'asc' || value.direction === 'desc')) {
    return { expression: value.expression, direction: value.direction };
  }
  throw QueryError.invalid(mapper, 'orderBy', 'expects asc(…), desc(…) or an expression.');
}

function sameColumn(a: Expression, b: Expression): boolean {
  return a.kind === 'column' && b.kind === 'column' && a.table === b.table && a.name === b.name;
}

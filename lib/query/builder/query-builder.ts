/**
 * `QueryBuilder<T, S>`: what filters cannot say — joins, GROUP BY / HAVING, aggregates and
 * subqueries — typed from the entity class `T` and the selection `S`. Every value is a bound
 * parameter and every name a quoted identifier of the SQL AST; nothing is concatenated into SQL.
 */
import type { CompileError } from '../../errors/index.js';
import type { EntityMetadata } from '../../mapping/index.js';
import type { SelectNode } from '../../sql/index.js';
import type { CompiledQuery } from '../../sql/index.js';
import { sql } from '../../sql/index.js';
import type { Filter } from '../filter.js';
import type { Loaded } from '../loaded.js';
import type { AnyTree, BuilderState, CompiledBuilder, Selection } from './builder-state.js';
import { compileBuilder } from './compile-builder.js';
import type { JoinPathCheck } from './join-path.js';
import type { QueryRunner } from './query-runner.js';
import type { RefTree } from './ref-tree.js';
import { QueryError } from '../query-error.js';
import type { Predicate, Expr, Ordering, RowOf } from './typed-expression.js';

declare const selected: unique symbol;

/** A builder used as a subquery (`inSubquery`, `existsIn`, `scalar`). */
export interface Subquery<S> {
  /** Phantom: the selection's type. */
  readonly [selected]?: S;
  /** @internal the SELECT, compiled in the statement that embeds it. */
  compileSubquery(): CompiledBuilder;
}

/**
 * @example
 * const rows = await em.createQueryBuilder(Invoice)
 *   .where({ total: op({ $gt: '1.00' }) })
 *   .select((i) => ({ country: i.billing.country, revenue: sum(i.total), n: count() }))
 *   .groupBy((i) => [i.billing.country])
 *   .having((i) => sum(i.total).gt('100'))
 *   .orderBy((_, out) => [desc(out.revenue)])
 *   .limit(5)
 *   .getRows(); // { country: string | null; revenue: string | null; n: number }[]
 */
export class QueryBuilder<T, S = Record<never, never>> implements Subquery<S> {
  declare readonly [selected]?: S;

  /** @internal use `em.createQueryBuilder(cls)` */
  constructor(private readonly state: BuilderState) {}

  /** INNER JOINs a relation path (to-one or to-many); its columns are then reachable in callbacks. */
  join<P extends string>(path: JoinPathCheck<T, P>): QueryBuilder<T, S> {
    return this.with({ joins: [...this.state.joins, { path, type: 'inner' }] });
  }

  /** LEFT JOINs a relation path: root rows without a related row stay, with NULL columns. */
  leftJoin<P extends string>(path: JoinPathCheck<T, P>): QueryBuilder<T, S> {
    return this.with({ joins: [...this.state.joins, { path, type: 'left' }] });
  }

  /** Narrows the rows with the root's typed filter (as `em.find`), or a condition on references. Calls add up (AND). */
  where(
    filter:
      | Filter<T>
      | ((
          root: RefTree<T>,
        ) => Predicate | CompileError<"where takes a condition: compare a value, like i.name.eq('x') or allOf(…)">),
  ): QueryBuilder<T, S> {
    if (typeof filter === 'function') {
      return this.with({ conditions: [...this.state.conditions, filter as (root: AnyTree) => Predicate] });
    }
    return this.with({ filters: [...this.state.filters, filter] });
  }

  /** The output values of `getRows()`, by name (names are quoted identifiers). */
  select<S2 extends Selection>(fn: (root: RefTree<T>) => S2): QueryBuilder<T, S2> {
    return new QueryBuilder<T, S2>({ ...this.state, select: fn as (root: AnyTree) => Selection });
  }

  /** GROUP BY references and expressions, or selected outputs (`out`, grouped by their output name). */
  groupBy(fn: (root: RefTree<T>, out: S) => readonly Expr<unknown>[]): QueryBuilder<T, S> {
    return this.with({ groupBy: fn as (root: AnyTree, out: Selection) => readonly Expr<unknown>[] });
  }

  /** A condition on the groups (aggregates); calls add up (AND). */
  having(
    fn: (
      root: RefTree<T>,
    ) => Predicate | CompileError<"having takes a condition: compare the aggregate, like sum(i.total).gt('100')">,
  ): QueryBuilder<T, S> {
    return this.with({ having: [...this.state.having, fn as (root: AnyTree) => Predicate] });
  }

  /** The order: references, aggregates, or the selected outputs (`out`); `asc` unless `desc(…)`. */
  orderBy(fn: (root: RefTree<T>, out: S) => readonly (Ordering | Expr<unknown>)[]): QueryBuilder<T, S> {
    return this.with({ orderBy: fn as (root: AnyTree, out: Selection) => readonly (Ordering | Expr<unknown>)[] });
  }

  limit(count: number): QueryBuilder<T, S> {
    return this.with({ limit: count });
  }

  offset(count: number): QueryBuilder<T, S> {
    return this.with({ offset: count });
  }

  /** `SELECT DISTINCT` of the selected outputs. */
  distinct(): QueryBuilder<T, S> {
    return this.with({ distinct: true });
  }

  /** The SELECT `getRows()` runs (with a `select`), else the one `getEntities()` runs. */
  toNode(): SelectNode {
    return compileBuilder(this.state, this.state.select ? 'rows' : 'entities').node;
  }

  /** The SQL and parameters of `toNode()` on this EntityManager's dialect, without running it. */
  toSql(): CompiledQuery {
    const { sql, params } = this.state.runner.compile(this.toNode());
    return { sql, params };
  }

  /** The selected rows, each value converted to its property's JS type. */
  async getRows(): Promise<RowOf<S>[]> {
    const { node, outputs } = compileBuilder(this.state, 'rows');
    const { types } = this.state.runner;
    const rows = await this.state.runner.query(node);
    return rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (const [name, e] of outputs) out[name] = e.read(row[name] ?? null, types);
      return out as RowOf<S>;
    });
  }

  /**
   * The root entities the query matches, once each, managed through the identity map. Joins
   * filter, they do not populate: the relations are typed unloaded (`em.populate` loads them).
   */
  async getEntities(): Promise<Loaded<T>[]> {
    if (this.state.select) {
      throw new QueryError(
        `getEntities() returns ${this.state.meta.className} entities; select() shapes getRows(). Remove it or call getRows().`,
        'select',
      );
    }
    const { node } = compileBuilder(this.state, 'entities');
    const rows = await this.state.runner.query(node);
    return rows.map((row) => this.state.runner.entity(this.state.meta, row) as Loaded<T>);
  }

  /** How many rows `getRows()` (with a select) or entities `getEntities()` would return. */
  async getCount(): Promise<number> {
    const { node } = compileBuilder(this.state, this.state.select ? 'rows' : 'entities', false);
    const [row] = await this.state.runner.query(
      sql`SELECT COUNT(*) AS ${sql.id('n')} FROM (${node}) AS ${sql.id('q')}`,
    );
    return Number(row?.n ?? 0);
  }

  /** @internal An order matters in a subquery only with a limit or an offset; elsewhere it is dropped. */
  compileSubquery(): CompiledBuilder {
    const ordered = this.state.limit !== undefined || this.state.offset !== undefined;
    return compileBuilder(this.state, this.state.select ? 'rows' : 'entities', ordered);
  }

  private with(changes: Partial<BuilderState>): QueryBuilder<T, S> {
    return new QueryBuilder<T, S>({ ...this.state, ...changes });
  }
}

/** A builder over `meta`'s entities, run by `runner` (the EntityManager's `createQueryBuilder` makes one). */
export function createQueryBuilder<T>(meta: EntityMetadata, runner: QueryRunner): QueryBuilder<T> {
  return new QueryBuilder<T>({ meta, runner, joins: [], filters: [], conditions: [], having: [], distinct: false });
}

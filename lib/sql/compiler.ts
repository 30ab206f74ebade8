/**
 * The base SQL compiler: standard SQL for every node, with hooks (here and in
 * ExpressionCompiler) that each dialect overrides for what it does differently.
 */
import { SqlNodeError, type TabulaError, UnsupportedError } from '../errors/index.js';
import { type BatchSource, batchSource } from './batch-source.js';
import { CompileContext, type CompiledQuery } from './compiled-query.js';
import { ExpressionCompiler } from './expression-compiler.js';
import type { BatchUpdateNode } from './nodes/batch-update-node.js';
import type { ColumnSpec } from './nodes/column-spec.js';
import { isExpression } from './nodes/expression.js';
import { isParamNode } from './nodes/param-node.js';
import type { DeleteNode } from './nodes/delete-node.js';
import type { InNode } from './nodes/in-node.js';
import type { InsertNode, OnConflict } from './nodes/insert-node.js';
import type { LockClause, OrderItem, SelectItem, SelectNode } from './nodes/select-node.js';
import { validateRowCount } from './nodes/select-node.js';
import type { AnyNode, NodeKind, NodeOfKind, SqlNode } from './nodes/sql-node.js';
import type { UpdateNode } from './nodes/update-node.js';
import type { ValueRows } from './nodes/value-rows.js';

/** One compile function per node kind; a new kind fails `tsc` here until it is handled. */
type Visitors = { readonly [K in NodeKind]: (node: NodeOfKind<K>, ctx: CompileContext) => string };

/** The statements that may carry RETURNING, for capability checks and messages. */
export type ReturningStatement = 'INSERT' | 'UPDATE' | 'DELETE';

/**
 * Compiles nodes into SQL text and parameters. Dialects extend it (lib/dialects/<name>/compiler.ts)
 * and keep its constructor `(types: DialectTypes, capabilities: DialectCapabilities)`.
 *
 * @example new PostgresCompiler(postgresTypes, capabilities).compile(select({ from: 'books' }))
 *   // { sql: 'SELECT * FROM "books"', params: [] }
 */
export class SqlCompiler extends ExpressionCompiler {
  private readonly visitors: Visitors = {
    select: (n, c) => this.compileSelect(n, c),
    insert: (n, c) => this.compileInsert(n, c),
    update: (n, c) => this.compileUpdate(n, c),
    'batch-update': (n, c) => this.compileBatchUpdate(n, c),
    delete: (n, c) => this.compileDelete(n, c),
    raw: (n, c) => this.compileRaw(n, c),
    column: (n) => this.compileColumn(n),
    param: (n, c) => this.compileParam(n, c),
    null: () => 'NULL',
    default: () => this.compileDefault(),
    comparison: (n, c) => this.compileComparison(n, c),
    and: (n, c) => this.compileAnd(n, c),
    or: (n, c) => this.compileOr(n, c),
    not: (n, c) => this.compileNot(n, c),
    in: (n, c) => this.compileIn(n, c),
    'null-check': (n, c) => this.compileNullCheck(n, c),
    like: (n, c) => this.compileLike(n, c),
    exists: (n, c) => this.compileExists(n, c),
    arithmetic: (n, c) => this.compileArithmetic(n, c),
    case: (n, c) => this.compileCase(n, c),
    function: (n, c) => this.compileFunction(n, c),
    row: (n, c) => this.compileRow(n, c),
    identifier: (n) => this.compileIdentifier(n),
    table: (n) => this.compileTable(n),
  };

  /** Compiles a statement or raw fragment into SQL text and its converted parameters. */
  compile(node: SqlNode): CompiledQuery {
    const ctx = new CompileContext();
    const sql = this.visit(node, ctx);
    const returnsRows = returnsRowsOf(node);
    return returnsRows === undefined ? { sql, params: ctx.params } : { sql, params: ctx.params, returnsRows };
  }

  protected visit(node: AnyNode, ctx: CompileContext): string {
    const compileNode = this.visitors[node.kind] as ((n: AnyNode, c: CompileContext) => string) | undefined;
    // A hand-built object with an unknown kind gets here only by skipping the factories.
    if (!compileNode)
      throw new SqlNodeError(
        `Cannot compile a node of kind ${JSON.stringify(node.kind)}.\n` +
          "  Build nodes with Tabula's factories (select, insert, eq, …) or the sql`…` tag, not by hand.",
      );
    // Sound: visitors[k] accepts exactly the node whose kind is k, and node.kind is that k.
    return compileNode(node, ctx);
  }

  // ---- statement hooks -----------------------------------------------------------------------

  /** One output column of SELECT or RETURNING. */
  protected compileOutputColumn(item: SelectItem, ctx: CompileContext): string {
    const text = this.visit(item.expression, ctx);
    return item.alias === undefined ? text : `${text} AS ${this.quote(item.alias)}`;
  }

  protected compileOrderItem(item: OrderItem, ctx: CompileContext): string {
    const text = `${this.visit(item.expression, ctx)} ${item.direction === 'asc' ? 'ASC' : 'DESC'}`;
    return item.nulls === undefined ? text : `${text} NULLS ${item.nulls === 'first' ? 'FIRST' : 'LAST'}`;
  }

  /** LIMIT / OFFSET, inlined (validated integers); '' when neither is set. */
  protected compileLimitOffset(limit: number | undefined, offset: number | undefined): string {
    const parts: string[] = [];
    if (limit !== undefined) parts.push(`LIMIT ${validateRowCount(limit, 'limit')}`);
    if (offset !== undefined) parts.push(`OFFSET ${validateRowCount(offset, 'offset')}`);
    return parts.join(' ');
  }

  protected compileLock(lock: LockClause): string {
    if (!this.capabilities.supportsRowLocks) throw this.unsupported(`row locks (FOR ${lock.strength.toUpperCase()})`);
    const text = lock.strength === 'update' ? 'FOR UPDATE' : this.shareLock();
    if (lock.wait === 'nowait') {
      if (!this.capabilities.supportsNowait) throw this.unsupported('NOWAIT');
      return `${text} NOWAIT`;
    }
    if (lock.wait === 'skip-locked') {
      if (!this.capabilities.supportsSkipLocked) throw this.unsupported('SKIP LOCKED');
      return `${text} SKIP LOCKED`;
    }
    return text;
  }

  protected shareLock(): string {
    return 'FOR SHARE';
  }

  /** `INSERT INTO t DEFAULT VALUES`, for a row of defaults only. */
  protected defaultValuesInsert(table: string): string {
    return `INSERT INTO ${this.quote(table)} DEFAULT VALUES`;
  }

  /** What follows `INSERT INTO t (columns)`: a VALUES list. */
  protected compileInsertSource(node: InsertNode, ctx: CompileContext): string {
    return `VALUES ${this.compileRowList(node.rows, ctx)}`;
  }

  /** `(?, ?), (?, ?)`: every row of a multi-row write, cell by cell. */
  protected compileRowList(rows: ValueRows, ctx: CompileContext): string {
    const width = rows.specs.length;
    const positional = this.placeholder(1);
    if (rows.isAllPlain && positional === this.placeholder(2)) {
      // Plain values and `?` placeholders: every row reads the same, so the text is one row
      // repeated and the values are converted in one pass (a flush's 10,000-row INSERT).
      for (let r = 0; r < rows.count; r++) {
        for (let c = 0; c < width; c++) ctx.add(this.convertCell(rows.specs[c] as ColumnSpec, rows.cell(r, c)));
      }
      const row = `(${new Array<string>(width).fill(positional).join(', ')})`;
      return new Array<string>(rows.count).fill(row).join(', ');
    }
    const parts = new Array<string>(rows.count);
    for (let r = 0; r < rows.count; r++) {
      let text = '(';
      for (let c = 0; c < width; c++) text += (c === 0 ? '' : ', ') + this.compileCell(rows, r, c, ctx);
      parts[r] = `${text})`;
    }
    return parts.join(', ');
  }

  /** `(?, ?, ?)` for one column, `((?, ?), (?, ?))` (the dialect's row value list) for a row value. */
  protected compileInRows(node: InNode, rows: ValueRows, ctx: CompileContext): string {
    if (node.left.kind === 'row') return this.rowValueList([this.compileRowList(rows, ctx)]);
    const positional = this.placeholder(1);
    if (rows.isAllPlain && positional === this.placeholder(2)) {
      const spec = rows.specs[0] as ColumnSpec;
      for (let r = 0; r < rows.count; r++) ctx.add(this.convertCell(spec, rows.cell(r, 0)));
      return `(${new Array<string>(rows.count).fill(positional).join(', ')})`;
    }
    const cells = new Array<string>(rows.count);
    for (let r = 0; r < rows.count; r++) cells[r] = this.compileCell(rows, r, 0, ctx);
    return `(${cells.join(', ')})`;
  }

  /** One cell: a plain value bound with its column's type and name, or an expression node compiled. */
  protected compileCell(rows: ValueRows, row: number, column: number, ctx: CompileContext): string {
    const value = rows.cell(row, column);
    if (isExpression(value)) return this.visit(value, ctx);
    return this.bind(this.convertCell(rows.specs[column] as ColumnSpec, value), ctx);
  }

  /**
   * Column `column` of every row as driver values, to bind as one array. The caller checked
   * `rows.isAllValues`: each cell is a plain value or a parameter node.
   */
  protected columnValues(rows: ValueRows, column: number): unknown[] {
    const spec = rows.specs[column] as ColumnSpec;
    const out = new Array<unknown>(rows.count);
    for (let r = 0; r < rows.count; r++) {
      const value = rows.cell(r, column);
      out[r] = isParamNode(value) ? this.convertParam(value) : this.convertCell(spec, value);
    }
    return out;
  }

  private convertCell(spec: ColumnSpec, value: unknown): unknown {
    return spec.type === undefined
      ? this.types.toDriverUntyped(value)
      : this.types.toDriver(spec.type, value, spec.name);
  }

  /** `ON CONFLICT (…) DO NOTHING | DO UPDATE SET c = EXCLUDED.c`. */
  protected compileUpsert(conflict: OnConflict): string {
    const target = `ON CONFLICT (${conflict.columns.map((c) => this.quote(c)).join(', ')})`;
    if (conflict.action === 'nothing') return `${target} DO NOTHING`;
    const set = conflict.action.update.map((c) => `${this.quote(c)} = EXCLUDED.${this.quote(c)}`);
    return `${target} DO UPDATE SET ${set.join(', ')}`;
  }

  /** `RETURNING …`, after checking the server has it for this statement. */
  protected compileReturning(items: readonly SelectItem[], statement: ReturningStatement, ctx: CompileContext): string {
    if (items.length === 0) return '';
    const capable = {
      INSERT: this.capabilities.hasReturning,
      UPDATE: this.capabilities.hasUpdateReturning,
      DELETE: this.capabilities.hasDeleteReturning,
    }[statement];
    if (!capable) throw this.unsupported(`${statement} … RETURNING`, 'Read the rows back with a SELECT instead.');
    return `RETURNING ${items.map((i) => this.compileOutputColumn(i, ctx)).join(', ')}`;
  }

  // ---- statements ----------------------------------------------------------------------------

  protected compileSelect(node: SelectNode, ctx: CompileContext): string {
    const columns = node.columns.length === 0 ? '*' : node.columns.map((i) => this.compileOutputColumn(i, ctx));
    const parts = [
      node.distinct ? 'SELECT DISTINCT' : 'SELECT',
      typeof columns === 'string' ? columns : columns.join(', '),
    ];
    if (node.from) parts.push(`FROM ${this.compileTable(node.from)}`);
    for (const j of node.joins) {
      parts.push(
        `${j.type === 'inner' ? 'INNER JOIN' : 'LEFT JOIN'} ${this.compileTable(j.table)} ON ${this.visit(j.on, ctx)}`,
      );
    }
    if (node.where) parts.push(`WHERE ${this.visit(node.where, ctx)}`);
    if (node.groupBy.length > 0) parts.push(`GROUP BY ${node.groupBy.map((g) => this.visit(g, ctx)).join(', ')}`);
    if (node.having) parts.push(`HAVING ${this.visit(node.having, ctx)}`);
    if (node.orderBy.length > 0) {
      parts.push(`ORDER BY ${node.orderBy.map((o) => this.compileOrderItem(o, ctx)).join(', ')}`);
    }
    parts.push(this.compileLimitOffset(node.limit, node.offset));
    if (node.lock) parts.push(this.compileLock(node.lock));
    return joinClauses(parts);
  }

  protected compileInsert(node: InsertNode, ctx: CompileContext): string {
    const parts =
      node.columns.length === 0
        ? [this.defaultValuesInsert(node.table)]
        : [
            `INSERT INTO ${this.quote(node.table)} (${node.columns.map((c) => this.quote(c.name)).join(', ')})`,
            this.compileInsertSource(node, ctx),
          ];
    if (node.onConflict) parts.push(this.compileUpsert(node.onConflict));
    parts.push(this.compileReturning(node.returning, 'INSERT', ctx));
    return joinClauses(parts);
  }

  protected compileUpdate(node: UpdateNode, ctx: CompileContext): string {
    const set = node.set.map((a) => `${this.quote(a.column)} = ${this.visit(a.value, ctx)}`);
    const parts = [`UPDATE ${this.quote(node.table)} SET ${set.join(', ')}`];
    if (node.where) parts.push(`WHERE ${this.visit(node.where, ctx)}`);
    parts.push(this.compileReturning(node.returning, 'UPDATE', ctx));
    return joinClauses(parts);
  }

  protected compileDelete(node: DeleteNode, ctx: CompileContext): string {
    const parts = [`DELETE FROM ${this.quote(node.table)}`];
    if (node.where) parts.push(`WHERE ${this.visit(node.where, ctx)}`);
    parts.push(this.compileReturning(node.returning, 'DELETE', ctx));
    return joinClauses(parts);
  }

  /**
   * `UPDATE t SET a = v.a FROM <rows> AS v WHERE t.k = v.k [AND t.ver = v.ver_match]`: all rows
   * as one derived table joined by key, so the work grows with the rows (one CASE arm per row per
   * column grew with their square). A row whose key or match values differ is not joined, so the
   * affected-row count is the number of rows that matched. Dialects spell the rows in
   * `batchRowSource`; when it cannot, the CASE form is used.
   */
  protected compileBatchUpdate(node: BatchUpdateNode, ctx: CompileContext): string {
    const source = batchSource(node);
    const from = this.batchRowSource(source, ctx);
    if (from === undefined) return this.compileBatchUpdateCase(node, ctx);
    const { assignments, conditions } = this.batchJoin(node, source);
    const set = assignments.map(([column, value]) => `${this.quote(column)} = ${value}`);
    return `UPDATE ${this.quote(node.table)} SET ${set.join(', ')} FROM ${from} WHERE ${conditions.join(' AND ')}`;
  }

  /**
   * The rows as a derived table with its alias and column names, or undefined to use the CASE
   * form. Standard SQL: `(VALUES (?, ?), …) AS "v"("id", "a")`.
   */
  protected batchRowSource(source: BatchSource, ctx: CompileContext): string | undefined {
    const names = source.names.map((n) => this.quote(n)).join(', ');
    return `(VALUES ${this.compileRowList(source.rows, ctx)}) AS ${this.quote(source.alias)}(${names})`;
  }

  /** What the derived table joins on (`t.k = v.k`, match columns too) and what it assigns. */
  protected batchJoin(
    node: BatchUpdateNode,
    source: BatchSource,
  ): { assignments: [string, string][]; conditions: string[] } {
    const table = this.quote(node.table);
    const at = (i: number) => `${this.quote(source.alias)}.${this.quote(source.names[i] as string)}`;
    const matchAt = node.keys.length + node.columns.length;
    return {
      assignments: node.columns.map((c, i): [string, string] => [c.name, at(node.keys.length + i)]),
      conditions: [
        ...node.keys.map((k, i) => `${table}.${this.quote(k.name)} = ${at(i)}`),
        ...node.match.map((m, i) => `${table}.${this.quote(m.name)} = ${at(matchAt + i)}`),
      ],
    };
  }

  /**
   * `UPDATE t SET c = CASE WHEN <key> THEN ? … ELSE c END, … WHERE (keys, match) IN (…)`, for
   * dialects or servers without a usable derived-table form. Its size grows with rows × columns.
   * The `ELSE c` never fires for a matched row; it is there so no path can write NULL, and on
   * PostgreSQL it gives untyped parameters the column's type.
   */
  protected compileBatchUpdateCase(node: BatchUpdateNode, ctx: CompileContext): string {
    const { rows, keys } = node;
    const at = (r: number, c: number) => this.compileCell(rows, r, c, ctx);
    const rowIndexes = Array.from({ length: rows.count }, (_, r) => r);
    const set = node.columns.map((column, ci) => {
      const arms = rowIndexes.map((r) => {
        const key = keys.map((k, ki) => `${this.quote(k.name)} = ${at(r, ki)}`);
        return `WHEN ${key.join(' AND ')} THEN ${at(r, keys.length + ci)}`;
      });
      return `${this.quote(column.name)} = CASE ${arms.join(' ')} ELSE ${this.quote(column.name)} END`;
    });
    const matched = [...keys, ...node.match].map((c) => this.quote(c.name));
    const matchAt = keys.length + node.columns.length;
    const tuples = rowIndexes.map((r) => [
      ...keys.map((_, ki) => at(r, ki)),
      ...node.match.map((_, mi) => at(r, matchAt + mi)),
    ]);
    const where =
      matched.length === 1
        ? `${matched[0]} IN (${tuples.map((t) => t[0]).join(', ')})`
        : `(${matched.join(', ')}) IN ${this.rowValueList(tuples.map((t) => `(${t.join(', ')})`))}`;
    return `UPDATE ${this.quote(node.table)} SET ${set.join(', ')} WHERE ${where}`;
  }

  /** The error for something this dialect or server version cannot do. */
  protected unsupported(what: string, fix = ''): TabulaError {
    const version = this.capabilities.serverVersion ? ` ${this.capabilities.serverVersion}` : '';
    return new UnsupportedError(`${this.dialectLabel}${version} does not support ${what}.${fix ? `\n  ${fix}` : ''}`);
  }
}

function joinClauses(parts: readonly string[]): string {
  return parts.filter((p) => p !== '').join(' ');
}

/** Whether a statement returns rows, where its node tells; raw SQL is left to the driver. */
function returnsRowsOf(node: SqlNode): boolean | undefined {
  switch (node.kind) {
    case 'select':
      return true;
    case 'insert':
    case 'update':
    case 'delete':
      return node.returning.length > 0;
    case 'batch-update':
      return false;
    default:
      return undefined;
  }
}

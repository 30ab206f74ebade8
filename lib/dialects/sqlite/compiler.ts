/**
 * SQLite: `?` placeholders, RETURNING (3.35+), ON CONFLICT upserts; no row locks and no DEFAULT
 * value keyword. INTEGER comes back from the sqlite3 driver as a JS double, so bigint columns are
 * read as text.
 */
import type { BatchSource } from '../../sql/index.js';
import type { CompileContext } from '../../sql/index.js';
import { SqlCompiler } from '../../sql/index.js';
import type { ComparisonNode, Expression, LockClause, OrderItem, SelectItem } from '../../sql/index.js';
import { versionAtLeast } from '../opened.js';

export class SqliteCompiler extends SqlCompiler {
  protected override get dialectLabel(): string {
    return 'SQLite';
  }

  /** SQLite has no OFFSET without LIMIT; a negative limit means "no limit". */
  protected override compileLimitOffset(limit: number | undefined, offset: number | undefined): string {
    if (limit !== undefined || offset === undefined) return super.compileLimitOffset(limit, offset);
    return `LIMIT -1 ${super.compileLimitOffset(undefined, offset)}`;
  }

  /**
   * A write transaction locks the whole database, so FOR UPDATE / FOR SHARE have nothing to add
   * and compile to nothing. NOWAIT and SKIP LOCKED promise behaviour SQLite cannot give.
   */
  protected override compileLock(lock: LockClause): string {
    if (lock.wait === 'nowait') throw this.unsupported('NOWAIT', 'Use a busy timeout instead.');
    if (lock.wait === 'skip-locked') throw this.unsupported('SKIP LOCKED');
    return '';
  }

  /** Keeps the 64-bit value exact: the driver would round INTEGER above 2^53 to a double. */
  protected override compileOutputColumn(item: SelectItem, ctx: CompileContext): string {
    const e = item.expression;
    if (e.kind !== 'column' || e.type?.kind !== 'bigint') return super.compileOutputColumn(item, ctx);
    return `CAST(${this.visit(e, ctx)} AS TEXT) AS ${this.quote(item.alias ?? e.name)}`;
  }

  /**
   * Decimals are canonical TEXT here (exact), so `=` and `<>` compare them exactly as text, but an
   * ordering compared as text puts '3.00' after '20.00': `<`, `>` … compare them as REAL (exact to
   * about 15 significant digits; an index on the column is not used for the range).
   */
  protected override compileComparison(node: ComparisonNode, ctx: CompileContext): string {
    if (node.operator === '=' || node.operator === '<>' || !(isDecimal(node.left) || isDecimal(node.right))) {
      return super.compileComparison(node, ctx);
    }
    return `${this.asReal(node.left, ctx)} ${node.operator} ${this.asReal(node.right, ctx)}`;
  }

  /** A decimal column sorts by value, not as text (see compileComparison). */
  protected override compileOrderItem(item: OrderItem, ctx: CompileContext): string {
    if (!isDecimal(item.expression)) return super.compileOrderItem(item, ctx);
    const text = `${this.asReal(item.expression, ctx)} ${item.direction === 'asc' ? 'ASC' : 'DESC'}`;
    return item.nulls === undefined ? text : `${text} NULLS ${item.nulls === 'first' ? 'FIRST' : 'LAST'}`;
  }

  private asReal(expression: Expression, ctx: CompileContext): string {
    return `CAST(${this.visit(expression, ctx)} AS REAL)`;
  }

  /** SQLite's LOWER folds ASCII letters only (without the ICU extension). */
  protected override caseInsensitiveLike(left: string, pattern: string): string {
    return `LOWER(${left}) LIKE LOWER(${pattern})`;
  }

  protected override compileDefault(): string {
    throw this.unsupported('DEFAULT as a value', 'Leave the column out of the INSERT so its default applies.');
  }

  /** SQLite accepts a row value IN only against a subquery, so the list becomes a VALUES table. */
  protected override rowValueList(rows: readonly string[]): string {
    return `(VALUES ${rows.join(', ')})`;
  }

  /**
   * SQLite names VALUES columns column1…; a SELECT renames them. Measured on 8,000 rows, this is
   * about twice as fast as the same VALUES in a `WITH v(…)` CTE. UPDATE … FROM needs 3.33.
   */
  protected override batchRowSource(source: BatchSource, ctx: CompileContext): string | undefined {
    if (!versionAtLeast(this.capabilities.serverVersion, '3.33')) return undefined;
    const names = source.names.map((n, i) => `column${i + 1} AS ${this.quote(n)}`);
    const rows = this.compileRowList(source.rows, ctx);
    return `(SELECT ${names.join(', ')} FROM (VALUES ${rows})) AS ${this.quote(source.alias)}`;
  }
}

function isDecimal(expression: Expression): boolean {
  return (expression.kind === 'column' || expression.kind === 'param') && expression.type?.kind === 'decimal';
}

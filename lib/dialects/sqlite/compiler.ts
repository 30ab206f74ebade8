/**
 * SQLite: `?` placeholders, RETURNING (3.35+), ON CONFLICT upserts; no row locks and no DEFAULT
 * value keyword. INTEGER comes back from the sqlite3 driver as a JS double, so bigint columns are
 * read as text.
 */
import type { BatchSource } from '../../sql/index.js';
import type { CompileContext } from '../../sql/index.js';
import { Level, SqlCompiler } from '../../sql/index.js';
import type {
  ComparisonNode,
  DatePart,
  Expression,
  FunctionNode,
  InNode,
  LockClause,
  OrderItem,
  SelectItem,
} from '../../sql/index.js';
import { versionAtLeast } from '../opened.js';
import { canonicalDatetime, isDatetime, prefixBounds } from './datetime-text.js';

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
    if (isDatetime(node.left) || isDatetime(node.right)) return this.compareDatetimes(node, ctx);
    if (node.operator === '=' || node.operator === '<>' || !(isDecimal(node.left) || isDecimal(node.right))) {
      return super.compileComparison(node, ctx);
    }
    return `${this.asReal(node.left, ctx)} ${node.operator} ${this.asReal(node.right, ctx)}`;
  }

  /**
   * Datetime text in any format SQLite knows compares as the instant it means (datetime-text.ts):
   * `col >= '2020-12-31' AND col < '2021-01-03' AND strftime(…, col) = ?` keeps an index usable.
   */
  private compareDatetimes(node: ComparisonNode, ctx: CompileContext): string {
    // Placeholders are positional: each part is compiled in the order it appears in the text.
    const bounds = node.left.kind === 'column' ? prefixBounds(node.operator, node.right) : undefined;
    const parts: string[] = [];
    if (bounds) {
      const column = this.visit(node.left, ctx);
      if (bounds.from !== undefined) parts.push(`${column} >= ${this.bind(bounds.from, ctx)}`);
      if (bounds.before !== undefined) parts.push(`${column} < ${this.bind(bounds.before, ctx)}`);
    }
    parts.push(`${this.datetimeOperand(node.left, ctx)} ${node.operator} ${this.datetimeOperand(node.right, ctx)}`);
    return parts.length === 1 ? (parts[0] as string) : `(${parts.join(' AND ')})`;
  }

  /** A datetime column as canonical text; a bound Date is canonical already. */
  private datetimeOperand(expression: Expression, ctx: CompileContext): string {
    if (expression.kind === 'column' && isDatetime(expression)) return canonicalDatetime(this.visit(expression, ctx));
    return this.operand(expression, Level.Arithmetic, ctx);
  }

  /** A datetime column's IN list compares instants, as its comparisons do. */
  protected override compileIn(node: InNode, ctx: CompileContext): string {
    const { left, values } = node;
    if (!(left.kind === 'column' && isDatetime(left)) || !Array.isArray(values) || values.length === 0) {
      return super.compileIn(node, ctx);
    }
    const items = (values as readonly Expression[]).map((v) => this.visit(v, ctx));
    return `${canonicalDatetime(this.visit(left, ctx))} ${node.negated ? 'NOT IN' : 'IN'} (${items.join(', ')})`;
  }

  /** A decimal column sorts by value, not as text (see compileComparison); a datetime by instant. */
  protected override compileOrderItem(item: OrderItem, ctx: CompileContext): string {
    const e = item.expression;
    const datetime = e.kind === 'column' && isDatetime(e);
    if (!datetime && !isDecimal(e)) return super.compileOrderItem(item, ctx);
    const value = datetime ? canonicalDatetime(this.visit(e, ctx)) : this.asReal(e, ctx);
    const text = `${value} ${item.direction === 'asc' ? 'ASC' : 'DESC'}`;
    return item.nulls === undefined ? text : `${text} NULLS ${item.nulls === 'first' ? 'FIRST' : 'LAST'}`;
  }

  /** MIN and MAX of a datetime column pick the earliest and latest instant, not the smallest text. */
  protected override compileFunction(node: FunctionNode, ctx: CompileContext): string {
    const arg = node.args === '*' ? undefined : node.args[0];
    if ((node.name === 'min' || node.name === 'max') && arg?.kind === 'column' && isDatetime(arg)) {
      return `${node.name.toUpperCase()}(${canonicalDatetime(this.visit(arg, ctx))})`;
    }
    return super.compileFunction(node, ctx);
  }

  private asReal(expression: Expression, ctx: CompileContext): string {
    return `CAST(${this.visit(expression, ctx)} AS REAL)`;
  }

  /** `strftime` reads every datetime text format SQLite knows, and answers UTC for Tabula's. */
  protected override datePart(part: DatePart, value: string): string {
    return `CAST(strftime('${STRFTIME_PARTS[part]}', ${value}) AS INTEGER)`;
  }

  /** Tabula's canonical datetime text, so it compares with stored values (datetime-text.ts). */
  protected override currentTimestamp(): string {
    return canonicalDatetime("'now'");
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

const STRFTIME_PARTS: Readonly<Record<DatePart, string>> = { year: '%Y', month: '%m', day: '%d', hour: '%H' };

function isDecimal(expression: Expression): boolean {
  return (expression.kind === 'column' || expression.kind === 'param') && expression.type?.kind === 'decimal';
}

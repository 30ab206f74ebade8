/**
 * MySQL / MariaDB: `?` placeholders, backtick quoting, ON DUPLICATE KEY UPDATE, LOCK IN SHARE
 * MODE, RETURNING only where the server has it. The driver runs with NO_BACKSLASH_ESCAPES, so
 * `ESCAPE '\'` is one backslash as elsewhere.
 */
import { type BatchSource, batchSource } from '../../sql/index.js';
import type { CompileContext } from '../../sql/index.js';
import { SqlCompiler } from '../../sql/index.js';
import { quoteIdentifier } from '../../sql/index.js';
import type {
  BatchUpdateNode,
  DatePart,
  Expression,
  FunctionName,
  OnConflict,
  OrderItem,
  SelectItem,
} from '../../sql/index.js';

/** The largest LIMIT MySQL takes: its documented way to say "no limit" before an OFFSET. */
const NO_LIMIT = '18446744073709551615';

export class MysqlCompiler extends SqlCompiler {
  protected override get dialectLabel(): string {
    return 'MySQL/MariaDB';
  }

  protected override quote(name: string): string {
    return quoteIdentifier(name, '`');
  }

  protected override compileLimitOffset(limit: number | undefined, offset: number | undefined): string {
    if (limit !== undefined || offset === undefined) return super.compileLimitOffset(limit, offset);
    return `LIMIT ${NO_LIMIT} ${super.compileLimitOffset(undefined, offset)}`;
  }

  protected override shareLock(): string {
    return 'LOCK IN SHARE MODE';
  }

  /**
   * MySQL has no NULLS FIRST / LAST and sorts NULLs first ascending, last descending; the other
   * orders sort on `x IS NULL` first.
   */
  protected override compileOrderItem(item: OrderItem, ctx: CompileContext): string {
    const { nulls, direction } = item;
    const plain = { expression: item.expression, direction };
    if (nulls === undefined || (nulls === 'first') === (direction === 'asc')) {
      return super.compileOrderItem(plain, ctx);
    }
    const isNull = `${this.visit(item.expression, ctx)} IS NULL ${nulls === 'first' ? 'DESC' : 'ASC'}`;
    return `${isNull}, ${super.compileOrderItem(plain, ctx)}`;
  }

  protected override caseInsensitiveLike(left: string, pattern: string): string {
    return `LOWER(${left}) LIKE LOWER(${pattern})`;
  }

  /** MySQL's LENGTH counts bytes; CHAR_LENGTH counts characters as elsewhere. */
  protected override functionName(name: FunctionName): string {
    return name === 'length' ? 'CHAR_LENGTH' : super.functionName(name);
  }

  protected override datePart(part: DatePart, value: string): string {
    return `${part === 'day' ? 'DAYOFMONTH' : part.toUpperCase()}(${value})`;
  }

  /** NULL when a part is NULL, like `||` elsewhere (MySQL's `||` is OR). */
  protected override concatenation(parts: readonly string[]): string {
    return `CONCAT(${parts.join(', ')})`;
  }

  /** DATETIME(3) columns hold UTC: the current instant in the same terms, with milliseconds. */
  protected override currentTimestamp(): string {
    return 'UTC_TIMESTAMP(3)';
  }

  protected override integerDivision(): string {
    return 'DIV';
  }

  /**
   * A bound decimal arrives as a string, which MySQL's arithmetic turns into a DOUBLE: cast it to
   * DECIMAL so decimal arithmetic stays exact.
   */
  protected override arithmeticOperand(expression: Expression, ctx: CompileContext): string {
    const text = super.arithmeticOperand(expression, ctx);
    if (expression.kind !== 'param' || expression.type?.kind !== 'decimal') return text;
    return `CAST(${text} AS DECIMAL(65, ${expression.type.scale ?? 0}))`;
  }

  protected override defaultValuesInsert(table: string): string {
    return `INSERT INTO ${this.quote(table)} () VALUES ()`;
  }

  /**
   * ON DUPLICATE KEY UPDATE fires on any unique key (there is no conflict target). DO NOTHING is a
   * no-op assignment rather than INSERT IGNORE, which would also swallow other errors.
   */
  protected override compileUpsert(conflict: OnConflict): string {
    if (conflict.action === 'nothing') {
      const c = this.quote(conflict.columns[0] as string);
      return `ON DUPLICATE KEY UPDATE ${c} = ${c}`;
    }
    const set = conflict.action.update.map((c) => `${this.quote(c)} = VALUES(${this.quote(c)})`);
    return `ON DUPLICATE KEY UPDATE ${set.join(', ')}`;
  }

  /**
   * MariaDB's text protocol prints FLOAT with 6 significant digits; as DOUBLE it prints the exact
   * 32-bit value, which lib/types rounds back to its shortest decimal.
   */
  protected override compileOutputColumn(item: SelectItem, ctx: CompileContext): string {
    const e = item.expression;
    if (e.kind !== 'column' || e.type?.kind !== 'float') return super.compileOutputColumn(item, ctx);
    return `CAST(${this.visit(e, ctx)} AS DOUBLE) AS ${this.quote(item.alias ?? e.name)}`;
  }

  /**
   * `UPDATE t JOIN (<rows>) AS v ON t.k = v.k SET t.a = v.a`: MySQL has no UPDATE … FROM. The
   * driver sets CLIENT_FOUND_ROWS, so the affected-row count is the rows matched, changed or not.
   */
  protected override compileBatchUpdate(node: BatchUpdateNode, ctx: CompileContext): string {
    const source = batchSource(node);
    const from = this.batchRowSource(source, ctx);
    const { assignments, conditions } = this.batchJoin(node, source);
    const table = this.quote(node.table);
    const set = assignments.map(([column, value]) => `${table}.${this.quote(column)} = ${value}`);
    return `UPDATE ${table} JOIN ${from} ON ${conditions.join(' AND ')} SET ${set.join(', ')}`;
  }

  /**
   * `(SELECT ? AS a, ? AS b UNION ALL SELECT ?, ? …) AS v`: MariaDB has no VALUES ROW(), and its
   * VALUES names columns after the first row's values.
   */
  protected override batchRowSource(source: BatchSource, ctx: CompileContext): string {
    const { rows } = source;
    const selects = new Array<string>(rows.count);
    for (let r = 0; r < rows.count; r++) {
      const values = rows.specs.map((_, c) => {
        const text = this.compileCell(rows, r, c, ctx);
        return r === 0 ? `${text} AS ${this.quote(source.names[c] as string)}` : text;
      });
      selects[r] = `SELECT ${values.join(', ')}`;
    }
    return `(${selects.join(' UNION ALL ')}) AS ${this.quote(source.alias)}`;
  }
}

/**
 * PostgreSQL: `$n` placeholders, RETURNING everywhere, ON CONFLICT upserts, FOR UPDATE / FOR SHARE
 * with NOWAIT / SKIP LOCKED, ILIKE. Multi-row writes and key lists whose columns are all typed
 * bind one array per column (`unnest`, `= ANY`), so the statement text and its bind count do not
 * depend on the row count, and no list is deep enough to exhaust the server's parser stack.
 */
import type { BatchSource } from '../../sql/index.js';
import type { CompileContext } from '../../sql/index.js';
import { SqlCompiler } from '../../sql/index.js';
import { type ColumnSpec, type Expression, type InNode, type InsertNode, ValueRows } from '../../sql/index.js';
import { arrayKeyList, MIN_ARRAY_VALUES } from './compiler-key-list.js';

export class PostgresCompiler extends SqlCompiler {
  protected override get dialectLabel(): string {
    return 'PostgreSQL';
  }

  protected override placeholder(index: number): string {
    return `$${index}`;
  }

  /**
   * A parameter's type is inferred from the other operand: `integer_column * $1` would refuse 1.5.
   * A decimal or float parameter says what it is (numeric unbounded, double precision).
   */
  protected override arithmeticOperand(expression: Expression, ctx: CompileContext): string {
    const text = super.arithmeticOperand(expression, ctx);
    if (expression.kind !== 'param' || expression.type === undefined) return text;
    const cast = ARITHMETIC_CASTS[expression.type.kind];
    return cast === undefined ? text : `CAST(${text} AS ${cast})`;
  }

  /** `SELECT * FROM unnest($1::int4[], $2::text[])` for two rows or more, else VALUES. */
  protected override compileInsertSource(node: InsertNode, ctx: CompileContext): string {
    if (node.rows.count < 2 || !bindsAsArrays(node.rows)) return super.compileInsertSource(node, ctx);
    return `SELECT * FROM ${this.unnest(node.rows, ctx)}`;
  }

  /**
   * `unnest(…) AS v(id, a)` for `UPDATE t SET a = v.a FROM … WHERE t.id = v.id`. Undefined (the
   * CASE form) when a column has no type: a VALUES list would type its parameters as text.
   */
  protected override batchRowSource(source: BatchSource, ctx: CompileContext): string | undefined {
    if (!bindsAsArrays(source.rows)) return undefined;
    const names = source.names.map((n) => this.quote(n)).join(', ');
    return `${this.unnest(source.rows, ctx)} AS ${this.quote(source.alias)}(${names})`;
  }

  /**
   * A typed key list of two values or more binds one array: `k = ANY($1::int[])`, or for row
   * values `(k, v) IN (SELECT * FROM unnest($1::int[], $2::int[]))`. A literal list of 10,000
   * row values exhausts PostgreSQL's stack ("stack depth limit exceeded").
   */
  protected override compileIn(node: InNode, ctx: CompileContext): string {
    const columns = this.keyColumns(node);
    if (columns === undefined) return super.compileIn(node, ctx);
    const left = this.visit(node.left, ctx);
    const arrays = columns.map((c) => this.typedArray(c.type, c.values, ctx));
    if (arrays.length === 1) return node.negated ? `${left} <> ALL(${arrays[0]})` : `${left} = ANY(${arrays[0]})`;
    return `${left} ${node.negated ? 'NOT IN' : 'IN'} (SELECT * FROM unnest(${arrays.join(', ')}))`;
  }

  /** The converted values of each key column, when the list binds as arrays (rows held flat or parameters). */
  private keyColumns(node: InNode): { type: NonNullable<ColumnSpec['type']>; values: unknown[] }[] | undefined {
    const rows = node.values;
    if (rows instanceof ValueRows) {
      if (rows.count < MIN_ARRAY_VALUES || !bindsAsArrays(rows)) return undefined;
      // bindsAsArrays checked that every spec has a type.
      return rows.specs.map((spec, i) => ({
        type: spec.type as NonNullable<ColumnSpec['type']>,
        values: this.columnValues(rows, i),
      }));
    }
    return arrayKeyList(node)?.map((c) => ({ type: c.type, values: c.values.map((v) => this.convertParam(v)) }));
  }

  /** `unnest($1::type[], …)`: one array parameter per column, element type from `types.sqlType`. */
  private unnest(rows: ValueRows, ctx: CompileContext): string {
    // bindsAsArrays checked that every spec has a type and every value is a plain value or a parameter.
    const arrays = rows.specs.map((spec, i) =>
      this.typedArray(spec.type as NonNullable<ColumnSpec['type']>, this.columnValues(rows, i), ctx),
    );
    return `unnest(${arrays.join(', ')})`;
  }

  /** `$n::type[]`, binding the converted values as one array. */
  private typedArray(
    type: NonNullable<ColumnSpec['type']>,
    converted: readonly unknown[],
    ctx: CompileContext,
  ): string {
    return `${this.bind(converted, ctx)}::${this.types.sqlType(type)}[]`;
  }
}

// Integers need no cast: the other operand's integer type is what they are.
const ARITHMETIC_CASTS: Readonly<Partial<Record<string, string>>> = {
  decimal: 'numeric',
  float: 'double precision',
  double: 'double precision',
};

/** Arrays need an element type for every column and plain values (no DEFAULT, no expressions). */
function bindsAsArrays(rows: ValueRows): boolean {
  return rows.specs.every((s) => s.type !== undefined) && rows.isAllValues;
}

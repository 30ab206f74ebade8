/**
 * The expression half of the base compiler: one short method per expression node kind, plus the
 * hooks dialects override for what differs inside expressions. Statements live in compiler.ts.
 */
import type { DialectTypes } from '../types/index.js';
import type { DialectCapabilities } from './capabilities.js';
import type { CompileContext } from './compiled-query.js';
import { quoteIdentifier } from './identifier.js';
import type { ArithmeticNode } from './nodes/arithmetic-node.js';
import type { CaseNode } from './nodes/case-node.js';
import type { ColumnNode } from './nodes/column-node.js';
import type { ComparisonNode } from './nodes/comparison-node.js';
import type { ExistsNode } from './nodes/exists-node.js';
import type { Expression } from './nodes/expression.js';
import { type DatePart, type FunctionName, type FunctionNode, isDatePart } from './nodes/function-node.js';
import type { IdentifierNode } from './nodes/identifier-node.js';
import type { InNode } from './nodes/in-node.js';
import type { LikeNode } from './nodes/like-node.js';
import type { AndNode, NotNode, OrNode } from './nodes/logical-node.js';
import type { NullCheckNode } from './nodes/null-check-node.js';
import type { ParamNode } from './nodes/param-node.js';
import type { RawNode } from './nodes/raw-node.js';
import type { RowNode } from './nodes/row-node.js';
import type { SelectNode } from './nodes/select-node.js';
import type { AnyNode } from './nodes/sql-node.js';
import type { TableNode } from './nodes/table-node.js';
import { ValueRows } from './nodes/value-rows.js';
import { SqlNodeError } from '../errors/index.js';

/**
 * How tightly an expression binds. An operand is parenthesised when it binds more loosely than its
 * position allows, so `a AND (b OR c)` keeps its meaning and `a = 1 AND b = 2` stays unadorned.
 */
export const Level = {
  Atom: 0,
  Arithmetic: 1,
  Predicate: 2,
  Not: 3,
  And: 4,
  Or: 5,
  /** Raw text: its precedence is unknown, so it is always parenthesised as an operand. */
  Unknown: 6,
} as const;

export type Level = (typeof Level)[keyof typeof Level];

const LEVELS: Readonly<Record<Expression['kind'], Level>> = {
  column: Level.Atom,
  param: Level.Atom,
  null: Level.Atom,
  default: Level.Atom,
  function: Level.Atom,
  row: Level.Atom,
  case: Level.Atom,
  exists: Level.Atom,
  arithmetic: Level.Arithmetic,
  comparison: Level.Predicate,
  like: Level.Predicate,
  in: Level.Predicate,
  'null-check': Level.Predicate,
  not: Level.Not,
  and: Level.And,
  or: Level.Or,
  raw: Level.Unknown,
};

/** True and false as predicates every dialect accepts (SQLite and MySQL have no boolean type). */
export const TRUE_PREDICATE = '1 = 1';
export const FALSE_PREDICATE = '1 = 0';

export abstract class ExpressionCompiler {
  constructor(
    protected readonly types: DialectTypes,
    protected readonly capabilities: DialectCapabilities,
  ) {}

  /** Compiles any node; the dispatch table lives in SqlCompiler. */
  protected abstract visit(node: AnyNode, ctx: CompileContext): string;

  /** The parenthesised right-hand side of `left IN …` for rows held flat (the statement compiler binds them). */
  protected abstract compileInRows(node: InNode, rows: ValueRows, ctx: CompileContext): string;

  /** The dialect's name in error messages. */
  protected get dialectLabel(): string {
    return 'This dialect';
  }

  // ---- hooks -------------------------------------------------------------------------------

  /** Quotes a validated identifier (standard double quotes). */
  protected quote(name: string): string {
    return quoteIdentifier(name, '"');
  }

  /** The placeholder for the parameter at 1-based `index`. */
  protected placeholder(_index: number): string {
    return '?';
  }

  /** `left ILIKE pattern`, already compiled. */
  protected caseInsensitiveLike(left: string, pattern: string): string {
    return `${left} ILIKE ${pattern}`;
  }

  /** The SQL name of a whitelisted function. */
  protected functionName(name: FunctionName): string {
    return name.toUpperCase();
  }

  /** The DEFAULT keyword as a value. */
  protected compileDefault(): string {
    return 'DEFAULT';
  }

  /** The right-hand side of `(a, b) IN …` for a list of compiled row values. */
  protected rowValueList(rows: readonly string[]): string {
    return `(${rows.join(', ')})`;
  }

  // ---- expressions ---------------------------------------------------------------------------

  protected compileColumn(node: ColumnNode): string {
    return node.table === undefined ? this.quote(node.name) : `${this.quote(node.table)}.${this.quote(node.name)}`;
  }

  protected compileParam(node: ParamNode, ctx: CompileContext): string {
    return this.bind(this.convertParam(node), ctx);
  }

  /** Adds an already converted value and returns its placeholder. */
  protected bind(value: unknown, ctx: CompileContext): string {
    return this.placeholder(ctx.add(value));
  }

  /** Converts a parameter's value for the driver: through its column type when it has one. */
  protected convertParam(node: ParamNode): unknown {
    return node.type === undefined
      ? this.types.toDriverUntyped(node.value)
      : this.types.toDriver(node.type, node.value, node.column);
  }

  protected compileComparison(node: ComparisonNode, ctx: CompileContext): string {
    const left = this.operand(node.left, Level.Arithmetic, ctx);
    return `${left} ${node.operator} ${this.operand(node.right, Level.Arithmetic, ctx)}`;
  }

  protected compileAnd(node: AndNode, ctx: CompileContext): string {
    if (node.operands.length === 0) return TRUE_PREDICATE;
    return node.operands.map((o) => this.operand(o, o.kind === 'and' ? Level.And : Level.Not, ctx)).join(' AND ');
  }

  protected compileOr(node: OrNode, ctx: CompileContext): string {
    if (node.operands.length === 0) return FALSE_PREDICATE;
    return node.operands.map((o) => this.operand(o, o.kind === 'or' ? Level.Or : Level.Not, ctx)).join(' OR ');
  }

  protected compileNot(node: NotNode, ctx: CompileContext): string {
    return `NOT (${this.visit(node.operand, ctx)})`;
  }

  protected compileIn(node: InNode, ctx: CompileContext): string {
    const { values } = node;
    if (isList(values) && values.length === 0) return node.negated ? TRUE_PREDICATE : FALSE_PREDICATE;
    if (values instanceof ValueRows && values.count === 0) return node.negated ? TRUE_PREDICATE : FALSE_PREDICATE;
    const left = this.operand(node.left, Level.Arithmetic, ctx);
    const operator = node.negated ? 'NOT IN' : 'IN';
    if (values instanceof ValueRows) return `${left} ${operator} ${this.compileInRows(node, values, ctx)}`;
    if (!isList(values)) return `${left} ${operator} (${this.visit(values, ctx)})`;
    const items = values.map((v) => this.visit(v, ctx));
    const list = node.left.kind === 'row' ? this.rowValueList(items) : `(${items.join(', ')})`;
    return `${left} ${operator} ${list}`;
  }

  protected compileNullCheck(node: NullCheckNode, ctx: CompileContext): string {
    return `${this.operand(node.operand, Level.Arithmetic, ctx)} ${node.negated ? 'IS NOT NULL' : 'IS NULL'}`;
  }

  protected compileLike(node: LikeNode, ctx: CompileContext): string {
    const left = this.operand(node.left, Level.Arithmetic, ctx);
    const pattern = this.operand(node.pattern, Level.Arithmetic, ctx);
    const test = node.caseInsensitive ? this.caseInsensitiveLike(left, pattern) : `${left} LIKE ${pattern}`;
    // The escape character was checked by the factory: one character, never a quote.
    const text = `${test} ESCAPE '${node.escape}'`;
    return node.negated ? `NOT (${text})` : text;
  }

  protected compileExists(node: ExistsNode, ctx: CompileContext): string {
    return `${node.negated ? 'NOT EXISTS' : 'EXISTS'} (${this.visit(node.query, ctx)})`;
  }

  protected compileArithmetic(node: ArithmeticNode, ctx: CompileContext): string {
    const left = this.arithmeticOperand(node.left, ctx);
    const operator = node.operator === 'div' ? this.integerDivision() : node.operator;
    return `${left} ${operator} ${this.arithmeticOperand(node.right, ctx)}`;
  }

  /** An operand of `+ - * /`; dialects cast typed parameters whose type the server would guess wrong. */
  protected arithmeticOperand(expression: Expression, ctx: CompileContext): string {
    return this.operand(expression, Level.Atom, ctx);
  }

  /** Integer division truncated toward zero: `/` of two integers on PostgreSQL and SQLite. */
  protected integerDivision(): string {
    return '/';
  }

  /** A date part of a datetime, in UTC, as an integer (the session time zone is UTC). */
  protected datePart(part: DatePart, value: string): string {
    return `CAST(EXTRACT(${part.toUpperCase()} FROM ${value}) AS INTEGER)`;
  }

  /** Text concatenation, NULL when a part is NULL. */
  protected concatenation(parts: readonly string[]): string {
    return `(${parts.join(' || ')})`;
  }

  /** The current instant. */
  protected currentTimestamp(): string {
    return 'CURRENT_TIMESTAMP';
  }

  protected compileCase(node: CaseNode, ctx: CompileContext): string {
    const whens = node.whens.map((w) => `WHEN ${this.visit(w.when, ctx)} THEN ${this.visit(w.result, ctx)}`);
    const otherwise = node.otherwise === undefined ? '' : ` ELSE ${this.visit(node.otherwise, ctx)}`;
    return `CASE ${whens.join(' ')}${otherwise} END`;
  }

  protected compileFunction(node: FunctionNode, ctx: CompileContext): string {
    if (node.args === '*') return `${this.functionName(node.name)}(*)`;
    const { name } = node;
    if (name === 'now') return this.currentTimestamp();
    if (name === 'substring') return this.compileSubstring(node.args, ctx);
    const args = node.args.map((a) => this.visit(a, ctx));
    if (isDatePart(name)) return this.datePart(name, args[0] as string);
    if (name === 'concat') return this.concatenation(args);
    return `${this.functionName(name)}(${args.join(', ')})`;
  }

  /**
   * `SUBSTR(text, start, length)`, with start and length inlined: the same call in SELECT and
   * GROUP BY must compile to the same text for PostgreSQL to see one expression.
   */
  private compileSubstring(args: readonly Expression[], ctx: CompileContext): string {
    const [text, ...bounds] = args as [Expression, ...Expression[]];
    const inlined = bounds.map((b) => {
      const value = b.kind === 'param' ? b.value : undefined;
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        throw new SqlNodeError('substring takes whole numbers as its start and length.');
      }
      return String(value);
    });
    return `SUBSTR(${[this.visit(text, ctx), ...inlined].join(', ')})`;
  }

  protected compileRow(node: RowNode, ctx: CompileContext): string {
    return `(${node.items.map((i) => this.visit(i, ctx)).join(', ')})`;
  }

  protected compileRaw(node: RawNode, ctx: CompileContext): string {
    let text = node.strings[0] ?? '';
    node.values.forEach((value, i) => {
      text += this.visit(value, ctx) + (node.strings[i + 1] ?? '');
    });
    return text;
  }

  protected compileIdentifier(node: IdentifierNode): string {
    return node.names.map((n) => this.quote(n)).join('.');
  }

  protected compileTable(node: TableNode): string {
    return node.alias === undefined ? this.quote(node.name) : `${this.quote(node.name)} AS ${this.quote(node.alias)}`;
  }

  /** Compiles an operand, in parentheses when it binds more loosely than `allowed`. */
  protected operand(expression: Expression, allowed: Level, ctx: CompileContext): string {
    const text = this.visit(expression, ctx);
    return LEVELS[expression.kind] > allowed ? `(${text})` : text;
  }
}

function isList(values: readonly Expression[] | SelectNode | ValueRows): values is readonly Expression[] {
  return Array.isArray(values);
}

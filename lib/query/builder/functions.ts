/**
 * Scalar functions of the query builder, typed by their arguments: text functions take text, date
 * parts take datetimes (a `tsc` error otherwise), `coalesce` and `caseWhen` read like their values.
 * Each compiles per dialect (lib/sql/expression-compiler.ts and the dialects' overrides): date parts
 * are `strftime` on SQLite, `EXTRACT` on PostgreSQL, `YEAR()`… on MySQL, all in UTC, as integers.
 */
import type { CompileError } from '../../errors/index.js';
import { caseWhen as caseNode, type DatePart, type Expression, fn, param } from '../../sql/index.js';
import type { ColumnType, TypeName } from '../../types/index.js';
import { QueryError } from '../query-error.js';
import { Expr, type NameOf, type Predicate, type ValueOf, type ValueReader } from './typed-expression.js';

type NullOf<V> = null extends V ? null : never;

/** An expression of text: itself, or the sentence naming the property. */
export type TextArgument<E, Fn extends string> =
  E extends Expr<infer V>
    ? [V] extends [string | null]
      ? E
      : CompileError<`${Fn}(${NameOf<E>}): ${NameOf<E>} is ${TypeName<NonNullable<V>>}, and ${Fn} takes text`> & E
    : CompileError<`${Fn} takes a text column or expression: pass one of its text columns`> & E;

/** An expression of datetimes: itself, or the sentence naming the property. */
export type DateArgument<E, Fn extends string> =
  E extends Expr<infer V>
    ? [V] extends [Date | null]
      ? E
      : CompileError<`${Fn}(${NameOf<E>}): ${NameOf<E>} is ${TypeName<NonNullable<V>>}, and ${Fn} takes a datetime (a Date)`> &
          E
    : CompileError<`${Fn} takes a datetime column or expression`> & E;

const TEXT_KINDS: ReadonlySet<string> = new Set(['string', 'text', 'uuid', 'enum']);
const asNumber: ValueReader = (raw) => (raw === null || raw === undefined ? null : Number(raw));
const asText: ValueReader = (raw) => (raw === null || raw === undefined ? null : String(raw));
const textType: ColumnType = { kind: 'text' };

function requireKind(e: Expr<unknown>, name: string, ok: (kind: string) => boolean, needs: string): void {
  if (!(e instanceof Expr)) throw new QueryError(`${name} takes an expression (a column, a function, …).`, name);
  const kind = e.type?.kind;
  if (kind !== undefined && !ok(kind)) {
    throw QueryError.invalid(e.source.mapper, e.source.path, `${name} takes ${needs}; this one is ${kind}.`);
  }
}

function textFunction(name: 'lower' | 'upper', e: Expr<unknown>): Expr<unknown> {
  requireKind(e, name, (k) => TEXT_KINDS.has(k), 'text');
  return new Expr(fn(name, e.expression), asText, e.source, textType);
}

/** `LOWER(e)` (SQLite folds ASCII letters only). */
export function lower<E>(e: TextArgument<E, 'lower'>): Expr<string | NullOf<ValueOf<E>>>;
export function lower(e: Expr<unknown>): Expr<unknown> {
  return textFunction('lower', e);
}

/** `UPPER(e)` (SQLite folds ASCII letters only). */
export function upper<E>(e: TextArgument<E, 'upper'>): Expr<string | NullOf<ValueOf<E>>>;
export function upper(e: Expr<unknown>): Expr<unknown> {
  return textFunction('upper', e);
}

/** The length in characters (MySQL's CHAR_LENGTH), as a number. */
export function length<E>(e: TextArgument<E, 'length'>): Expr<number | NullOf<ValueOf<E>>>;
export function length(e: Expr<unknown>): Expr<unknown> {
  requireKind(e, 'length', (k) => TEXT_KINDS.has(k), 'text');
  return new Expr(fn('length', e.expression), asNumber, e.source, undefined, numberBind);
}

/** A part of `concat`: a text expression or a string. */
export type ConcatPart<P> = P extends string ? P : TextArgument<P, 'concat'>;

/** Text parts joined; NULL when a part is NULL, on every dialect. @example concat(c.firstName, ' ', c.lastName) */
export function concat<P extends readonly unknown[]>(
  ...parts: { [K in keyof P]: ConcatPart<P[K]> }
): Expr<string | NullOf<ValueOf<Extract<P[number], Expr<unknown>>>>>;
export function concat(...parts: unknown[]): Expr<unknown> {
  const first = parts.find((p): p is Expr<unknown> => p instanceof Expr);
  if (!first) throw new QueryError('concat needs at least one expression; join plain strings in JavaScript.', 'concat');
  const nodes = parts.map((p) => {
    if (typeof p === 'string') return param(p, { type: textType });
    requireKind(p as Expr<unknown>, 'concat', (k) => TEXT_KINDS.has(k), 'text');
    return (p as Expr<unknown>).expression;
  });
  return new Expr(fn('concat', ...nodes), asText, first.source, textType);
}

/** `SUBSTR(e, start[, length])`, 1-based; `start` and `length` are whole numbers (inlined in the SQL). */
export function substring<E>(
  e: TextArgument<E, 'substring'>,
  start: number,
  length?: number,
): Expr<string | NullOf<ValueOf<E>>>;
export function substring(e: Expr<unknown>, start: number, length?: number): Expr<unknown> {
  requireKind(e, 'substring', (k) => TEXT_KINDS.has(k), 'text');
  const bounds = length === undefined ? [start] : [start, length];
  for (const b of bounds) {
    if (!Number.isSafeInteger(b)) {
      throw QueryError.invalid(e.source.mapper, e.source.path, 'substring takes whole numbers as start and length.');
    }
  }
  return new Expr(fn('substring', e.expression, ...bounds.map((b) => param(b))), asText, e.source, textType);
}

function datePart(part: DatePart, e: Expr<unknown>): Expr<unknown> {
  requireKind(e, part, (k) => k === 'datetime', 'a datetime');
  return new Expr(fn(part, e.expression), asNumber, e.source, undefined, numberBind);
}

/** The UTC year of a datetime, a number: `strftime('%Y')` / `EXTRACT(YEAR …)` / `YEAR()`. */
export function year<E>(e: DateArgument<E, 'year'>): Expr<number | NullOf<ValueOf<E>>>;
export function year(e: Expr<unknown>): Expr<unknown> {
  return datePart('year', e);
}

/** The UTC month of a datetime, 1–12. */
export function month<E>(e: DateArgument<E, 'month'>): Expr<number | NullOf<ValueOf<E>>>;
export function month(e: Expr<unknown>): Expr<unknown> {
  return datePart('month', e);
}

/** The UTC day of the month of a datetime, 1–31. */
export function day<E>(e: DateArgument<E, 'day'>): Expr<number | NullOf<ValueOf<E>>>;
export function day(e: Expr<unknown>): Expr<unknown> {
  return datePart('day', e);
}

/** The UTC hour of a datetime, 0–23. */
export function hour<E>(e: DateArgument<E, 'hour'>): Expr<number | NullOf<ValueOf<E>>>;
export function hour(e: Expr<unknown>): Expr<unknown> {
  return datePart('hour', e);
}

const datetimeType: ColumnType = { kind: 'datetime' };

/** The current instant (UTC; PostgreSQL: the transaction's start), comparable with datetime columns. */
export function now(): Expr<Date> {
  return new Expr<Date>(
    fn('now'),
    (raw, types) => (raw === null || raw === undefined ? null : types.fromDriver(datetimeType, raw)),
    { mapper: '', path: 'now()' },
    datetimeType,
  );
}

/** What `coalesce` reads as: non-null when any later argument is. */
export type Coalesced<V, R extends readonly unknown[]> =
  | NonNullable<V>
  | ([Extract<R[number], NonNullable<V> | Expr<NonNullable<V>>>] extends [never] ? NullOf<V> : never);

/** The first non-NULL argument. @example coalesce(c.company, '(private)') // Expr<string> */
export function coalesce<V, R extends readonly (NonNullable<V> | Expr<V> | Expr<NonNullable<V>>)[]>(
  first: Expr<V>,
  ...rest: R
): Expr<Coalesced<V, R>>;
export function coalesce(first: Expr<unknown>, ...rest: unknown[]): Expr<unknown> {
  if (!(first instanceof Expr)) throw new QueryError('coalesce takes an expression first.', 'coalesce');
  const nodes = rest.map((r) => (r instanceof Expr ? r.expression : (first.bind(r) as Expression)));
  return new Expr(fn('coalesce', first.expression, ...nodes), first.read, first.source, first.type, first.bind);
}

/** One arm of `caseWhen`: a condition and the value it gives. */
export type WhenArm<V> = readonly [Predicate, V | Expr<V>];

/**
 * `CASE WHEN c1 THEN v1 … ELSE otherwise END`; without `otherwise`, NULL when no condition holds.
 * @example caseWhen([[i.total.gte('10'), 'large']], 'small') // Expr<string>
 */
export function caseWhen<V>(arms: readonly WhenArm<V>[], otherwise: V | Expr<V>): Expr<V>;
export function caseWhen<V>(arms: readonly WhenArm<V>[]): Expr<V | null>;
export function caseWhen(arms: readonly WhenArm<unknown>[], ...otherwise: unknown[]): Expr<unknown> {
  if (arms.length === 0) throw new QueryError('caseWhen needs at least one [condition, value] arm.', 'caseWhen');
  const results = [...arms.map((a) => a[1]), ...otherwise];
  const template = results.find((r): r is Expr<unknown> => r instanceof Expr);
  const sample = results.find((r) => !(r instanceof Expr) && r !== null && r !== undefined);
  const resultOf = (r: unknown): Expression => (r instanceof Expr ? r.expression : bindResult(r, template));
  const node = caseNode(
    arms.map(([when, result]) => ({ when: when.expression, result: resultOf(result) })),
    ...(otherwise.length === 0 ? [] : [resultOf(otherwise[0])]),
  );
  if (template) return new Expr(node, template.read, template.source, template.type, template.bind);
  return new Expr(node, readerLike(sample), { mapper: '', path: 'caseWhen' }, undefined);
}

function bindResult(value: unknown, template: Expr<unknown> | undefined): Expression {
  if (template) return template.bind(value) as Expression;
  return value instanceof Date ? param(value, { type: datetimeType }) : param(value);
}

/** A CASE of plain values reads like them (PostgreSQL types a CASE of untyped parameters as text). */
function readerLike(sample: unknown): ValueReader {
  if (typeof sample === 'number') return asNumber;
  if (typeof sample === 'boolean') {
    return (raw) =>
      raw === null || raw === undefined
        ? null
        : raw === true || raw === 1 || raw === '1' || raw === 't' || raw === 'true';
  }
  if (sample instanceof Date) {
    return (raw, types) => (raw === null || raw === undefined ? null : types.fromDriver(datetimeType, raw));
  }
  return asText;
}

function numberBind(value: unknown): ReturnType<typeof param> {
  return param(value);
}

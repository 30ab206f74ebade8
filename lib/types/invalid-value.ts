/**
 * The ValueErrors of the type layer: one wording for every kind, naming the column, what it
 * expects, what it got and, where there is one, the fix.
 */
import { ValueError } from '../errors/index.js';
import type { ColumnKind } from './column-type.js';

const MAX_QUOTED = 40;

/** Names a value in a message without dumping it: strings are quoted and cut, objects named by kind. */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value.length <= MAX_QUOTED ? JSON.stringify(value) : `${JSON.stringify(value.slice(0, MAX_QUOTED))}…`;
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
  }
  if (value === null) return 'null';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid Date' : `Date ${value.toISOString()}`;
  if (Buffer.isBuffer(value)) return `a Buffer of ${bytes(value.length)}`;
  if (value instanceof Uint8Array) return `a Uint8Array of ${bytes(value.length)}`;
  if (Array.isArray(value)) return 'an array';
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === null || proto === Object.prototype) return 'an object';
  const name = (value as object).constructor?.name;
  if (!name) return 'an object';
  return /^[AEIOU]/i.test(name) ? `an ${name}` : `a ${name}`;
}

function bytes(count: number): string {
  return count === 1 ? '1 byte' : `${count} bytes`;
}

export interface InvalidValue {
  /** The column being written; absent for a parameter bound without a column. */
  readonly column?: string | undefined;
  /** What the column takes, as a noun phrase: 'an integer between …'. */
  readonly expected: string;
  readonly value: unknown;
  /** Overrides the description of `value` (e.g. 'a string of 300 characters'). */
  readonly got?: string | undefined;
  /** What to do about it, as a sentence. */
  readonly fix?: string | undefined;
}

/** The error for a value a column cannot take, thrown before any SQL runs. */
export function invalidValue(problem: InvalidValue): ValueError {
  const target = problem.column === undefined ? 'a parameter' : `column ${problem.column}`;
  const got = problem.got ?? describeValue(problem.value);
  const fix = problem.fix === undefined ? '' : `\n  ${problem.fix}`;
  return new ValueError(`Cannot write ${got} to ${target}: expected ${problem.expected}.${fix}`, problem.column);
}

/** The error for a value the database returned that its column type cannot represent. */
export function unreadableValue(kind: ColumnKind, expected: string, raw: unknown, fix?: string): ValueError {
  const hint = fix === undefined ? '' : `\n  ${fix}`;
  // 'an integer', 'an enum', but 'a uuid'.
  const article = kind === 'integer' || kind === 'enum' ? 'an' : 'a';
  return new ValueError(
    `Cannot read ${describeValue(raw)} from ${article} ${kind} column: expected ${expected}.${hint}`,
  );
}

/**
 * json columns. A value is written only if JSON keeps it as it is: JSON.stringify would silently
 * turn NaN into null, a Date into a string, a Map into {}, and throw on a bigint or a cycle.
 * Object properties whose value is `undefined` are dropped, as JSON.stringify does.
 */
import { describeValue, invalidValue, unreadableValue } from './invalid-value.js';
import { type TextRules, textProblem } from './text.js';

const EXPECTED = 'a JSON value (null, a boolean, a finite number, a string, an array or a plain object)';

/** Checks that `value` survives JSON unchanged and returns its JSON text. */
export function checkJson(value: unknown, column: string | undefined, rules: TextRules): string {
  checkNode(value, '$', { column, rules, open: new Set() });
  return JSON.stringify(value);
}

/** Reads a json column that the driver returned as text (mysql2 with jsonStrings, SQLite). */
export function readJsonText(raw: unknown): unknown {
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : raw;
  if (typeof text !== 'string') throw unreadableValue('json', 'JSON text', raw);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw unreadableValue('json', 'JSON text', raw, (e as Error).message);
  }
}

interface Walk {
  readonly column: string | undefined;
  readonly rules: TextRules;
  /** The objects and arrays on the path from the root, to find cycles. */
  readonly open: Set<object>;
}

function checkNode(value: unknown, path: string, walk: Walk): void {
  if (value === null || typeof value === 'boolean') return;
  if (typeof value === 'number' && Number.isFinite(value)) return;
  if (typeof value === 'string') {
    checkString(value, path, walk);
    return;
  }
  if (Array.isArray(value)) {
    checkChildren(value, value.entries(), path, walk);
    return;
  }
  if (typeof value === 'object' && isPlainObject(value)) {
    checkChildren(value, Object.entries(value), path, walk);
    return;
  }
  throw invalidValue({
    column: walk.column,
    expected: EXPECTED,
    value,
    got: `${describeValue(value)} at ${path}`,
    fix: fixFor(value),
  });
}

function checkString(text: string, path: string, walk: Walk): void {
  const problem = textProblem(text, walk.rules);
  if (problem) throw invalidValue({ column: walk.column, value: text, ...problem, got: `${problem.got} at ${path}` });
}

function checkChildren(parent: object, entries: Iterable<[number | string, unknown]>, path: string, walk: Walk): void {
  if (walk.open.has(parent)) {
    throw invalidValue({
      column: walk.column,
      expected: EXPECTED,
      value: parent,
      got: `a circular reference at ${path}`,
      fix: 'JSON cannot hold a cycle: break it or write a copy without it.',
    });
  }
  walk.open.add(parent);
  for (const [key, child] of entries) {
    if (typeof key === 'number') {
      checkNode(child, `${path}[${key}]`, walk);
      continue;
    }
    if (child === undefined) continue;
    const childPath = `${path}${memberPath(key)}`;
    checkString(key, childPath, walk);
    checkNode(child, childPath, walk);
  }
  walk.open.delete(parent);
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function memberPath(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function fixFor(value: unknown): string | undefined {
  if (value instanceof Date) return 'Convert it first (date.toISOString()); JSON would give it back as a string.';
  if (typeof value === 'bigint') return 'Convert it to a string first; JSON has no bigint.';
  if (value === undefined) return 'An undefined array element would come back as null: write null.';
  return undefined;
}

/**
 * Plain, comparable views of Chinook entities and raw rows: an entity as its scalar values and the
 * keys of its to-one relations (to-many arrays left out), and the small arithmetic the questions
 * need on NUMERIC(10,2) strings, done in integer cents so no float rounding can hide a difference.
 */
import { PostalAddress } from '../../../fixtures/chinook/entities';
import type { ChinookQueries } from './chinook-queries';

type Plain = Record<string, unknown>;

const KEYS = [
  'artistId',
  'albumId',
  'mediaTypeId',
  'genreId',
  'trackId',
  'playlistId',
  'employeeId',
  'customerId',
  'invoiceId',
];

/** The key of a related entity (a reference or a loaded one). */
function keyOf(related: Plain): unknown {
  const key = KEYS.find((k) => k in related);
  return key === undefined ? related : related[key];
}

/** Scalars as they are (dates as ISO text), embeddables as plain objects, to-one relations as keys. */
export function plainEntity(entity: object): Plain {
  const out: Plain = {};
  for (const [name, value] of Object.entries(entity)) {
    if (Array.isArray(value)) continue;
    if (value instanceof Date) out[name] = value.toISOString();
    else if (
      value instanceof PostalAddress ||
      (value !== null && Object.getPrototypeOf(value) === PostalAddress.prototype)
    )
      out[name] = { ...(value as PostalAddress) };
    else if (value !== null && typeof value === 'object') out[name] = keyOf(value as Plain);
    else out[name] = value;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** `'1.99'` (or a driver's number / numeric text) → 199. */
export function cents(value: unknown): number {
  return Math.round(Number(value) * 100);
}

/** Sums `value(x)` per `key(x)`, as sorted `[key, sum]` pairs. */
export function sumBy<T, K extends string | number>(
  items: readonly T[],
  key: (t: T) => K,
  value: (t: T) => number,
): [K, number][] {
  const sums = new Map<K, number>();
  for (const item of items) sums.set(key(item), (sums.get(key(item)) ?? 0) + value(item));
  return [...sums].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A raw SELECT's rows as arrays of their column values, each column passed through its converter. */
export async function rawRows(
  script: ChinookQueries,
  sql: string,
  ...convert: ((v: unknown) => unknown)[]
): Promise<unknown[][]> {
  const rows = await script.raw.select(sql);
  return rows.map((row) => Object.values(row).map((v, i) => (convert[i] ?? ((x: unknown) => x))(v)));
}

export const num = (v: unknown): number => Number(v);
export const str = (v: unknown): string | null => (v === null ? null : String(v));

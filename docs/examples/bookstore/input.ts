/** Checks request bodies: each reader returns the typed value or throws a 400. */
import { BookstoreError } from './errors';

type Json = Record<string, unknown>;

export function object(body: unknown): Json {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw BookstoreError.invalid('Send a JSON object.');
  }
  return body as Json;
}

export function text(body: Json, field: string): string {
  const v = body[field];
  if (typeof v !== 'string' || v.trim() === '') throw BookstoreError.invalid(`${field} must be a non-empty string.`);
  return v;
}

export function count(body: Json, field: string, min = 0): number {
  const v = body[field];
  if (!Number.isInteger(v) || (v as number) < min)
    throw BookstoreError.invalid(`${field} must be an integer ≥ ${min}.`);
  return v as number;
}

export function price(body: Json, field: string): string {
  const v = body[field];
  if (typeof v !== 'string' || !/^\d{1,8}(\.\d{1,2})?$/.test(v)) {
    throw BookstoreError.invalid(`${field} must be a decimal string like "12.50".`);
  }
  return v;
}

export function names(body: Json, field: string): string[] {
  const v = body[field] ?? [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
    throw BookstoreError.invalid(`${field} must be a list of strings.`);
  }
  return v as string[];
}

/** price × quantity in exact cents. */
export function times(unitPrice: string, quantity: number): string {
  const [whole = '0', fraction = ''] = unitPrice.split('.');
  const cents = (BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'))) * BigInt(quantity);
  return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
}

/** blob columns: bytes, written from a Buffer or any Uint8Array and read as a Buffer. */
import { invalidValue, unreadableValue } from './invalid-value.js';

/** A blob column takes a Buffer or a Uint8Array; a Uint8Array is wrapped, not copied. */
export function checkBlob(value: unknown, column?: string): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw invalidValue({ column, expected: 'a Buffer or a Uint8Array', value });
}

/** Reads a blob column (every driver returns a Buffer; a Uint8Array is wrapped). */
export function readBlob(raw: unknown): Buffer {
  if (Buffer.isBuffer(raw)) return raw;
  if (raw instanceof Uint8Array) return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  throw unreadableValue('blob', 'a Buffer', raw);
}

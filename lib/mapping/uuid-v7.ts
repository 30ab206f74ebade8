/**
 * UUID version 7 (RFC 9562): 48 bits of Unix time in milliseconds, then random bits, so keys made
 * one after another sort in creation order (friendly to B-tree indexes). Within one millisecond the
 * 12-bit `rand_a` field counts up from a random start, keeping the order inside this process.
 */
import { randomBytes } from 'node:crypto';

let lastMillis = -1;
let sequence = 0;

/** A new UUID v7, lowercase: `0190a6b2-7c1e-7a3b-8c4d-5e6f7a8b9c0d`. */
export function uuidV7(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  let millis = Math.max(now, lastMillis);
  if (millis === lastMillis) {
    sequence += 1;
    // 4096 keys in one millisecond: borrow the next millisecond rather than repeat a value.
    if (sequence > 0xfff) {
      millis += 1;
      sequence = bytes.readUInt16BE(6) & 0x7ff;
    }
  } else {
    sequence = bytes.readUInt16BE(6) & 0x7ff;
  }
  lastMillis = millis;
  bytes.writeUIntBE(millis, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

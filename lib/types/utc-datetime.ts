/**
 * datetime columns: an instant with millisecond precision, stored and read as UTC on every dialect.
 * Formatting and parsing here never use the process time zone (no getHours, no Date.parse of a
 * zoneless string), and handle every year from 0001 to 9999 (Date.UTC would map years 0–99 to 19xx).
 */
import { formatCalendarDate, isRealDay } from './calendar-date.js';
import { invalidValue, unreadableValue } from './invalid-value.js';

const EXPECTED = 'a valid Date from 0001-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z';

// 'YYYY-MM-DD HH:MM:SS[.fraction][zone]' with a space or a T; zone Z or ±HH[:MM[:SS]]; no zone means UTC.
const DATETIME_TEXT =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?)?$/;

/** 'YYYY-MM-DD HH:MM:SS.SSS' in UTC: what MySQL DATETIME(3) and SQLite TEXT columns hold. */
export function formatUtcDateTime(instant: Date): string {
  return `${formatCalendarDate(instant)} ${timePart(instant)}`;
}

/** 'YYYY-MM-DDTHH:MM:SS.SSSZ', what PostgreSQL timestamptz reads without any session time zone. */
export function formatIsoUtc(instant: Date): string {
  return `${formatCalendarDate(instant)}T${timePart(instant)}Z`;
}

/**
 * Parses a datetime the database printed: a zone suffix is honoured, no suffix means UTC. Digits
 * past milliseconds are truncated. Returns undefined for text that is not a real instant.
 */
export function parseUtcDateTime(text: string): Date | undefined {
  const m = DATETIME_TEXT.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (!isRealDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = Number((m[7] ?? '').slice(0, 3).padEnd(3, '0'));
  const instant = new Date(0);
  instant.setUTCFullYear(year, month - 1, day);
  instant.setUTCHours(hour, minute, second, millis);
  if (m[9] === undefined) return instant;
  const offsetSeconds = Number(m[10]) * 3600 + Number(m[11] ?? 0) * 60 + Number(m[12] ?? 0);
  return new Date(instant.getTime() - (m[9] === '-' ? -offsetSeconds : offsetSeconds) * 1000);
}

/** A datetime column takes a valid Date whose UTC year is 0001–9999. */
export function checkDateTime(value: unknown, column?: string): Date {
  if (value instanceof Date && isInRange(value)) return value;
  const fix = typeof value === 'string' ? 'Pass a Date (new Date("2021-03-14T07:00:00Z")), not a string.' : undefined;
  throw invalidValue({ column, expected: EXPECTED, value, fix });
}

/** Reads a datetime column from the driver's string (or from a Date a driver already parsed exactly). */
export function readDateTime(raw: unknown): Date {
  if (raw instanceof Date && !Number.isNaN(raw.getTime())) return raw;
  const parsed = typeof raw === 'string' ? parseUtcDateTime(raw) : undefined;
  if (parsed) return parsed;
  throw unreadableValue('datetime', 'a datetime string "YYYY-MM-DD HH:MM:SS.SSS" (UTC)', raw);
}

function isInRange(instant: Date): boolean {
  const year = instant.getUTCFullYear();
  return year >= 1 && year <= 9999;
}

function timePart(instant: Date): string {
  const millis = String(instant.getUTCMilliseconds()).padStart(3, '0');
  return `${two(instant.getUTCHours())}:${two(instant.getUTCMinutes())}:${two(instant.getUTCSeconds())}.${millis}`;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

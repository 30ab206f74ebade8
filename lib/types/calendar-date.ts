/**
 * date columns: a calendar day without time or zone, read and written as 'YYYY-MM-DD' (years
 * 0001–9999, proleptic Gregorian), so that no time zone can shift it by a day.
 */
import { invalidValue, unreadableValue } from './invalid-value.js';

const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;

const EXPECTED = 'a calendar date "YYYY-MM-DD" from 0001-01-01 to 9999-12-31';

/** Days in a month of the proleptic Gregorian calendar (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Whether year, month and day name a real day from 0001-01-01 to 9999-12-31. */
export function isRealDay(year: number, month: number, day: number): boolean {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Whether `text` is 'YYYY-MM-DD' naming a real day (2021-02-29 is not). */
export function isCalendarDate(text: string): boolean {
  const match = DATE_TEXT.exec(text);
  return match !== null && isRealDay(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** The UTC day of an instant as 'YYYY-MM-DD'. */
export function formatCalendarDate(instant: Date): string {
  const year = String(instant.getUTCFullYear()).padStart(4, '0');
  const month = String(instant.getUTCMonth() + 1).padStart(2, '0');
  const day = String(instant.getUTCDate()).padStart(2, '0');
  return `${year}-${month}-${day}`;
}

/** A date column takes a 'YYYY-MM-DD' string naming a real day. */
export function checkCalendarDate(value: unknown, column?: string): string {
  if (typeof value === 'string' && isCalendarDate(value)) return value;
  const fix =
    value instanceof Date
      ? 'A date column holds a day, not an instant: pass "YYYY-MM-DD" (for the UTC day of a Date, date.toISOString().slice(0, 10)).'
      : undefined;
  throw invalidValue({ column, expected: EXPECTED, value, fix });
}

/** Reads a date column from the string the driver returned. */
export function readCalendarDate(raw: unknown): string {
  if (typeof raw === 'string' && isCalendarDate(raw)) return raw;
  const fix =
    raw instanceof Date
      ? 'The driver turned the day into a Date in its local time zone: have it return the string (pg: postgresTypeParser; mysql2: dateStrings).'
      : undefined;
  throw unreadableValue('date', EXPECTED, raw, fix);
}

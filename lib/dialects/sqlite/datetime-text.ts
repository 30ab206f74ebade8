/**
 * Datetimes on SQLite are TEXT, and SQLite compares text, not instants: '2021-01-01 00:00:00'
 * (the Chinook script, most SQLite tools) sorts before '2021-01-01 00:00:00.000' (Tabula), and a
 * 'T' separator after any space. So a datetime column is compared and ordered through
 * `strftime('%Y-%m-%d %H:%M:%f', column)`, which reads every format SQLite knows (space or T,
 * with or without fractional seconds, Z or ±HH:MM) as Tabula's canonical UTC text. Against a bound
 * Date, the comparison is also bracketed by plain text bounds on the column's date prefix (a day
 * of margin each side for zone offsets), so an index on the column narrows the rows to a few days
 * before the exact comparison runs on them.
 */
import type { ComparisonOperator, Expression, ParamNode } from '../../sql/index.js';
import { formatIsoUtc } from '../../types/index.js';

const DAY = 86_400_000;

/** The canonical-text form of a datetime expression. */
export function canonicalDatetime(text: string): string {
  return `strftime('%Y-%m-%d %H:%M:%f', ${text})`;
}

/** True for a datetime column (or a parameter bound for one). */
export function isDatetime(expression: Expression): boolean {
  return (expression.kind === 'column' || expression.kind === 'param') && expression.type?.kind === 'datetime';
}

/** The text bounds `[from, before)` a stored datetime compared with `value` by `operator` must lie in, as date prefixes. */
export function prefixBounds(
  operator: ComparisonOperator,
  right: Expression,
): { from?: string; before?: string } | undefined {
  if (right.kind !== 'param' || !(right as ParamNode).value || !((right as ParamNode).value instanceof Date)) {
    return undefined;
  }
  const at = ((right as ParamNode).value as Date).getTime();
  const from = dayText(at - DAY);
  const before = dayText(at + 2 * DAY);
  switch (operator) {
    case '=':
      return withDefined({ from, before });
    case '>':
    case '>=':
      return withDefined({ from });
    case '<':
    case '<=':
      return withDefined({ before });
    default:
      return undefined;
  }
}

/** 'YYYY-MM-DD' of the UTC day holding `time`, or undefined outside the years 0001–9999. */
function dayText(time: number): string | undefined {
  const d = new Date(time);
  const year = d.getUTCFullYear();
  return Number.isNaN(time) || year < 1 || year > 9999 ? undefined : formatIsoUtc(d).slice(0, 10);
}

function withDefined(bounds: { from?: string | undefined; before?: string | undefined }) {
  const out: { from?: string; before?: string } = {};
  if (bounds.from !== undefined) out.from = bounds.from;
  if (bounds.before !== undefined) out.before = bounds.before;
  return out.from === undefined && out.before === undefined ? undefined : out;
}

/**
 * The pg result parsers Tabula needs, for the driver's `types: { getTypeParser }` option. Values
 * that a JS number or a local-time Date would change arrive as the server's text instead, and the
 * column types convert them exactly (lib/dialects/postgres/types.ts): int8 and numeric keep every
 * digit; date, time and timestamps are never read in the process time zone.
 */
import type pg from 'pg';

/** int8, date, time, timestamp, timestamptz, timetz, numeric. */
export const RAW_TEXT_OIDS: ReadonlySet<number> = new Set([20, 1082, 1083, 1114, 1184, 1266, 1700]);

const rawText = (text: string): string => text;

/**
 * A type parser that is pg's default for every type but {@link RAW_TEXT_OIDS}, which stay strings.
 *
 * @example
 * new pg.Client({ connectionString, types: { getTypeParser: postgresTypeParser(pg) }, options: '-c TimeZone=UTC' });
 */
export function postgresTypeParser(driver: typeof pg) {
  return (oid: number, format?: 'text' | 'binary'): ((value: string) => unknown) => {
    if (format !== 'binary' && RAW_TEXT_OIDS.has(oid)) return rawText;
    return driver.types.getTypeParser(oid, format);
  };
}

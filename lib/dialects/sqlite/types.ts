/**
 * SQLite column types. SQLite has five storage classes, so most kinds are TEXT in a fixed format
 * that Tabula checks and normalises: decimals in canonical form (NUMERIC affinity would round them
 * to 15 digits), dates as 'YYYY-MM-DD', datetimes as 'YYYY-MM-DD HH:MM:SS.SSS' in UTC. Bigint
 * columns are INTEGER, bound as text and selected as CAST(x AS TEXT), so all 64 bits survive.
 */
import { defineDialectTypes } from '../../types/index.js';
import type { DialectTypes } from '../../types/index.js';
import { checkDecimalShape, checkEnumShape, checkStringShape } from '../../types/index.js';

const DIALECT = 'SQLite';

// SQLite itself has no limits here; these keep a mapping portable to the other dialects' checks.
const DECIMAL_LIMITS = { maxPrecision: 1000, maxScale: 1000 };
const MAX_STRING_LENGTH = 1_000_000_000;

export const sqliteTypes: DialectTypes = defineDialectTypes({
  sqlTypes: {
    integer: () => 'INTEGER',
    bigint: () => 'INTEGER',
    decimal: (type) => {
      checkDecimalShape(type, DECIMAL_LIMITS, DIALECT);
      return 'TEXT';
    },
    float: () => 'REAL',
    double: () => 'REAL',
    boolean: () => 'INTEGER',
    string: (type) => {
      checkStringShape(type, MAX_STRING_LENGTH, DIALECT);
      return 'TEXT';
    },
    text: () => 'TEXT',
    uuid: () => 'TEXT',
    date: () => 'TEXT',
    datetime: () => 'TEXT',
    json: () => 'TEXT',
    // The DDL adds CHECK (column IN (…)).
    enum: (type) => {
      checkEnumShape(type, DIALECT);
      return 'TEXT';
    },
    blob: () => 'BLOB',
  },
});

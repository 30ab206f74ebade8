/**
 * PostgreSQL column types. The pg driver is configured with {@link postgresTypeParser}: int8,
 * numeric, date and timestamps arrive as the server's strings; the session TimeZone is UTC.
 */
import { defineDialectTypes } from '../../types/index.js';
import type { DialectTypes } from '../../types/index.js';
import { invalidType } from '../../types/index.js';
import { textProblem } from '../../types/index.js';
import { checkDecimalShape, checkEnumShape, checkStringShape } from '../../types/index.js';
import { formatIsoUtc } from '../../types/index.js';

const DIALECT = 'PostgreSQL';

// pg binds a number as String(n), which drops the sign of −0; the string '-0' keeps it.
const keepNegativeZero = (value: number): number | string => (Object.is(value, -0) ? '-0' : value);

export const postgresTypes: DialectTypes = defineDialectTypes({
  rejectsNul: true,
  sqlTypes: {
    integer: () => 'integer',
    bigint: () => 'bigint',
    decimal: (type) => {
      const { precision, scale } = checkDecimalShape(type, { maxPrecision: 1000, maxScale: 1000 }, DIALECT);
      return `numeric(${precision},${scale})`;
    },
    float: () => 'real',
    double: () => 'double precision',
    boolean: () => 'boolean',
    string: (type) => `varchar(${checkStringShape(type, 10485760, DIALECT)})`,
    text: () => 'text',
    uuid: () => 'uuid',
    date: () => 'date',
    datetime: () => 'timestamptz(3)',
    json: () => 'jsonb',
    // The DDL adds CHECK (column IN (…)); a native ENUM type would need its own CREATE TYPE.
    enum: (type) => {
      for (const value of checkEnumShape(type, DIALECT)) {
        const problem = textProblem(value, { rejectsNul: true });
        if (problem) throw invalidType(DIALECT, 'enum', `the value ${JSON.stringify(value)} is ${problem.got}`);
      }
      return 'text';
    },
    blob: () => 'bytea',
  },
  encoders: {
    float: keepNegativeZero,
    double: keepNegativeZero,
    boolean: (value) => value,
    datetime: formatIsoUtc,
  },
  readers: {
    // pg parses json and jsonb itself (a JSON string value arrives as a JS string, not as JSON text).
    json: (raw) => raw,
  },
});

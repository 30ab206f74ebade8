/**
 * MySQL / MariaDB column types. The mysql2 driver is configured with supportBigNumbers and
 * bigNumberStrings (BIGINT and DECIMAL as strings), dateStrings (DATE and DATETIME as strings),
 * jsonStrings, and the session time_zone '+00:00'; DATETIME(3) holds UTC written by Tabula.
 */
import { defineDialectTypes } from '../../types/index.js';
import type { DialectTypes } from '../../types/index.js';
import { invalidType } from '../../types/index.js';
import { checkDecimalShape, checkEnumShape, checkStringShape } from '../../types/index.js';

const DIALECT = 'MySQL';

// A row holds at most 65,535 bytes and utf8mb4 needs up to 4 per character.
const MAX_VARCHAR_LENGTH = 16383;

export const mysqlTypes: DialectTypes = defineDialectTypes({
  sqlTypes: {
    integer: () => 'INT',
    bigint: () => 'BIGINT',
    decimal: (type) => {
      const { precision, scale } = checkDecimalShape(type, { maxPrecision: 65, maxScale: 30 }, DIALECT);
      return `DECIMAL(${precision},${scale})`;
    },
    float: () => 'FLOAT',
    double: () => 'DOUBLE',
    boolean: () => 'TINYINT(1)',
    string: (type) => `VARCHAR(${checkStringShape(type, MAX_VARCHAR_LENGTH, DIALECT)})`,
    text: () => 'LONGTEXT',
    uuid: () => 'CHAR(36)',
    date: () => 'DATE',
    datetime: () => 'DATETIME(3)',
    // MariaDB: an alias of LONGTEXT with a json_valid() check.
    json: () => 'JSON',
    enum: (type) => enumType(checkEnumShape(type, DIALECT)),
    blob: () => 'LONGBLOB',
  },
});

// ENUM members are written as literals. MySQL strips their trailing spaces, compares them
// case-insensitively, and reads a backslash differently under NO_BACKSLASH_ESCAPES: such values
// would not come back as written, so they are refused.
function enumType(values: readonly string[]): string {
  const text = `enum(${values.map((v) => JSON.stringify(v)).join(', ')})`;
  const folded = values.map((v) => v.toLowerCase());
  values.forEach((value, index) => {
    const quoted = JSON.stringify(value);
    if (/\s$/.test(value)) throw invalidType(DIALECT, text, `MySQL strips the trailing space of ${quoted}`);
    if (value.includes('\\')) throw invalidType(DIALECT, text, `${quoted} holds a backslash`);
    const first = folded.indexOf(folded[index] ?? '');
    if (first !== index) {
      throw invalidType(
        DIALECT,
        text,
        `${quoted} equals ${JSON.stringify(values[first])} when case is ignored, as MySQL does`,
      );
    }
  });
  return `ENUM(${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(',')})`;
}

/** Which columns the generated hydrator converts, as probed from each dialect's fromDriver. */
import { expect } from 'chai';
import { mysqlTypes } from '../../lib/dialects/mysql/types';
import { postgresTypes } from '../../lib/dialects/postgres/types';
import { sqliteTypes } from '../../lib/dialects/sqlite/types';
import { readPlanOf } from '../../lib/mapping/hot-paths/read-plans';
import type { ColumnType } from '../../lib/types/column-type';
import type { DialectTypes } from '../../lib/types/dialect-types';

const TYPES: Record<string, ColumnType> = {
  integer: { kind: 'integer' },
  bigint: { kind: 'bigint' },
  'bigint as number': { kind: 'bigint', bigintAsNumber: true },
  decimal: { kind: 'decimal', precision: 10, scale: 2 },
  float: { kind: 'float' },
  double: { kind: 'double' },
  boolean: { kind: 'boolean' },
  string: { kind: 'string', length: 20 },
  text: { kind: 'text' },
  uuid: { kind: 'uuid' },
  date: { kind: 'date' },
  datetime: { kind: 'datetime' },
  json: { kind: 'json' },
  enum: { kind: 'enum', values: ['a', 'b'] },
  blob: { kind: 'blob' },
};

function plans(types: DialectTypes): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, type] of Object.entries(TYPES)) {
    const plan = readPlanOf(types, type);
    out[name] = plan.kind === 'guarded' ? `if not ${plan.guard('v')}` : plan.kind;
  }
  return out;
}

// The same on every dialect except json, which pg parses itself.
const COMMON = {
  integer: 'if not typeof v === "number"',
  bigint: 'if not typeof v === "bigint"',
  'bigint as number': 'convert',
  decimal: 'convert',
  float: 'convert',
  double: 'if not typeof v === "number"',
  boolean: 'if not typeof v === "boolean"',
  string: 'if not typeof v === "string"',
  text: 'if not typeof v === "string"',
  uuid: 'convert',
  date: 'if not typeof v === "string"',
  datetime: 'if not v instanceof Date',
  enum: 'if not typeof v === "string"',
  blob: 'if not v instanceof Buffer',
};

describe('read plans probed from fromDriver', () => {
  it('converts on SQLite only what is not already in its JS form', () => {
    expect(plans(sqliteTypes)).to.deep.equal({ ...COMMON, json: 'convert' });
  });

  it('converts on MySQL only what is not already in its JS form', () => {
    expect(plans(mysqlTypes)).to.deep.equal({ ...COMMON, json: 'convert' });
  });

  it('uses pg json values as they are, since pg parses them', () => {
    expect(plans(postgresTypes)).to.deep.equal({ ...COMMON, json: 'raw' });
  });

  it('keeps calling a converter that changes any probe, even one it would pass most values through', () => {
    const lowercasing: DialectTypes = {
      ...sqliteTypes,
      fromDriver: (_type, raw) => (typeof raw === 'string' && raw.startsWith('ABC') ? raw.toLowerCase() : raw),
    };
    expect(readPlanOf(lowercasing, { kind: 'string' })).to.deep.equal({ kind: 'convert' });
    expect(readPlanOf(lowercasing, { kind: 'json' })).to.deep.equal({ kind: 'raw' });
  });
});

/**
 * Column types for the specs. Execution specs use the dialects' real types. Compiler specs use
 * {@link testTypes}: the real SQL type names with values passed through unchanged, so expected
 * parameters are exactly the values written in the node (conversions are spec/types' business;
 * spec/sql/compiler.spec.ts checks that the compiler calls them).
 */
import { mysqlTypes } from '../../../lib/dialects/mysql/types';
import { postgresTypes } from '../../../lib/dialects/postgres/types';
import { sqliteTypes } from '../../../lib/dialects/sqlite/types';
import type { DialectTypes } from '../../../lib/types/dialect-types';
import type { DialectName } from '../../support/matrix';

const REAL: Record<DialectName, DialectTypes> = { sqlite: sqliteTypes, postgres: postgresTypes, mysql: mysqlTypes };

/** The dialect's real DialectTypes. */
export function realTypes(dialect: DialectName): DialectTypes {
  return REAL[dialect];
}

/** The real SQL type names, with values passed through (`undefined` becomes `null`). */
export function testTypes(dialect: DialectName): DialectTypes {
  const real = REAL[dialect];
  return {
    sqlType: (type) => real.sqlType(type),
    toDriver: (_type, value) => value ?? null,
    fromDriver: (_type, raw) => raw,
    toDriverUntyped: (value) => value ?? null,
  };
}

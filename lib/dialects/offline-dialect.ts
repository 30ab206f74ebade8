/**
 * A dialect without a server: the compiler, types and DDL of SQLite, PostgreSQL or MySQL/MariaDB
 * for the capabilities of a recent server (or those given). The recording database of
 * `tabula-orm/testing` compiles with it, so a test can assert each dialect's SQL with no database.
 */
import type { Dialect, DialectCapabilities, DialectName } from './dialect.js';
import { mysqlCapabilities, mysqlDialect } from './mysql/index.js';
import { postgresCapabilities, postgresDialect } from './postgres/index.js';
import { sqliteCapabilities, sqliteDialect } from './sqlite/index.js';

interface OfflineRecipe {
  /** The capabilities of a recent server, as `connect` would detect them. */
  readonly typical: () => DialectCapabilities;
  readonly assemble: (capabilities: DialectCapabilities) => Dialect;
}

const RECIPES: Record<DialectName, OfflineRecipe> = {
  sqlite: { typical: () => sqliteCapabilities('3.45.0'), assemble: sqliteDialect },
  postgres: { typical: () => postgresCapabilities('16.4'), assemble: postgresDialect },
  mysql: {
    // MariaDB, as the test matrix runs: INSERT … RETURNING, consecutive ids of multi-row INSERTs.
    typical: () =>
      mysqlCapabilities({
        version: '10.11.6-MariaDB',
        maxPacketBytes: 16 * 1024 * 1024,
        insertIdStep: 1,
        autoincLockMode: 1,
      }),
    assemble: mysqlDialect,
  },
};

/**
 * The dialect `name` as it compiles for a recent server, with `capabilities` overriding what that
 * server could do (`{ hasReturning: false }` for MySQL 8's INSERT without RETURNING).
 */
export function offlineDialect(name: DialectName, capabilities: Partial<DialectCapabilities> = {}): Dialect {
  const recipe = RECIPES[name];
  return recipe.assemble({ ...recipe.typical(), ...capabilities });
}

/**
 * The naming the ORM-written copy of Chinook uses: snake_case with the `t_query_orm_` table
 * prefix, so its tables never collide with the script-loaded ones (MariaDB holds both in the test
 * database) and are recognisably this spec's.
 */
import { type NamingStrategy, snakeCaseNaming } from '../../../lib/mapping';

const PREFIX = 't_query_orm_';

function unprefixed(table: string): string {
  return table.startsWith(PREFIX) ? table.slice(PREFIX.length) : table;
}

export const chinookOrmNaming: NamingStrategy = Object.freeze({
  ...snakeCaseNaming,
  tableName: (className: string) => `${PREFIX}${snakeCaseNaming.tableName(className)}`,
  // The FK column is named from the bare table (`artist_id`), as the strategy would without a prefix.
  joinColumnName: (propertyName: string, referencedColumn: string, targetTable: string) =>
    snakeCaseNaming.joinColumnName(propertyName, referencedColumn, unprefixed(targetTable)),
  pivotTableName: (ownerTable: string, targetTable: string) => `${ownerTable}_${unprefixed(targetTable)}`,
});

/**
 * Builders over the Chinook mappers (PascalCase names) that only compile: their runner answers
 * `toSql()` with the dialect's compiler and test types, and refuses to run anything.
 */
import { chinookMappers } from '../../../../fixtures/chinook/mappers';
import { type EntityClass, MetadataRegistry, pascalCaseNaming } from '../../../../lib/mapping';
import { createQueryBuilder, type QueryBuilder, type QueryRunner } from '../../../../lib/query';
import type { DialectName } from '../../../support/matrix';
import { compilerFor } from '../../../sql/support/test-sql';
import { testTypes } from '../../../sql/support/test-types';

export const registry = new MetadataRegistry(chinookMappers, { naming: pascalCaseNaming });

function compileOnlyRunner(dialect: DialectName): QueryRunner {
  const compiler = compilerFor(dialect);
  return {
    types: testTypes(dialect),
    compile: (node) => compiler.compile(node),
    query: () => Promise.reject(new Error('compile-only runner: nothing runs')),
    entity: () => {
      throw new Error('compile-only runner: nothing runs');
    },
  };
}

/** `em.createQueryBuilder(cls)` without a database. */
export function qb<T extends object>(cls: EntityClass<T>, dialect: DialectName = 'sqlite'): QueryBuilder<T> {
  return createQueryBuilder<T>(registry.get(cls), compileOnlyRunner(dialect));
}

/**
 * `testSql(node, { sqlite, postgres, mysql })`: asserts the exact SQL text and parameters each
 * dialect compiles a node to, or the error it refuses it with.
 */
import { expect } from 'chai';
import { MysqlCompiler } from '../../../lib/dialects/mysql/compiler';
import { PostgresCompiler } from '../../../lib/dialects/postgres/compiler';
import { SqliteCompiler } from '../../../lib/dialects/sqlite/compiler';
import type { DialectCapabilities } from '../../../lib/sql/capabilities';
import type { CompiledQuery } from '../../../lib/sql/compiled-query';
import type { SqlCompiler } from '../../../lib/sql/compiler';
import type { SqlNode } from '../../../lib/sql/nodes';
import type { DialectTypes } from '../../../lib/types/dialect-types';
import type { DialectName } from '../../support/matrix';
import { TEST_CAPABILITIES } from './test-capabilities';
import { testTypes } from './test-types';

export const DIALECTS: readonly DialectName[] = ['sqlite', 'postgres', 'mysql'];

/** A refusal: the error class and a fragment of its message. */
export interface ExpectedError {
  readonly error: abstract new (...args: never[]) => Error;
  readonly message: string | RegExp;
}

export type Expected = { readonly sql: string; readonly params: readonly unknown[] } | ExpectedError;

/** Builds the compiler of `dialect`, with test types and capabilities unless given. */
export function compilerFor(
  dialect: DialectName,
  overrides: { types?: DialectTypes; capabilities?: Partial<DialectCapabilities> } = {},
): SqlCompiler {
  const types = overrides.types ?? testTypes(dialect);
  const capabilities = { ...TEST_CAPABILITIES[dialect], ...overrides.capabilities };
  if (dialect === 'postgres') return new PostgresCompiler(types, capabilities);
  if (dialect === 'mysql') return new MysqlCompiler(types, capabilities);
  return new SqliteCompiler(types, capabilities);
}

/** Compiles `node` on `dialect` with the test types and capabilities. */
export function compileOn(dialect: DialectName, node: SqlNode): CompiledQuery {
  return compilerFor(dialect).compile(node);
}

export function testSql(node: SqlNode, expected: Readonly<Record<DialectName, Expected>>): void {
  for (const dialect of DIALECTS) expectCompiled(dialect, () => compileOn(dialect, node), expected[dialect]);
}

/** Asserts one dialect's outcome, naming the dialect when it differs. */
export function expectCompiled(dialect: DialectName, compile: () => CompiledQuery, expected: Expected): void {
  if ('error' in expected) {
    expect(compile, dialect).to.throw(expected.error, expected.message);
    return;
  }
  const compiled = compile();
  expect({ sql: compiled.sql, params: compiled.params }, dialect).to.deep.equal({
    sql: expected.sql,
    params: expected.params,
  });
}

/** The same expectation on every dialect (for text that does not differ). */
export function onAll(expected: Expected): Record<DialectName, Expected> {
  return { sqlite: expected, postgres: expected, mysql: expected };
}

import { expect } from 'chai';
import { SqliteCompiler } from '../../../lib/dialects/sqlite/compiler';
import { column, fn, select, table } from '../../../lib/sql/nodes';
import { TEST_CAPABILITIES } from '../../sql/support/test-capabilities';
import { testTypes } from '../../sql/support/test-types';

const compiler = new SqliteCompiler(testTypes('sqlite'), TEST_CAPABILITIES.sqlite);
const big = { kind: 'bigint' } as const;

describe('SqliteCompiler', () => {
  it('selects bigint columns as text under their own label, qualified or aliased, lossy opt-in too', () => {
    const node = select({
      columns: [
        column('id', { table: 'b', type: big }),
        { expression: column('total', { type: big }), alias: 'sum' },
        column('n', { type: { kind: 'bigint', bigintAsNumber: true } }),
        column('small', { type: { kind: 'integer' } }),
        column('untyped'),
      ],
      from: table('books', 'b'),
    });
    expect(compiler.compile(node).sql).to.equal(
      'SELECT CAST("b"."id" AS TEXT) AS "id", CAST("total" AS TEXT) AS "sum", CAST("n" AS TEXT) AS "n", "small", "untyped" FROM "books" AS "b"',
    );
  });

  it('leaves bigint expressions that are not columns alone (their type is unknown to the compiler)', () => {
    const node = select({ columns: [{ expression: fn('max', column('id', { type: big })), alias: 'm' }], from: 't' });
    expect(compiler.compile(node).sql).to.equal('SELECT MAX("id") AS "m" FROM "t"');
  });

  it('compiles a lock to nothing whatever the capabilities say', () => {
    const strict = new SqliteCompiler(testTypes('sqlite'), { ...TEST_CAPABILITIES.sqlite, supportsRowLocks: false });
    expect(strict.compile(select({ from: 't', lock: { strength: 'share' } })).sql).to.equal('SELECT * FROM "t"');
  });
});

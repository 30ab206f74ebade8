import { expect } from 'chai';
import sinon from 'sinon';
import { IdentifierError, TabulaError, ValueError } from '../../lib/errors';
import { column, eq, insert, select } from '../../lib/sql/nodes';
import { sql } from '../../lib/sql/raw';
import type { DialectTypes } from '../../lib/types/dialect-types';
import { compilerFor, DIALECTS } from './support/test-sql';

const int = { kind: 'integer' } as const;

/** Types that mark converted values, so a spec can tell which conversion ran. */
function markingTypes(): DialectTypes {
  return {
    sqlType: () => 'integer',
    toDriver: sinon.spy((type, value: unknown, col?: string) => `typed:${type.kind}:${col}:${String(value)}`),
    fromDriver: (_type, raw) => raw,
    toDriverUntyped: sinon.spy((value: unknown) => `untyped:${String(value)}`),
  };
}

describe('SqlCompiler', () => {
  for (const dialect of DIALECTS) {
    it(`converts typed parameters with toDriver (naming the column) and others with toDriverUntyped [${dialect}]`, () => {
      const types = markingTypes();
      const compiled = compilerFor(dialect, { types }).compile(
        select({ from: 't', where: eq(column('id', { type: int }), 5), columns: [sql`${'x'}`] }),
      );
      expect(compiled.params).to.deep.equal(['untyped:x', 'typed:integer:id:5']);
      expect((types.toDriver as sinon.SinonSpy).firstCall.args).to.deep.equal([int, 5, 'id']);
    });
  }

  it('passes ValueErrors and the like from the types straight through', () => {
    const types = markingTypes();
    types.toDriver = () => {
      throw new ValueError('id: expected an integer', 'id');
    };
    const compiler = compilerFor('sqlite', { types });
    expect(() =>
      compiler.compile(insert({ table: 't', columns: [{ name: 'id', type: int }], rows: [['x']] })),
    ).to.throw(TabulaError, 'id: expected an integer');
  });

  it('says which statements return rows, and leaves raw SQL to the driver', () => {
    for (const dialect of DIALECTS) {
      const c = compilerFor(dialect);
      const write = { table: 't', columns: ['a'], rows: [[1]] };
      expect([
        c.compile(select({ from: 't' })).returnsRows,
        c.compile(insert(write)).returnsRows,
        c.compile(insert({ ...write, returning: [column('id')] })).returnsRows,
        c.compile(sql`select 1`).returnsRows,
      ]).to.deep.equal([true, false, true, undefined]);
    }
  });

  it('refuses a hand-built node of an unknown kind', () => {
    const forged = { kind: 'merge' } as unknown as ReturnType<typeof select>;
    expect(() => compilerFor('postgres').compile(forged)).to.throw(
      TabulaError,
      'Cannot compile a node of kind "merge"',
    );
  });

  it('validates identifiers again when quoting, so a hand-built node cannot inject', () => {
    const forged = { ...select({ from: 't' }), from: { kind: 'table', name: 't"; DROP TABLE x; --' } } as ReturnType<
      typeof select
    >;
    for (const dialect of DIALECTS) {
      expect(() => compilerFor(dialect).compile(forged), dialect).to.throw(IdentifierError);
    }
  });

  it('compiles the same node again with fresh parameters', () => {
    const compiler = compilerFor('postgres');
    const node = select({ from: 't', where: eq(column('a'), 1) });
    expect(compiler.compile(node)).to.deep.equal(compiler.compile(node));
    expect(compiler.compile(node).params).to.deep.equal([1]);
  });
});

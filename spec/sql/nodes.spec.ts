import { expect } from 'chai';
import { TabulaError } from '../../lib/errors';
import {
  and,
  batchUpdate,
  caseWhen,
  column,
  compare,
  countAll,
  defaultLiteral,
  eq,
  escapeLikePattern,
  exists,
  fn,
  type FunctionName,
  inList,
  insert,
  isSqlNode,
  like,
  nullLiteral,
  param,
  row,
  select,
  update,
  ValueRows,
} from '../../lib/sql/nodes';

const int = { kind: 'integer' } as const;

describe('SQL AST nodes', () => {
  it('are frozen all the way down', () => {
    const node = select({
      columns: [{ expression: column('id'), alias: 'x' }],
      from: 'books',
      where: and(eq(column('id', { type: int }), 1)),
      orderBy: [{ expression: column('id'), direction: 'desc' }],
    });
    expect(Object.isFrozen(node)).to.equal(true);
    expect(Object.isFrozen(node.columns)).to.equal(true);
    expect(Object.isFrozen(node.columns[0])).to.equal(true);
    expect(Object.isFrozen(node.orderBy[0])).to.equal(true);
    expect(Object.isFrozen(node.from)).to.equal(true);
    expect(Object.isFrozen(node.where)).to.equal(true);
  });

  it('are plain data that prints as it was built', () => {
    expect(eq(column('id', { table: 'b', type: int }), 7)).to.deep.equal({
      kind: 'comparison',
      operator: '=',
      left: { kind: 'column', name: 'id', table: 'b', type: int },
      right: { kind: 'param', value: 7, type: int, column: 'id' },
    });
  });

  it('bind a plain value compared with a typed column with that column type and name', () => {
    const node = inList(column('id', { type: int }), [1, 2]);
    expect(node.values).to.deep.equal([
      { kind: 'param', value: 1, type: int, column: 'id' },
      { kind: 'param', value: 2, type: int, column: 'id' },
    ]);
  });

  it('type each item of a row value list by position', () => {
    const text = { kind: 'text' } as const;
    const node = inList(row(column('a', { type: int }), column('b', { type: text })), [[1, 'x']]);
    expect(node.values).to.deep.equal([
      {
        kind: 'row',
        items: [
          { kind: 'param', value: 1, type: int, column: 'a' },
          { kind: 'param', value: 'x', type: text, column: 'b' },
        ],
      },
    ]);
    expect(() => inList(row(column('a'), column('b')), [[1]])).to.throw(TabulaError, 'a row of 1 values');
  });

  it('are recognised only when a factory made them', () => {
    expect(isSqlNode(column('a'))).to.equal(true);
    expect(isSqlNode({ kind: 'column', name: 'a' })).to.equal(false);
    expect(isSqlNode(null)).to.equal(false);
  });

  it('rebuild from an existing node, validating again', () => {
    const first = select({ from: 'books', limit: 5 });
    const second = select({ ...first, offset: 10 });
    expect(second).to.deep.equal({ ...first, offset: 10 });
    expect(() => select({ ...first, limit: -1 })).to.throw(TabulaError, 'limit must be a non-negative safe integer');
  });

  it('refuse limits and offsets that are not non-negative safe integers', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      expect(() => select({ limit: bad }), String(bad)).to.throw(TabulaError, 'limit');
      expect(() => select({ offset: bad }), String(bad)).to.throw(TabulaError, 'offset');
    }
    expect(select({ limit: 0, offset: 0 })).to.include({ limit: 0, offset: 0 });
  });

  it('refuse unknown operators, join types, directions and lock options', () => {
    expect(() => compare(column('a'), '==' as '=', 1)).to.throw(TabulaError, 'comparison operator');
    const on = eq(column('a'), column('b'));
    expect(() => select({ joins: [{ type: 'cross' as 'inner', table: 't', on }] })).to.throw(TabulaError, 'join type');
    expect(() => select({ orderBy: [{ expression: column('a'), direction: 'up' as 'asc' }] })).to.throw(TabulaError);
    expect(() => select({ orderBy: [{ expression: column('a'), nulls: 'middle' as 'first' }] })).to.throw(TabulaError);
    expect(() => select({ lock: { strength: 'exclusive' as 'update' } })).to.throw(TabulaError, 'lock strength');
    expect(() => select({ lock: { strength: 'update', wait: 'later' as 'nowait' } })).to.throw(TabulaError);
  });

  it('refuse a plain value where an expression is required', () => {
    expect(() => and(1 as never)).to.throw(TabulaError, 'and expects an expression node, got number');
    expect(() => select({ where: { kind: 'raw', strings: ['1=1'], values: [] } as never })).to.throw(TabulaError);
  });

  it('refuse a statement used as a value', () => {
    expect(() => eq(column('a'), select({ from: 't' }))).to.throw(TabulaError, 'select node cannot be used as a value');
  });

  it('accept only whitelisted functions with the right number of arguments', () => {
    expect(fn('coalesce', column('a'), column('b'), nullLiteral()).args).to.have.length(3);
    expect(countAll()).to.deep.equal({ kind: 'function', name: 'count', args: '*' });
    expect(() => fn('pg_sleep' as FunctionName, column('a'))).to.throw(TabulaError, 'not one Tabula compiles');
    expect(() => fn('toString' as FunctionName, column('a'))).to.throw(TabulaError, 'not one Tabula compiles');
    expect(() => fn('lower')).to.throw(TabulaError, 'lower takes 1 argument, got 0');
    expect(() => fn('coalesce')).to.throw(TabulaError, 'at least 1 argument');
  });

  it('accept a single-character LIKE escape that cannot end a literal', () => {
    expect(like(column('a'), 'x', { escape: '!' }).escape).to.equal('!');
    for (const bad of ["'", '', '\\\\', '%', '_']) {
      expect(() => like(column('a'), 'x', { escape: bad }), bad).to.throw(TabulaError, 'LIKE escape');
    }
  });

  it('escape LIKE wildcards in user input', () => {
    expect(escapeLikePattern('50%_off\\')).to.equal('50\\%\\_off\\\\');
    expect(escapeLikePattern('a!b%', '!')).to.equal('a!!b!%');
  });

  it('check INSERT rows against the columns', () => {
    expect(() => insert({ table: 't', columns: ['a'], rows: [] })).to.throw(TabulaError, 'has no rows');
    expect(() => insert({ table: 't', columns: ['a', 'b'], rows: [[1]] })).to.throw(
      TabulaError,
      '1 values for 2 columns',
    );
    expect(() => insert({ table: 't', columns: ['a', 'a'], rows: [[1, 2]] })).to.throw(TabulaError, 'column a twice');
    expect(() => insert({ table: 't', columns: [], rows: [[], []] })).to.throw(TabulaError, 'exactly one row');
  });

  it('take rows laid out flat (ValueRows), checked like rows given as arrays', () => {
    const specs = [{ name: 'a' }, { name: 'b' }];
    const rows = ValueRows.flat(specs, [1, 'x', 2, 'y'], 'INSERT into t');
    expect(rows.count).to.equal(2);
    expect([rows.cell(0, 0), rows.cell(0, 1), rows.cell(1, 0), rows.cell(1, 1)]).to.deep.equal([1, 'x', 2, 'y']);
    expect(insert({ table: 't', columns: ['a', 'b'], rows }).rows).to.equal(rows);
    expect(() => ValueRows.flat(specs, [1, 2, 3], 'INSERT into t')).to.throw(
      TabulaError,
      '3 values do not fill rows of 2',
    );
    expect(() => ValueRows.flat(specs, [1, select({ from: 'u' })], 'INSERT into t')).to.throw(
      TabulaError,
      'a select node cannot be used as a value',
    );
    expect(() => insert({ table: 't', columns: ['b', 'a'], rows })).to.throw(TabulaError, "rows' columns are not");
    expect(() => insert({ table: 't', columns: ['a', 'b'], rows: [[1, select({ from: 'u' })]] })).to.throw(
      TabulaError,
      'a select node cannot be used as a value',
    );
    expect(rows.isAllValues).to.equal(true);
    expect(ValueRows.flat([], [], 'INSERT into t', 2).count).to.equal(2);
    expect(() => ValueRows.flat([], [], 'INSERT into t')).to.throw(TabulaError, '0 values do not fill rows of 0');
    expect(ValueRows.of(specs, [[1, defaultLiteral()]], 'INSERT into t').isAllValues).to.equal(false);
    expect([rows.isAllPlain, ValueRows.of(specs, [[1, param(2)]], 'INSERT into t').isAllPlain]).to.deep.equal([
      true,
      false,
    ]);
  });

  it('check upsert targets and updated columns', () => {
    const base = { table: 't', columns: ['a', 'b'], rows: [[1, 2]] };
    expect(() => insert({ ...base, onConflict: { columns: [], action: 'nothing' } })).to.throw(
      TabulaError,
      'no conflict',
    );
    expect(() => insert({ ...base, onConflict: { columns: ['a'], action: { update: [] } } })).to.throw(TabulaError);
    expect(() => insert({ ...base, onConflict: { columns: ['a'], action: { update: ['c'] } } })).to.throw(
      TabulaError,
      'updates c, which it does not insert',
    );
    expect(() =>
      insert({ table: 't', columns: [], rows: [[]], onConflict: { columns: ['a'], action: 'nothing' } }),
    ).to.throw(TabulaError, 'inserts no columns');
  });

  it('check UPDATE assignments', () => {
    expect(() => update({ table: 't', set: [] })).to.throw(TabulaError, 'assigns no columns');
    expect(() =>
      update({
        table: 't',
        set: [
          { column: 'a', value: 1 },
          { column: 'a', value: 2 },
        ],
      }),
    ).to.throw(TabulaError, 'assigns a twice');
    expect(update({ table: 't', set: [{ column: 'a', value: defaultLiteral() }] }).set[0]?.value).to.equal(
      defaultLiteral(),
    );
  });

  it('check batch UPDATE shapes', () => {
    const base = { table: 't', keys: ['id'], columns: ['a'], rows: [{ key: [1], values: [2] }] };
    expect(batchUpdate(base).match).to.deep.equal([]);
    expect(() => batchUpdate({ ...base, keys: [] })).to.throw(TabulaError, 'no key columns');
    expect(() => batchUpdate({ ...base, columns: [] })).to.throw(TabulaError, 'assigns no columns');
    expect(() => batchUpdate({ ...base, rows: [] })).to.throw(TabulaError, 'has no rows');
    expect(() => batchUpdate({ ...base, columns: ['id'] })).to.throw(TabulaError, 'assigns its key column id');
    expect(() => batchUpdate({ ...base, match: ['v'] })).to.throw(TabulaError, '0 values for 1 columns');
    expect(() => batchUpdate({ ...base, rows: [{ key: [1, 2], values: [2] }] })).to.throw(TabulaError);
  });

  it('build CASE, EXISTS and typed params from values', () => {
    expect(caseWhen([{ when: eq(column('a'), 1), result: 'one' }]).otherwise).to.equal(undefined);
    expect(() => caseWhen([])).to.throw(TabulaError, 'at least one WHEN');
    expect(() => exists(column('a') as never)).to.throw(TabulaError, 'SELECT');
    expect(param(1, { type: int, column: 'id' })).to.deep.equal({ kind: 'param', value: 1, type: int, column: 'id' });
  });
});

/**
 * `sql` is a tag, never a function of text: called with a plain array (built by code, or parsed
 * from JSON) it is refused with a SqlNodeError, so text the program did not write never becomes
 * SQL. What a template literal gives — a frozen array with a frozen `raw` of the same length — is
 * the only thing it takes.
 */
import { expect } from 'chai';
import { SqlNodeError } from '../../lib/errors';
import { sql } from '../../lib/sql/raw';
import { testSql } from './support/test-sql';

type Tag = (strings: unknown, ...values: unknown[]) => unknown;
const call = sql as unknown as Tag;

describe('the sql tag refuses what is not a template literal', () => {
  it('refuses a plain array, a frozen array without raw, and an array from JSON', () => {
    const withoutRaw = Object.freeze(['DROP TABLE users']);
    for (const strings of [['DROP TABLE users'], withoutRaw, JSON.parse('["SELECT 1 WHERE x = ", ""]')]) {
      expect(() => call(strings, 1)).to.throw(SqlNodeError, /not as a tagged template/);
    }
  });

  it('refuses look-alikes: a raw of another length, an unfrozen raw, a count of values that does not fit, a string', () => {
    const shortRaw = Object.freeze(Object.assign(['a', 'b'], { raw: Object.freeze(['a']) }));
    const openRaw = Object.freeze(Object.assign(['a'], { raw: ['a'] }));
    const fits = Object.freeze(Object.assign(['a ', ''], { raw: Object.freeze(['a ', '']) }));
    expect(() => call(shortRaw, 1)).to.throw(SqlNodeError);
    expect(() => call(openRaw)).to.throw(SqlNodeError);
    expect(() => call(fits)).to.throw(SqlNodeError, /tagged template/);
    expect(() => call(fits, 1, 2)).to.throw(SqlNodeError);
    expect(() => call('SELECT 1')).to.throw(SqlNodeError);
    expect(() => call(undefined)).to.throw(SqlNodeError);
  });

  it('takes a template literal, however it is written (the positive twin)', () => {
    const id = 7;
    testSql(sql`SELECT * FROM t WHERE id = ${id}`, {
      sqlite: { sql: 'SELECT * FROM t WHERE id = ?', params: [7] },
      postgres: { sql: 'SELECT * FROM t WHERE id = $1', params: [7] },
      mysql: { sql: 'SELECT * FROM t WHERE id = ?', params: [7] },
    });
    testSql(sql`SELECT 1`, {
      sqlite: { sql: 'SELECT 1', params: [] },
      postgres: { sql: 'SELECT 1', params: [] },
      mysql: { sql: 'SELECT 1', params: [] },
    });
  });
});

import { expect } from 'chai';
import { MysqlCompiler } from '../../../lib/dialects/mysql/compiler';
import { IdentifierError } from '../../../lib/errors';
import { column, eq, select } from '../../../lib/sql/nodes';
import { sql } from '../../../lib/sql/raw';
import { TEST_CAPABILITIES } from '../../sql/support/test-capabilities';
import { testTypes } from '../../sql/support/test-types';

const compiler = new MysqlCompiler(testTypes('mysql'), TEST_CAPABILITIES.mysql);

describe('MysqlCompiler', () => {
  it('quotes with backticks everywhere, raw identifiers included', () => {
    const node = sql`SELECT ${sql.id('t', 'a')} FROM ${sql.id('t')} WHERE ${eq(column('b'), 1)}`;
    expect(compiler.compile(node)).to.deep.equal({ sql: 'SELECT `t`.`a` FROM `t` WHERE `b` = ?', params: [1] });
  });

  it('never lets a backtick into an identifier', () => {
    expect(() => sql.id('a`b')).to.throw(IdentifierError);
  });

  it("writes NULLS FIRST ascending and NULLS LAST descending as the plain order, MySQL's default", () => {
    const x = column('x');
    const node = select({
      from: 't',
      orderBy: [
        { expression: x, direction: 'asc', nulls: 'first' },
        { expression: x, direction: 'desc', nulls: 'last' },
      ],
    });
    expect(compiler.compile(node).sql).to.equal('SELECT * FROM `t` ORDER BY `x` ASC, `x` DESC');
  });
});

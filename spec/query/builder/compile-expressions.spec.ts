/**
 * The SQL each dialect gets for query expressions (nothing runs; expressions.spec.ts runs them).
 */
import { expect } from 'chai';
import { Customer, Invoice, Track } from '../../../fixtures/chinook/entities';
import { add, concat, divide, multiply, now, substring, year } from '../../../lib/query';
import type { DialectName } from '../../support/matrix';
import { qb } from './support/compile-only';

const select = (dialect: DialectName) =>
  qb(Invoice, dialect)
    .select((i) => ({ y: year(i.invoiceDate), plus: add(i.total, '1.50') }))
    .toSql();

describe('query expressions compile per dialect', () => {
  it('year(): strftime on SQLite, EXTRACT on PostgreSQL, YEAR() on MySQL; a decimal value typed where the server would guess', () => {
    expect(select('sqlite').sql).to.equal(
      `SELECT CAST(strftime('%Y', "t0"."InvoiceDate") AS INTEGER) AS "y", "t0"."Total" + ? AS "plus" FROM "Invoice" AS "t0"`,
    );
    expect(select('postgres').sql).to.equal(
      `SELECT CAST(EXTRACT(YEAR FROM "t0"."InvoiceDate") AS INTEGER) AS "y", "t0"."Total" + CAST($1 AS numeric) AS "plus" FROM "Invoice" AS "t0"`,
    );
    expect(select('mysql').sql).to.equal(
      'SELECT YEAR(`t0`.`InvoiceDate`) AS `y`, `t0`.`Total` + CAST(? AS DECIMAL(65, 2)) AS `plus` FROM `Invoice` AS `t0`',
    );
  });

  it('integer division truncates everywhere (DIV on MySQL); a decimal one is /', () => {
    const sql = (dialect: DialectName) =>
      qb(Track, dialect)
        .select((t) => ({ s: divide(t.milliseconds, 1000), p: divide(t.unitPrice, 3) }))
        .toSql().sql;
    expect(sql('mysql')).to.include('`t0`.`Milliseconds` DIV ? AS `s`').and.include('`t0`.`UnitPrice` / ? AS `p`');
    expect(sql('sqlite')).to.include('"t0"."Milliseconds" / ? AS "s"');
    expect(sql('postgres')).to.include('"t0"."Milliseconds" / $1 AS "s"');
  });

  it('concat is || on SQLite and PostgreSQL (NULL-propagating), CONCAT on MySQL; substring bounds are inlined', () => {
    const sql = (dialect: DialectName) =>
      qb(Customer, dialect)
        .select((c) => ({ x: concat(c.firstName, ' ', substring(c.lastName, 1, 1)) }))
        .toSql();
    expect(sql('sqlite').sql).to.equal(
      `SELECT ("t0"."FirstName" || ? || SUBSTR("t0"."LastName", 1, 1)) AS "x" FROM "Customer" AS "t0"`,
    );
    expect(sql('postgres').sql).to.include(`("t0"."FirstName" || $1 || SUBSTR("t0"."LastName", 1, 1))`);
    expect(sql('mysql').sql).to.include('CONCAT(`t0`.`FirstName`, ?, SUBSTR(`t0`.`LastName`, 1, 1))');
    expect(sql('sqlite').params).to.deep.equal([' ']);
  });

  it('now(): canonical UTC text on SQLite, CURRENT_TIMESTAMP on PostgreSQL, UTC_TIMESTAMP(3) on MySQL', () => {
    const sql = (dialect: DialectName) =>
      qb(Invoice, dialect)
        .select(() => ({ n: now() }))
        .toSql().sql;
    expect(sql('sqlite')).to.include(`strftime('%Y-%m-%d %H:%M:%f', 'now') AS "n"`);
    expect(sql('postgres')).to.include('CURRENT_TIMESTAMP AS "n"');
    expect(sql('mysql')).to.include('UTC_TIMESTAMP(3) AS `n`');
  });

  it('a wrong type at run time (plain JavaScript) is a QueryError naming the property', () => {
    const untyped = multiply as (a: unknown, b: unknown) => unknown;
    expect(() =>
      qb(Customer)
        .select((c) => ({ x: untyped(c.firstName, 2) as never }))
        .toSql(),
    ).to.throw(/CustomerMapper\.firstName: multiply needs numbers/);
  });
});

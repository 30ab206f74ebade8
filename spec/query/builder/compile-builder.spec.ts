/**
 * The query builder as data: the exact SQL and parameters each builder compiles to on each
 * dialect (no database), and the QueryError naming the property for what the mapper lacks.
 */
import { expect } from 'chai';
import { Album, Customer, Invoice, InvoiceLine, Playlist, Track } from '../../../fixtures/chinook/entities';
import {
  anyOf,
  avg,
  count,
  countDistinct,
  desc,
  inSubquery,
  max,
  min,
  notExistsIn,
  QueryError,
  scalar,
  sum,
  op,
} from '../../../lib/query';
import { expectRejection } from '../../support/expect-rejection';
import { qb } from './support/compile-only';

function rejects(build: () => unknown, property: string, message: RegExp): void {
  let error: unknown;
  try {
    build();
  } catch (e) {
    error = e;
  }
  expect(error).to.be.instanceOf(QueryError);
  expect((error as QueryError).property).to.equal(property);
  expect((error as QueryError).message).to.match(message);
}

const revenuePerCountry = (dialect: 'sqlite' | 'postgres' | 'mysql') =>
  qb(Invoice, dialect)
    .join('customer')
    .where({ total: op({ $gt: '1.00' }) })
    .select((i) => ({ country: i.customer.address.country, revenue: sum(i.total), n: count() }))
    .groupBy((i) => [i.customer.address.country])
    .having((i) => sum(i.total).gt('100'))
    .orderBy((_, out) => [desc(out.revenue)])
    .limit(5)
    .toSql();

describe('QueryBuilder compiles', () => {
  it('a join, a filter, GROUP BY, HAVING and an order by output name, on each dialect', () => {
    expect(revenuePerCountry('sqlite')).to.deep.equal({
      sql:
        'SELECT "t1"."Country" AS "country", SUM("t0"."Total") AS "revenue", COUNT(*) AS "n" FROM "Invoice" AS "t0" ' +
        'INNER JOIN "Customer" AS "t1" ON "t1"."CustomerId" = "t0"."CustomerId" WHERE CAST("t0"."Total" AS REAL) > CAST(? AS REAL) ' +
        'GROUP BY "t1"."Country" HAVING SUM("t0"."Total") > ? ORDER BY "revenue" DESC LIMIT 5',
      params: ['1.00', 100],
    });
    expect(revenuePerCountry('postgres')).to.deep.equal({
      sql:
        'SELECT "t1"."Country" AS "country", SUM("t0"."Total") AS "revenue", COUNT(*) AS "n" FROM "Invoice" AS "t0" ' +
        'INNER JOIN "Customer" AS "t1" ON "t1"."CustomerId" = "t0"."CustomerId" WHERE "t0"."Total" > $1 ' +
        'GROUP BY "t1"."Country" HAVING SUM("t0"."Total") > $2 ORDER BY "revenue" DESC LIMIT 5',
      params: ['1.00', 100],
    });
    expect(revenuePerCountry('mysql')).to.deep.equal({
      sql:
        'SELECT `t1`.`Country` AS `country`, SUM(`t0`.`Total`) AS `revenue`, COUNT(*) AS `n` FROM `Invoice` AS `t0` ' +
        'INNER JOIN `Customer` AS `t1` ON `t1`.`CustomerId` = `t0`.`CustomerId` WHERE `t0`.`Total` > ? ' +
        'GROUP BY `t1`.`Country` HAVING SUM(`t0`.`Total`) > ? ORDER BY `revenue` DESC LIMIT 5',
      params: ['1.00', 100],
    });
  });

  it('entities over a to-many join once each: grouped by the root columns, ordered by key', () => {
    const query = qb(Album)
      .join('tracks')
      .groupBy((a) => [a.albumId])
      .having((a) => count(a.tracks.trackId).gt(20));
    expect(query.toSql()).to.deep.equal({
      sql:
        'SELECT "t0"."AlbumId", "t0"."Title", "t0"."ArtistId" FROM "Album" AS "t0" ' +
        'INNER JOIN "Track" AS "t1" ON "t1"."AlbumId" = "t0"."AlbumId" ' +
        'GROUP BY "t0"."AlbumId", "t0"."Title", "t0"."ArtistId" HAVING COUNT("t1"."TrackId") > ? ORDER BY "t0"."AlbumId" ASC',
      params: [20],
    });
  });

  it('reads a to-one key from the FK column, and LEFT JOINs a to-one path read through it once', () => {
    const sql = qb(Track)
      .select((t) => ({ album: t.album.albumId, title: t.album.title, artist: t.album.artist.name }))
      .toSql().sql;
    expect(sql).to.equal(
      'SELECT "t0"."AlbumId" AS "album", "t1"."Title" AS "title", "t2"."Name" AS "artist" FROM "Track" AS "t0" ' +
        'LEFT JOIN "Album" AS "t1" ON "t1"."AlbumId" = "t0"."AlbumId" LEFT JOIN "Artist" AS "t2" ON "t2"."ArtistId" = "t1"."ArtistId"',
    );
  });

  it('joins a many-to-many-free chain of to-many paths, and leftJoin keeps parents without children', () => {
    const sql = qb(Customer)
      .leftJoin('invoices.lines')
      .select((c) => ({ id: c.customerId, quantity: sum(c.invoices.lines.quantity) }))
      .groupBy((c) => [c.customerId])
      .toSql().sql;
    expect(sql).to.equal(
      'SELECT "t0"."CustomerId" AS "id", SUM("t2"."Quantity") AS "quantity" FROM "Customer" AS "t0" ' +
        'LEFT JOIN "Invoice" AS "t1" ON "t1"."CustomerId" = "t0"."CustomerId" ' +
        'LEFT JOIN "InvoiceLine" AS "t2" ON "t2"."InvoiceId" = "t1"."InvoiceId" GROUP BY "t0"."CustomerId"',
    );
  });

  it('every aggregate, and conditions combined with anyOf / not', () => {
    const compiled = qb(Track)
      .where((t) => anyOf(t.milliseconds.gt(600_000), t.composer.isNull()).not())
      .select((t) => ({
        n: count(t.composer),
        composers: countDistinct(t.composer),
        total: sum(t.milliseconds),
        mean: avg(t.unitPrice),
        shortest: min(t.milliseconds),
        longest: max(t.milliseconds),
      }))
      .toSql();
    expect(compiled).to.deep.equal({
      sql:
        'SELECT COUNT("t0"."Composer") AS "n", COUNT(DISTINCT "t0"."Composer") AS "composers", ' +
        'SUM("t0"."Milliseconds") AS "total", AVG("t0"."UnitPrice") AS "mean", MIN("t0"."Milliseconds") AS "shortest", ' +
        'MAX("t0"."Milliseconds") AS "longest" FROM "Track" AS "t0" ' +
        'WHERE NOT ("t0"."Milliseconds" > ? OR "t0"."Composer" IS NULL)',
      params: [600_000],
    });
  });

  it('IN and a correlated EXISTS subquery, and a scalar subquery, with aliases of their own', () => {
    const compiled = qb(Customer)
      .where((c) =>
        inSubquery(
          c.customerId,
          qb(Invoice)
            .where({ total: op({ $gt: '20' }) })
            .select((i) => ({ id: i.customer.customerId })),
        ),
      )
      .where((c) =>
        notExistsIn(
          qb(Invoice)
            .join('lines')
            .where((i) => i.customer.customerId.eq(c.customerId).and(i.lines.quantity.gt(1))),
        ),
      )
      .select((c) => ({
        id: c.customerId,
        invoices: scalar(
          qb(Invoice)
            .where((i) => i.customer.customerId.eq(c.customerId))
            .select(() => ({ n: count() })),
        ),
      }))
      .toSql();
    expect(compiled).to.deep.equal({
      sql:
        'SELECT "t0"."CustomerId" AS "id", (SELECT COUNT(*) AS "n" FROM "Invoice" AS "t4" WHERE "t4"."CustomerId" = "t0"."CustomerId") AS "invoices" ' +
        'FROM "Customer" AS "t0" WHERE "t0"."CustomerId" IN (SELECT "t1"."CustomerId" AS "id" FROM "Invoice" AS "t1" WHERE CAST("t1"."Total" AS REAL) > CAST(? AS REAL)) ' +
        'AND NOT EXISTS (SELECT "t2"."InvoiceId", "t2"."CustomerId", "t2"."InvoiceDate", "t2"."BillingAddress", "t2"."BillingCity", ' +
        '"t2"."BillingState", "t2"."BillingCountry", "t2"."BillingPostalCode", "t2"."Total" FROM "Invoice" AS "t2" ' +
        'INNER JOIN "InvoiceLine" AS "t3" ON "t3"."InvoiceId" = "t2"."InvoiceId" ' +
        'WHERE "t2"."CustomerId" = "t0"."CustomerId" AND "t3"."Quantity" > ? ' +
        'GROUP BY "t2"."InvoiceId", "t2"."CustomerId", "t2"."InvoiceDate", "t2"."BillingAddress", "t2"."BillingCity", "t2"."BillingState", ' +
        '"t2"."BillingCountry", "t2"."BillingPostalCode", "t2"."Total")',
      params: ['20', 1],
    });
  });

  it('binds every value: a hostile string stays a parameter', () => {
    const compiled = qb(Track)
      .where((t) => t.name.eq("x'; DROP TABLE Track; --"))
      .select((t) => ({ id: t.trackId }))
      .toSql();
    expect(compiled).to.deep.equal({
      sql: 'SELECT "t0"."TrackId" AS "id" FROM "Track" AS "t0" WHERE "t0"."Name" = ?',
      params: ["x'; DROP TABLE Track; --"],
    });
  });
});

describe('QueryBuilder refuses, with a QueryError naming the property', () => {
  it('an unknown relation in join', () => {
    rejects(
      () =>
        qb(Invoice)
          .join('custmer' as 'customer')
          .toSql(),
      'custmer',
      /InvoiceMapper has no mapped property "custmer"/,
    );
  });

  it('a column or an embeddable in join', () => {
    rejects(
      () =>
        qb(Invoice)
          .join('total' as 'customer')
          .toSql(),
      'total',
      /is a column, not a relation/,
    );
    rejects(() => qb(Invoice).join('billing').toSql(), 'billing', /is an embeddable, not a relation/);
  });

  it('an unknown property in where, and in the select callback', () => {
    rejects(
      () =>
        qb(Invoice)
          .where({ totl: '1' } as never)
          .toSql(),
      'totl',
      /InvoiceMapper has no mapped property "totl"/,
    );
    rejects(
      () =>
        qb(Invoice)
          .select((i) => ({ x: (i as unknown as Record<string, never>).totl as never }))
          .toSql(),
      'totl',
      /InvoiceMapper has no mapped property "totl"/,
    );
    rejects(
      () =>
        qb(Invoice)
          .select((i) => ({ x: (i.customer as unknown as Record<string, never>).nmae as never }))
          .toSql(),
      'customer.nmae',
      /CustomerMapper has no mapped property "nmae"/,
    );
  });

  it('a to-many relation read without a join', () => {
    rejects(
      () =>
        qb(Album)
          .select((a) => ({ n: count(a.tracks.trackId) }))
          .toSql(),
      'tracks',
      /to-many relation that was not joined; call \.join\('tracks'\)/,
    );
  });

  it('sum of a text column (a class cannot tell it from a decimal at compile time)', () => {
    rejects(
      () =>
        qb(Track)
          .select((t) => ({ s: sum(t.name) }))
          .toSql(),
      'name',
      /sum needs a numeric property .* this one is string/,
    );
  });

  it('getRows without a select, an empty select, getEntities with a select', async () => {
    const error = await expectRejection(qb(Playlist).getRows(), QueryError);
    expect(error.message).to.match(/selects nothing: call \.select/);
    rejects(
      () =>
        qb(Playlist)
          .select(() => ({}))
          .toSql(),
      'select',
      /selects no value/,
    );
    const entities = await expectRejection(
      qb(Playlist)
        .select((p) => ({ id: p.playlistId }))
        .getEntities(),
      QueryError,
    );
    expect(entities.property).to.equal('select');
  });

  it('a subquery of two values, and a relation as a selected value', () => {
    rejects(
      () =>
        qb(Customer)
          .where((c) =>
            inSubquery(c.customerId, qb(InvoiceLine).select((l) => ({ a: l.invoiceLineId, b: l.quantity })) as never),
          )
          .toSql(),
      'inSubquery',
      /exactly one value/,
    );
    rejects(
      () =>
        qb(Invoice)
          .select((i) => ({ c: i.customer as never }))
          .toSql(),
      'select.c',
      /expects a column reference or an aggregate/,
    );
  });
});

/**
 * Chinook questions that need aggregates, asked through the query builder of the ORM-written
 * Chinook and compared with the same question in hand-written SQL of the script-loaded original
 * (spec/query/support, reused read-only). Sums of NUMERIC(10,2) are compared as exact strings.
 */
import { expect } from 'chai';
import { Album, Customer, Invoice, InvoiceLine, Track } from '../../../fixtures/chinook/entities';
import type { EntityManager } from '../../../lib';
import { avg, count, desc, existsIn, max, min, scalar, sum, op } from '../../../lib/query';
import { describeEachDialect } from '../../support/matrix';
import { type ChinookOrmLoad, loadChinookThroughOrm } from '../support/chinook-orm';
import { type ChinookOrmSql, chinookOrmSql } from '../support/chinook-orm-sql';
import { num, rawRows, str } from '../support/chinook-orm-rows';

/** 52362 → '523.62': the exact decimal string a sum in cents stands for. */
function money(cents: unknown): string {
  const c = Number(cents);
  return `${Math.trunc(c / 100)}.${String(c % 100).padStart(2, '0')}`;
}

const byFirst = (a: readonly unknown[], b: readonly unknown[]) => (String(a[0]) < String(b[0]) ? -1 : 1);

describeEachDialect('QueryBuilder on Chinook', (ctx) => {
  let load: ChinookOrmLoad;
  let em: EntityManager;
  let SQL: ChinookOrmSql;

  before(async function () {
    this.timeout(180_000);
    load = await loadChinookThroughOrm(ctx);
    SQL = chinookOrmSql(load.script.name);
  });

  beforeEach(() => {
    em = load.orm.em.fork();
  });

  after(async function () {
    this.timeout(60_000);
    await load?.close();
  });

  it('revenue per billing country: SUM of a decimal, exact, grouped by an embeddable column', async () => {
    const rows = await em
      .createQueryBuilder(Invoice)
      .select((i) => ({ country: i.billing.country, revenue: sum(i.total) }))
      .groupBy((i) => [i.billing.country])
      .getRows();
    const expected = (await rawRows(load.script, SQL.revenuePerCountry, str, money)).sort(byFirst);
    expect(rows.map((r) => [r.country, r.revenue]).sort(byFirst)).to.deep.equal(expected);
    expect(expected).to.have.length(24);
  });

  it('the top 5 customers by invoice total: ORDER BY an output, then the key, LIMIT', async () => {
    const rows = await em
      .createQueryBuilder(Invoice)
      .select((i) => ({ customer: i.customer.customerId, spent: sum(i.total) }))
      .groupBy((i) => [i.customer.customerId])
      .orderBy((i, out) => [desc(out.spent), i.customer.customerId])
      .limit(5)
      .getRows();
    const expected = await rawRows(load.script, SQL.topCustomers, num, money);
    expect(rows.map((r) => [r.customer, r.spent])).to.deep.equal(expected);
  });

  it('tracks per genre: COUNT through a joined to-one, read as numbers', async () => {
    const rows = await em
      .createQueryBuilder(Track)
      .join('genre')
      .select((t) => ({ genre: t.genre.name, tracks: count(t.trackId) }))
      .groupBy((t) => [t.genre.genreId, t.genre.name])
      .orderBy((t) => [t.genre.genreId])
      .getRows();
    const expected = await rawRows(load.script, SQL.tracksPerGenre, str, num);
    expect(rows.map((r) => [r.genre, r.tracks])).to.deep.equal(expected);
    expect(typeof rows[0]?.tracks).to.equal('number');
  });

  it('albums with more than 20 tracks: managed entities, once each, from a to-many join with HAVING', async () => {
    const albums = await em
      .createQueryBuilder(Album)
      .join('tracks')
      .groupBy((a) => [a.albumId])
      .having((a) => count(a.tracks.trackId).gt(20))
      .getEntities();
    const expected = await rawRows(load.script, SQL.albumsOver20Tracks, num, str, num);
    expect(albums.map((a) => [a.albumId, a.title])).to.deep.equal(expected.map(([id, title]) => [id, title]));
    expect(albums.every((a) => a instanceof Album && em.contains(a))).to.equal(true);
    expect(await em.findOne(Album, albums[0]?.albumId)).to.equal(albums[0]);
    const counted = await em
      .createQueryBuilder(Album)
      .join('tracks')
      .groupBy((a) => [a.albumId])
      .having((a) => count(a.tracks.trackId).gt(20))
      .getCount();
    expect(counted).to.equal(expected.length);
  });

  it('the 10 best-selling tracks by quantity: SUM of an integer is a number', async () => {
    const rows = await em
      .createQueryBuilder(InvoiceLine)
      .select((l) => ({ track: l.track.trackId, sold: sum(l.quantity) }))
      .groupBy((l) => [l.track.trackId])
      .orderBy((l, out) => [desc(out.sold), l.track.trackId])
      .limit(10)
      .getRows();
    const expected = await rawRows(load.script, SQL.bestSellingTracks, num, num);
    expect(rows.map((r) => [r.track, r.sold])).to.deep.equal(expected);
  });

  it('min, max and avg read in the property types: dates as Date, integers averaged as numbers', async () => {
    const [row] = await em
      .createQueryBuilder(Invoice)
      .select((i) => ({ first: min(i.invoiceDate), last: max(i.invoiceDate), invoices: count() }))
      .getRows();
    const [raw] = await load.script.raw.select(
      `SELECT MIN(${load.script.name('InvoiceDate')}) AS a, MAX(${load.script.name('InvoiceDate')}) AS b FROM ${load.script.name('Invoice')}`,
    );
    expect(row?.first).to.be.instanceOf(Date);
    expect([
      row?.first?.toISOString().slice(0, 10),
      row?.last?.toISOString().slice(0, 10),
      row?.invoices,
    ]).to.deep.equal([isoDay(raw?.a), isoDay(raw?.b), 412]);
    const [mean] = await em
      .createQueryBuilder(Track)
      .select((t) => ({ ms: avg(t.milliseconds), price: avg(t.unitPrice) }))
      .getRows();
    const [expected] = await load.script.raw.select(
      `SELECT AVG(${load.script.name('Milliseconds')}) AS ms, AVG(${load.script.name('UnitPrice')}) AS p FROM ${load.script.name('Track')}`,
    );
    expect(typeof mean?.ms).to.equal('number');
    expect(typeof mean?.price).to.equal('string');
    expect([mean?.ms?.toFixed(2), Number(mean?.price).toFixed(4)]).to.deep.equal([
      Number(expected?.ms).toFixed(2),
      Number(expected?.p).toFixed(4),
    ]);
  });

  it('customers with an invoice after #400 (correlated EXISTS), and their invoice count (scalar subquery)', async () => {
    const rows = await em
      .createQueryBuilder(Customer)
      .where((c) =>
        existsIn(
          em
            .createQueryBuilder(Invoice)
            .where({ invoiceId: op({ $gt: 400 }) })
            .where((i) => i.customer.customerId.eq(c.customerId)),
        ),
      )
      .select((c) => ({
        id: c.customerId,
        invoices: scalar(
          em
            .createQueryBuilder(Invoice)
            .where((i) => i.customer.customerId.eq(c.customerId))
            .select(() => ({ n: count() })),
        ),
      }))
      .orderBy((c) => [c.customerId])
      .getRows();
    const n = load.script.name;
    const expected = await rawRows(
      load.script,
      `SELECT ${n('CustomerId')}, COUNT(*) FROM ${n('Invoice')} WHERE ${n('CustomerId')} IN ` +
        `(SELECT ${n('CustomerId')} FROM ${n('Invoice')} WHERE ${n('InvoiceId')} > 400) GROUP BY ${n('CustomerId')} ORDER BY 1`,
      num,
      num,
    );
    expect(rows.map((r) => [r.id, r.invoices])).to.deep.equal(expected);
    expect(expected).to.have.length(12);
  });

  it('getCount counts the selected groups', async () => {
    const groups = await em
      .createQueryBuilder(Invoice)
      .select((i) => ({ country: i.billing.country }))
      .groupBy((i) => [i.billing.country])
      .getCount();
    expect(groups).to.equal(24);
  });
});

function isoDay(raw: unknown): string {
  return raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw).slice(0, 10);
}

/**
 * Query expressions on the ORM-written Chinook, the same questions on SQLite, PostgreSQL and
 * MariaDB: date parts, arithmetic with its result types, coalesce, caseWhen, text functions and
 * now(), in select, where, groupBy, having and orderBy. Expected values are Chinook's (or computed
 * in JS from the entities), never the dialect's own answer.
 */
import { expect } from 'chai';
import { Customer, Genre, Invoice, InvoiceLine, Track } from '../../../fixtures/chinook/entities';
import type { EntityManager } from '../../../lib';
import {
  add,
  caseWhen,
  coalesce,
  concat,
  count,
  day,
  desc,
  divide,
  hour,
  length,
  lower,
  month,
  multiply,
  now,
  op,
  substring,
  subtract,
  sum,
  upper,
  year,
} from '../../../lib/query';
import { describeEachDialect } from '../../support/matrix';
import { type ChinookOrmLoad, loadChinookThroughOrm } from '../support/chinook-orm';

describeEachDialect('Query expressions on Chinook', (ctx) => {
  let load: ChinookOrmLoad;
  let em: EntityManager;

  before(async function () {
    this.timeout(180_000);
    load = await loadChinookThroughOrm(ctx);
  });

  beforeEach(() => {
    em = load.orm.em.fork();
  });

  after(async function () {
    this.timeout(60_000);
    await load?.close();
  });

  it('invoices and revenue per year, in one statement: year() in select, groupBy and orderBy', async () => {
    const statements: string[] = [];
    const off = load.orm.db.onQuery((e) => {
      statements.push(e.sql);
    });
    const rows = await em
      .createQueryBuilder(Invoice)
      .select((i) => ({ year: year(i.invoiceDate), invoices: count(), revenue: sum(i.total) }))
      .groupBy((i) => [year(i.invoiceDate)])
      .orderBy((_, out) => [out.year])
      .getRows();
    off();
    expect(rows).to.deep.equal([
      { year: 2021, invoices: 83, revenue: '449.46' },
      { year: 2022, invoices: 83, revenue: '481.45' },
      { year: 2023, invoices: 83, revenue: '469.58' },
      { year: 2024, invoices: 83, revenue: '477.53' },
      { year: 2025, invoices: 80, revenue: '450.58' },
    ]);
    expect(statements).to.have.length(1);
  });

  it('month, day and hour of a datetime, as numbers; a date part in where, having and orderBy, grouped by the output', async () => {
    const [first] = await em
      .createQueryBuilder(Invoice)
      .where({ invoiceId: 1 })
      .select((i) => ({
        y: year(i.invoiceDate),
        m: month(i.invoiceDate),
        d: day(i.invoiceDate),
        h: hour(i.invoiceDate),
      }))
      .getRows();
    expect(first).to.deep.equal({ y: 2021, m: 1, d: 1, h: 0 });
    const busy = await em
      .createQueryBuilder(Invoice)
      .where((i) => year(i.invoiceDate).eq(2022))
      .select((i) => ({ month: month(i.invoiceDate), n: count() }))
      .groupBy((_, out) => [out.month])
      .having(() => count().gte(7))
      .orderBy((i) => [desc(month(i.invoiceDate))])
      .getRows();
    const perMonth = new Map<number, number>();
    for (const i of await em.find(Invoice, {})) {
      if (i.invoiceDate.getUTCFullYear() !== 2022) continue;
      const m = i.invoiceDate.getUTCMonth() + 1;
      perMonth.set(m, (perMonth.get(m) ?? 0) + 1);
    }
    const expected = [...perMonth].filter(([, n]) => n >= 7).sort(([a], [b]) => b - a);
    expect(busy.map((r) => [r.month, r.n])).to.deep.equal(expected);
    expect(expected.length).to.be.within(2, 11);
  });

  it('arithmetic on decimals is exact and reads as a decimal string: price × quantity sums to each invoice total', async () => {
    const lines = await em
      .createQueryBuilder(InvoiceLine)
      .select((l) => ({ invoice: l.invoice.invoiceId, total: sum(multiply(l.unitPrice, l.quantity)) }))
      .groupBy((l) => [l.invoice.invoiceId])
      .orderBy((l) => [l.invoice.invoiceId])
      .getRows();
    const invoices = await em.find(Invoice, {}, { orderBy: { invoiceId: 'asc' } });
    expect(lines.map((r) => r.total)).to.deep.equal(invoices.map((i) => i.total));
    const [one] = await em
      .createQueryBuilder(Invoice)
      .where({ invoiceId: 1 })
      .select((i) => ({
        plus: add(i.total, '0.015'),
        minus: subtract(i.total, 2),
        times: multiply(i.total, '1.5'),
        half: divide(i.total, 2),
      }))
      .getRows();
    // Invoice 1 totals 1.98; + and − keep the larger scale, × adds the scales (as PostgreSQL and MySQL do).
    expect([one?.plus, one?.minus, one?.times]).to.deep.equal(['1.995', '-0.02', '2.970']);
    // A decimal quotient has the digits the database computed (SQLite's REAL, PostgreSQL's NUMERIC
    // scale, MySQL's scale + 4), read without trailing zeros: 1.98 / 2 is '0.99' everywhere.
    expect(one?.half).to.equal('0.99');
    // SQLite computes in REAL (1.98 + 0.1 + 0.2 is 2.2800000000000002 there), rounded back to the
    // exact result's scale; PostgreSQL and MariaDB are exact.
    const [real] = await em
      .createQueryBuilder(Invoice)
      .where({ invoiceId: 1 })
      .select((i) => ({ x: add(add(i.total, '0.1'), '0.2'), third: divide(i.total, 3) }))
      .getRows();
    expect(real?.x).to.equal('2.28');
    expect(Number(real?.third)).to.be.closeTo(0.66, 1e-12);
  });

  it('an expression inside an aggregate, in having: invoices whose lines add up to more than 15.00', async () => {
    const rows = await em
      .createQueryBuilder(InvoiceLine)
      .select((l) => ({ invoice: l.invoice.invoiceId }))
      .groupBy((l) => [l.invoice.invoiceId])
      .having((l) => sum(multiply(l.unitPrice, l.quantity)).gt('15.00'))
      .orderBy((l) => [l.invoice.invoiceId])
      .getRows();
    const expected = (await em.find(Invoice, { total: op({ $gt: '15.00' }) }, { orderBy: { invoiceId: 'asc' } })).map(
      (i) => i.invoiceId,
    );
    expect(rows.map((r) => r.invoice)).to.deep.equal(expected);
    expect(expected.length).to.be.greaterThan(10);
  });

  it('integers stay integers (division truncates on every dialect); a float operand makes a number', async () => {
    const [t] = await em
      .createQueryBuilder(Track)
      .where({ trackId: 1 })
      .select((t) => ({
        seconds: divide(t.milliseconds, 1000),
        doubled: multiply(t.milliseconds, 2),
        minutes: multiply(t.milliseconds, 0.001 / 60),
        ms: t.milliseconds,
      }))
      .getRows();
    expect(t?.seconds).to.equal(Math.trunc((t?.ms as number) / 1000));
    expect(t?.doubled).to.equal((t?.ms as number) * 2);
    expect(t?.minutes).to.be.closeTo((t?.ms as number) / 60_000, 1e-9);
    const long = await em
      .createQueryBuilder(Track)
      .where((t) => divide(t.milliseconds, 60_000).gte(20))
      .select((t) => ({ id: t.trackId }))
      .getRows();
    const expected = await em.find(Track, { milliseconds: op({ $gte: 1_200_000 }) });
    expect(long.map((r) => r.id).sort((a, b) => a - b)).to.deep.equal(
      expected.map((x) => x.trackId).sort((a, b) => a - b),
    );
  });

  it('coalesce and caseWhen: values by condition, groups by band, having on the band count', async () => {
    const companies = await em
      .createQueryBuilder(Customer)
      .select((c) => ({ company: coalesce(c.company, '(private)'), n: count() }))
      .groupBy((_, out) => [out.company])
      .orderBy((_, out) => [desc(out.n), out.company])
      .limit(1)
      .getRows();
    const customers = await em.find(Customer, {});
    expect(companies).to.deep.equal([{ company: '(private)', n: customers.filter((c) => c.company === null).length }]);
    const bands = await em
      .createQueryBuilder(Invoice)
      .select((i) => ({
        band: caseWhen(
          [
            [i.total.gte('10.00'), 'large'],
            [i.total.gte('5.00'), 'medium'],
          ],
          'small',
        ),
        n: count(),
      }))
      .groupBy((_, out) => [out.band])
      .having(() => count().gt(0))
      .orderBy((_, out) => [out.band])
      .getRows();
    const invoices = await em.find(Invoice, {});
    const band = (t: number) => (t >= 10 ? 'large' : t >= 5 ? 'medium' : 'small');
    const expected = ['large', 'medium', 'small'].map((b) => ({
      band: b,
      n: invoices.filter((i) => band(Number(i.total)) === b).length,
    }));
    expect(bands).to.deep.equal(expected);
    const [noElse] = await em
      .createQueryBuilder(Invoice)
      .where({ invoiceId: 1 })
      .select((i) => ({
        big: caseWhen([[i.total.gt('100.00'), i.total]]),
        id: caseWhen([[i.total.lt('100.00'), i.invoiceId]], 0),
      }))
      .getRows();
    expect(noElse).to.deep.equal({ big: null, id: 1 });
  });

  it('lower, upper, length, concat and substring, in select, where and orderBy', async () => {
    const genres = await em
      .createQueryBuilder(Genre)
      .where((g) => length(g.name).lte(5))
      .select((g) => ({
        id: g.genreId,
        lower: lower(g.name),
        upper: upper(g.name),
        length: length(g.name),
        label: concat(g.name, ' #', substring(g.name, 1, 2)),
        tail: substring(g.name, 2),
      }))
      .orderBy((g) => [desc(length(g.name)), g.genreId])
      .getRows();
    const all = (await em.find(Genre, {})).filter((g) => (g.name ?? '').length <= 5);
    const expected = all
      .map((g) => g.name as string)
      .map((name, i) => ({
        id: (all[i] as Genre).genreId,
        lower: name.toLowerCase(),
        upper: name.toUpperCase(),
        length: name.length,
        label: `${name} #${name.slice(0, 2)}`,
        tail: name.slice(1),
      }))
      .sort((a, b) => b.length - a.length || a.id - b.id);
    expect(genres).to.deep.equal(expected);
    expect(genres.length).to.be.greaterThan(3);
    // length counts characters, not bytes (MySQL's CHAR_LENGTH).
    const [francois] = await em
      .createQueryBuilder(Customer)
      .where((c) => lower(c.firstName).eq('françois'))
      .select((c) => ({ n: length(c.firstName), full: concat(c.firstName, ' ', c.lastName) }))
      .getRows();
    expect(francois).to.deep.equal({ n: 8, full: 'François Tremblay' });
    // concat is NULL when a part is NULL, on every dialect.
    const nulls = await em
      .createQueryBuilder(Customer)
      .where({ company: null })
      .select((c) => ({ label: concat(c.firstName, c.company) }))
      .limit(1)
      .getRows();
    expect(nulls).to.deep.equal([{ label: null }]);
  });

  it('now() is a datetime: read as a Date, compared with a datetime column', async () => {
    const [row] = await em
      .createQueryBuilder(Invoice)
      .where((i) => i.invoiceDate.lt(now()))
      .select(() => ({ now: now(), n: count() }))
      .getRows();
    expect(row?.n).to.equal(412);
    expect(row?.now).to.be.instanceOf(Date);
    // The server's clock, not the process's: only its order of magnitude is checked.
    expect(Math.abs((row as { now: Date }).now.getTime() - Date.now())).to.be.lessThan(86_400_000);
  });
});

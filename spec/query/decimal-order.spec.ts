/**
 * Decimals compare and sort by value on every dialect. On SQLite they are exact canonical TEXT,
 * which as text would put '3.00' after '20.00'; ranges and ORDER BY compare them as numbers there.
 */
import { expect } from 'chai';
import { Tabula, op } from '../../lib';
import { defineEntity, p } from '../../lib/mapping';
import { describeEachDialect } from '../support/matrix';

class Price {
  id?: number;
  constructor(public amount: string) {}
}

const PriceMapper = defineEntity(Price, {
  table: 't_dec_prices',
  properties: { id: p.integer().primaryKey().generated(), amount: p.decimal({ precision: 10, scale: 2 }) },
});

describeEachDialect('Decimal columns in filters and order', (ctx) => {
  let orm: Tabula | undefined;
  const db = () => orm as Tabula;
  const amounts = (rows: Price[]) => rows.map((r) => r.amount);

  before(async () => {
    orm = await Tabula.connect({ url: ctx.url, mappers: [PriceMapper] });
    await db().schema.drop();
    await db().schema.create();
    const em = db().em.fork();
    em.persist(...['3.00', '20.00', '100.50', '9.99', '-4.25'].map((a) => new Price(a)));
    await em.flush();
  });
  after(async () => {
    await orm?.schema.drop();
    await orm?.close();
  });

  it('orders by value, not as text', async () => {
    const rows = await db()
      .em.fork()
      .find(Price, {}, { orderBy: { amount: 'asc' } });
    expect(amounts(rows)).to.deep.equal(['-4.25', '3.00', '9.99', '20.00', '100.50']);
  });

  it('compares ranges by value and equality exactly', async () => {
    const em = db().em.fork();
    const over = await em.find(Price, { amount: op({ $gt: '5.00' }) }, { orderBy: { amount: 'desc' } });
    const between = await em.find(Price, { amount: op({ $gte: '3', $lt: '20.00' }) }, { orderBy: { amount: 'asc' } });
    const equal = await em.find(Price, { amount: '20' });
    expect([amounts(over), amounts(between), amounts(equal)]).to.deep.equal([
      ['100.50', '20.00', '9.99'],
      ['3.00', '9.99'],
      ['20.00'],
    ]);
  });
});

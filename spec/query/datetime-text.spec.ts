/**
 * Datetime comparisons and order give the same answers on every dialect, whatever text another
 * program stored on SQLite ('YYYY-MM-DD HH:MM:SS', with '.SSS', with 'T' and 'Z'), and an index
 * on the column stays usable there. Rows are written by raw SQL, as another program would.
 */
import { expect } from 'chai';
import { Invoice } from '../../fixtures/chinook/entities';
import { Tabula } from '../../lib';
import { defineEntity, p } from '../../lib/mapping';
import { op } from '../../lib/query';
import { sql } from '../../lib/sql';
import { describeEachDialect } from '../support/matrix';
import { type ChinookQueries, openChinook } from './support/chinook-queries';

class Stamp {
  id!: number;
  label!: string;
  at!: Date;
}

const StampMapper = defineEntity(Stamp, {
  table: 't_dt_stamps',
  properties: {
    id: p.integer().primaryKey(),
    label: p.string({ length: 40 }),
    at: p.datetime().index('ix_dt_stamps_at'),
  },
});

const at = (iso: string) => new Date(iso);

describeEachDialect('Datetimes compare as instants, whatever text is stored', (ctx) => {
  let orm: Tabula;

  before(async () => {
    orm = await Tabula.connect({ url: ctx.url, mappers: [StampMapper] });
    await orm.schema.drop();
    await orm.schema.create();
    // Another program's rows: on SQLite each in one of the common text formats; elsewhere the
    // server parses the same literal into its datetime type.
    const rows: [number, string, string][] = [
      [1, 'plain', '2021-01-01 00:00:00'],
      [2, 'millis', '2021-01-01 00:00:00.500'],
      [3, 'iso', '2021-01-01T00:00:01Z'],
      [4, 'iso-millis', '2020-12-31T23:59:59.999Z'],
      [5, 'plain-late', '2021-01-01 12:00:00'],
      [6, 'iso-next', '2021-01-02T00:00:00.000Z'],
    ];
    for (const [id, label, text] of rows) {
      const stored = ctx.dialect === 'sqlite' ? text : text.replace('T', ' ').replace('Z', '');
      await orm.db.execute(sql`INSERT INTO t_dt_stamps (id, label, at) VALUES (${id}, ${label}, ${stored})`);
    }
    // And one written by Tabula itself ('2021-01-01 06:00:00.000' on SQLite).
    const em = orm.em.fork();
    em.persist(Object.assign(new Stamp(), { id: 7, label: 'tabula', at: at('2021-01-01T06:00:00Z') }));
    await em.flush();
  });

  after(async () => {
    await orm?.schema.drop();
    await orm?.close();
  });

  const ids = (stamps: Stamp[]) => stamps.map((s) => s.id);

  it('equality finds the row exactly on the instant, in any stored format', async () => {
    const em = orm.em.fork();
    expect(ids(await em.find(Stamp, { at: at('2021-01-01T00:00:00Z') }))).to.deep.equal([1]);
    expect(ids(await em.find(Stamp, { at: at('2021-01-01T00:00:01Z') }))).to.deep.equal([3]);
    expect(ids(await em.find(Stamp, { at: at('2021-01-01T00:00:00.500Z') }))).to.deep.equal([2]);
    expect(ids(await em.find(Stamp, { at: at('2021-01-01T06:00:00Z') }))).to.deep.equal([7]);
    expect(
      ids(await em.find(Stamp, { at: op({ $in: [at('2020-12-31T23:59:59.999Z'), at('2021-01-02T00:00:00Z')] }) })),
    ).to.deep.equal([4, 6]);
    expect(ids(await em.find(Stamp, { at: op({ $ne: at('2021-01-01T00:00:00Z') }) }))).to.deep.equal([
      2, 3, 4, 5, 6, 7,
    ]);
  });

  it('ranges put a row exactly on a bound on the right side', async () => {
    const em = orm.em.fork();
    const day = { $gte: at('2021-01-01T00:00:00Z'), $lt: at('2021-01-02T00:00:00Z') };
    expect(ids(await em.find(Stamp, { at: op(day) }))).to.deep.equal([1, 2, 3, 5, 7]);
    expect(ids(await em.find(Stamp, { at: op({ $gt: at('2021-01-01T00:00:00Z') }) }))).to.deep.equal([2, 3, 5, 6, 7]);
    expect(ids(await em.find(Stamp, { at: op({ $lte: at('2021-01-01T00:00:00.500Z') }) }))).to.deep.equal([1, 2, 4]);
    expect(ids(await em.find(Stamp, { at: op({ $lt: at('2021-01-01T00:00:00Z') }) }))).to.deep.equal([4]);
  });

  it('ORDER BY sorts by instant, not by text', async () => {
    const em = orm.em.fork();
    const asc = await em.find(Stamp, {}, { orderBy: { at: 'asc' } });
    expect(ids(asc)).to.deep.equal([4, 1, 2, 3, 7, 5, 6]);
    const desc = await em.find(Stamp, {}, { orderBy: { at: 'desc' } });
    expect(ids(desc)).to.deep.equal([6, 5, 7, 3, 2, 1, 4]);
  });

  it('reads every stored format back as the same instant', async () => {
    const em = orm.em.fork();
    const byId = new Map((await em.find(Stamp, {})).map((s) => [s.id, s.at.toISOString()]));
    expect(byId.get(3)).to.equal('2021-01-01T00:00:01.000Z');
    expect(byId.get(4)).to.equal('2020-12-31T23:59:59.999Z');
  });

  if (ctx.dialect === 'sqlite') {
    it('SQLite: a comparison with a Date searches the index on the column (a date-prefix range)', async () => {
      const em = orm.em.fork();
      const qb = em
        .createQueryBuilder(Stamp)
        .where({ at: op({ $gte: at('2021-01-01T00:00:00Z'), $lt: at('2021-01-02T00:00:00Z') }) });
      const text = qb.toSql().sql;
      const plan = await orm.db.query(sql`EXPLAIN QUERY PLAN ${qb.toNode()}`);
      const details = plan.map((r) => String(r.detail)).join('\n');
      expect(details).to.match(/SEARCH .*USING INDEX ix_dt_stamps_at \(at>\? AND at<\?\)/);
      expect(text).to.include(`strftime('%Y-%m-%d %H:%M:%f', "t0"."at") >= ?`);
    });
  }
});

describeEachDialect('Chinook invoices per year, on the script-loaded data', (ctx) => {
  let script: ChinookQueries;

  before(async function () {
    this.timeout(120_000);
    script = await openChinook(ctx);
  });

  after(async () => {
    await script?.close();
  });

  it('counts 83, 83, 83, 83, 80 invoices in 2021–2025, the first of January included', async () => {
    const counts: number[] = [];
    for (let year = 2021; year <= 2025; year++) {
      const range = { $gte: at(`${year}-01-01T00:00:00Z`), $lt: at(`${year + 1}-01-01T00:00:00Z`) };
      counts.push((await script.find(Invoice, { where: { invoiceDate: op(range) } })).length);
    }
    expect(counts).to.deep.equal([83, 83, 83, 83, 80]);
  });

  it('finds the invoice of 2021-01-01 00:00:00 by equality', async () => {
    const found = await script.find(Invoice, { where: { invoiceDate: at('2021-01-01T00:00:00Z') } });
    expect(found.map((i) => i.invoiceId)).to.deep.equal([1]);
  });
});

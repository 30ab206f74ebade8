/**
 * Scenario `hostile-filters`: every value operator with hostile values — huge strings, NUL, SQL
 * text, unusual Unicode, NaN / ±Infinity / −0, numbers and bigints out of range, invalid and
 * out-of-range dates, filters nested and listed up to the documented limits and past them. Each
 * case either returns exactly the rows a JS model picks from the seed, or is refused with the typed
 * error the docs name for it; the table's checksum is the same after every case, and each case
 * takes under a second (the bound is the issue's; the slowest is recorded).
 */
import { expect } from 'chai';
import { BindLimitError, op, QueryError, StatementError, Tabula, TabulaError, ValueError } from '../../lib';
import { defineEntity, p } from '../../lib/mapping';
import { sql } from '../../lib/sql';
import { describeEachDialect } from '../support/matrix';
import { recordFigures } from './support/figures';

class HfRow {
  constructor(
    public id: number,
    public name: string,
    public body: string | null,
    public n: number | null,
    public ratio: number | null,
    public big: bigint | null,
    public price: string | null,
    public at: Date | null,
  ) {}
}

const HfRowMapper = defineEntity(HfRow, {
  table: 't_rel_hostile_rows',
  properties: {
    id: p.integer().primaryKey(),
    name: p.string({ length: 200 }),
    body: p.text().nullable(),
    n: p.integer().nullable(),
    ratio: p.double().nullable(),
    big: p.bigint().nullable(),
    price: p.decimal({ precision: 10, scale: 2 }).nullable(),
    at: p.datetime().nullable(),
  },
});

const DROP = "'; DROP TABLE t_rel_hostile_rows; --";
const UNICODE = 'naïve ☃ 😀 \u202e\u200b';
const MAX64 = 2n ** 63n - 1n;
const MIN64 = -(2n ** 63n);
const SEED: readonly HfRow[] = [
  new HfRow(1, DROP, DROP, 0, 0, 0n, '0.00', new Date('0001-01-01T00:00:00Z')),
  new HfRow(2, "O'Brien", null, -1, 1.5, MAX64, '99999999.99', new Date('9999-12-31T23:59:59.999Z')),
  new HfRow(3, UNICODE, UNICODE, 2147483647, -2.25, MIN64, '-0.01', null),
  new HfRow(4, '%_\\', '%_\\', -2147483648, null, null, null, new Date('2020-02-29T12:00:00Z')),
  new HfRow(5, 'a', 'b'.repeat(100_000), null, 1e308, 1n, '1.00', null),
];

type Want = ((row: HfRow) => boolean) | (abstract new (...args: never[]) => TabulaError);
interface Case {
  readonly label: string;
  readonly filter: () => object;
  /** The rows it matches, or the error class it must be refused with — per dialect where they differ. */
  readonly want: (dialect: string) => Want;
}

const refuse = (cls: abstract new (...args: never[]) => TabulaError) => () => cls;
const rows = (test: (row: HfRow) => boolean) => () => test;
const pad = (dialect: string, s: string) => (dialect === 'mysql' ? s.replace(/ +$/, '') : s);
const huge = 'x'.repeat(1_000_000);
const nested = (depth: number): object => (depth === 0 ? { n: 0 } : { $not: nested(depth - 1) });

const CASES: readonly Case[] = [
  // Text: SQL, quotes, Unicode, NUL, huge.
  { label: 'name = SQL text', filter: () => ({ name: DROP }), want: rows((r) => r.name === DROP) },
  { label: 'name $ne SQL text', filter: () => ({ name: op({ $ne: DROP }) }), want: rows((r) => r.name !== DROP) },
  { label: 'name $in quotes', filter: () => ({ name: op({ $in: ["O'Brien", DROP] }) }), want: rows((r) => r.id <= 2) },
  { label: 'name $nin', filter: () => ({ name: op({ $nin: ["O'Brien", DROP] }) }), want: rows((r) => r.id > 2) },
  {
    label: 'name = Unicode (bidi, ZWSP, astral)',
    filter: () => ({ name: UNICODE }),
    want: rows((r) => r.name === UNICODE),
  },
  // Ordering of text depends on the collation; a closed range on one value does not.
  {
    label: 'name $gte/$lte Unicode',
    filter: () => ({ name: op({ $gte: UNICODE, $lte: UNICODE }) }),
    want: rows((r) => r.name === UNICODE),
  },
  {
    label: 'name $like SQL text',
    filter: () => ({ name: op({ $like: `%DROP TABLE%` }) }),
    want: rows((r) => r.id === 1),
  },
  {
    label: 'name $like escaped wildcards',
    filter: () => ({ name: op({ $like: '\\%\\_\\\\' }) }),
    want: rows((r) => r.id === 4),
  },
  { label: 'name $ilike Unicode', filter: () => ({ name: op({ $ilike: '%☃%' }) }), want: rows((r) => r.id === 3) },
  { label: 'name = lone surrogate', filter: () => ({ name: 'a\ud800' }), want: refuse(ValueError) },
  { label: 'name $like lone surrogate', filter: () => ({ name: op({ $like: '\udfff%' }) }), want: refuse(ValueError) },
  { label: 'body = NUL', filter: () => ({ body: 'a\0b' }), want: (d) => (d === 'postgres' ? ValueError : () => false) },
  { label: 'body $like NUL', filter: () => ({ body: op({ $like: '%\0%' }) }), want: refuse(ValueError) },
  { label: 'name = 201 characters', filter: () => ({ name: 'y'.repeat(201) }), want: refuse(ValueError) },
  { label: 'body = 1 MB string', filter: () => ({ body: huge }), want: rows(() => false) },
  { label: 'body = the 100 kB row', filter: () => ({ body: 'b'.repeat(100_000) }), want: rows((r) => r.id === 5) },
  {
    label: 'body $like 1 MB pattern',
    filter: () => ({ body: op({ $like: `%${huge}%` }) }),
    // SQLite refuses LIKE patterns over 50,000 bytes itself (SQLITE_MAX_LIKE_PATTERN_LENGTH).
    want: (d) => (d === 'sqlite' ? StatementError : () => false),
  },
  { label: 'name $in 1 MB string', filter: () => ({ name: op({ $in: [huge] }) }), want: refuse(ValueError) },
  {
    label: 'name = trailing spaces',
    filter: () => ({ name: 'a   ' }),
    want: (d) => (r) => pad(d, r.name) === pad(d, 'a   '),
  },
  // Numbers: NaN, infinities, −0, out of range.
  { label: 'n = NaN', filter: () => ({ n: Number.NaN }), want: refuse(ValueError) },
  { label: 'n $gt Infinity', filter: () => ({ n: op({ $gt: Number.POSITIVE_INFINITY }) }), want: refuse(ValueError) },
  {
    label: 'n $in [-Infinity]',
    filter: () => ({ n: op({ $in: [Number.NEGATIVE_INFINITY] }) }),
    want: refuse(ValueError),
  },
  { label: 'n = -0', filter: () => ({ n: -0 }), want: rows((r) => r.n === 0) },
  { label: 'n $gte 2^31', filter: () => ({ n: op({ $gte: 2 ** 31 }) }), want: refuse(ValueError) },
  { label: 'n $lte int32 min', filter: () => ({ n: op({ $lte: -(2 ** 31) }) }), want: rows((r) => r.n === -(2 ** 31)) },
  { label: 'n = 1.5', filter: () => ({ n: 1.5 }), want: refuse(ValueError) },
  { label: 'n = MAX_SAFE_INTEGER + 2', filter: () => ({ n: Number.MAX_SAFE_INTEGER + 2 }), want: refuse(ValueError) },
  { label: 'ratio = NaN', filter: () => ({ ratio: op({ $eq: Number.NaN }) }), want: refuse(ValueError) },
  {
    label: 'ratio $lt Infinity',
    filter: () => ({ ratio: op({ $lt: Number.POSITIVE_INFINITY }) }),
    want: refuse(ValueError),
  },
  { label: 'ratio = -0', filter: () => ({ ratio: -0 }), want: rows((r) => r.ratio === 0) },
  {
    label: 'ratio $gte 1e308',
    filter: () => ({ ratio: op({ $gte: 1e308 }) }),
    want: rows((r) => r.ratio !== null && r.ratio >= 1e308),
  },
  { label: 'ratio = 5e-324', filter: () => ({ ratio: 5e-324 }), want: rows(() => false) },
  // Bigints and decimals.
  { label: 'big = int64 max', filter: () => ({ big: MAX64 }), want: rows((r) => r.big === MAX64) },
  { label: 'big $lte int64 min', filter: () => ({ big: op({ $lte: MIN64 }) }), want: rows((r) => r.big === MIN64) },
  { label: 'big = 2^63', filter: () => ({ big: 2n ** 63n }), want: refuse(ValueError) },
  { label: 'big $in [-2^63 - 1]', filter: () => ({ big: op({ $in: [MIN64 - 1n] }) }), want: refuse(ValueError) },
  { label: 'big = a number', filter: () => ({ big: 1 }), want: refuse(ValueError) },
  { label: 'price = -0.00', filter: () => ({ price: '-0.00' }), want: rows((r) => r.price === '0.00') },
  { label: 'price $gt 1e5', filter: () => ({ price: op({ $gt: '1e5' }) }), want: refuse(ValueError) },
  { label: 'price = 9 integer digits', filter: () => ({ price: '123456789.00' }), want: refuse(ValueError) },
  { label: 'price $in 3 decimals', filter: () => ({ price: op({ $in: ['0.001'] }) }), want: refuse(ValueError) },
  {
    label: 'price $gte max',
    filter: () => ({ price: op({ $gte: '99999999.99' }) }),
    want: rows((r) => r.price === '99999999.99'),
  },
  // Dates.
  { label: 'at = invalid Date', filter: () => ({ at: new Date(Number.NaN) }), want: refuse(ValueError) },
  {
    label: 'at $gt year 10000',
    filter: () => ({ at: op({ $gt: new Date('+010000-01-01T00:00:00Z') }) }),
    want: refuse(ValueError),
  },
  {
    label: 'at $lt year 0',
    filter: () => ({ at: op({ $lt: new Date('0000-06-01T00:00:00Z') }) }),
    want: refuse(ValueError),
  },
  { label: 'at = 0001-01-01', filter: () => ({ at: new Date('0001-01-01T00:00:00Z') }), want: rows((r) => r.id === 1) },
  {
    label: 'at $gte 9999-12-31 23:59:59.999',
    filter: () => ({ at: op({ $gte: new Date('9999-12-31T23:59:59.999Z') }) }),
    want: rows((r) => r.id === 2),
  },
  { label: 'at = a date string', filter: () => ({ at: '2020-02-29T12:00:00Z' }), want: refuse(ValueError) },
  // Structures up to the documented limits, and past them.
  { label: '$not nested 63 deep', filter: () => nested(63), want: rows((r) => r.n !== null && r.n !== 0) },
  { label: '$not nested 64 deep', filter: () => nested(64), want: refuse(QueryError) },
  { label: '$not nested 5,000 deep', filter: () => nested(5000), want: refuse(QueryError) },
  {
    label: '$or of 10,000 filters',
    filter: () => ({ $or: Array.from({ length: 10_000 }, (_, i) => ({ n: i - 1 })) }),
    // SQLite refuses an expression tree this large itself (docs/querying.md, limits).
    want: (d) => (d === 'sqlite' ? StatementError : (r) => r.n !== null && r.n >= -1 && r.n < 9999),
  },
  {
    label: '$or of 10,001 filters',
    filter: () => ({ $or: Array.from({ length: 10_001 }, () => ({ n: 1 })) }),
    want: refuse(QueryError),
  },
  {
    label: '$in of 30,000 values',
    filter: () => ({ n: op({ $in: Array.from({ length: 30_000 }, (_, i) => i) }) }),
    want: rows((r) => r.n !== null && r.n >= 0 && r.n < 30_000),
  },
  {
    label: '$in of 70,000 values',
    filter: () => ({ n: op({ $in: Array.from({ length: 70_000 }, (_, i) => i) }) }),
    // PostgreSQL binds an $in list as one array (= ANY); the others bind one parameter per value.
    want: (d) => (d === 'postgres' ? (r) => r.n !== null && r.n >= 0 && r.n < 70_000 : BindLimitError),
  },
  {
    label: '$in with one object among 1,000',
    filter: () => ({ n: op({ $in: [...Array.from({ length: 999 }, (_, i) => i), { $ne: null }] }) }),
    want: refuse(ValueError),
  },
  {
    label: 'deep JSON at a scalar',
    filter: () => ({ name: JSON.parse(`${'['.repeat(5000)}${']'.repeat(5000)}`) }),
    want: refuse(ValueError),
  },
  {
    label: 'wide JSON at a scalar',
    filter: () => ({ name: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`$k${i}`, i])) }),
    want: refuse(ValueError),
  },
];

describeEachDialect('reliability: hostile filters (every operator, hostile values, the limits)', (ctx) => {
  let orm: Tabula;

  before(async () => {
    orm = await Tabula.connect({ url: ctx.url, mappers: [HfRowMapper] });
    await orm.schema.drop();
    await orm.schema.create();
    const em = orm.em.fork();
    em.persist(...SEED.map((r) => Object.assign(Object.create(HfRow.prototype) as HfRow, r)));
    await em.flush();
  });
  after(async () => {
    await orm.schema.drop();
    await orm.close();
  });

  /** Every row, every column, as text: what "unchanged" is compared against. */
  async function checksum(): Promise<string> {
    const all = await orm.db.query(sql`SELECT * FROM ${sql.id('t_rel_hostile_rows')} ORDER BY ${sql.id('id')}`);
    return JSON.stringify(all, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  }

  it('answers each case exactly or refuses it with its typed error, under a second, the table unchanged', async function () {
    this.timeout(120_000);
    const before = await checksum();
    const tally = { cases: 0, exactResults: 0, refusals: 0, otherOutcomes: 0, slowestMs: 0, slowest: '' };
    for (const c of CASES) {
      const want = c.want(ctx.dialect);
      const isRefusal = want.prototype instanceof TabulaError || want === TabulaError;
      const started = performance.now();
      let outcome: { ids: number[] } | { error: unknown };
      try {
        const found = await orm.em.fork().find(HfRow, c.filter() as never, { readOnly: true });
        outcome = { ids: found.map((r) => r.id).sort((a, b) => a - b) };
      } catch (error) {
        outcome = { error };
      }
      const ms = performance.now() - started;
      tally.cases++;
      if (ms > tally.slowestMs) Object.assign(tally, { slowestMs: Math.round(ms), slowest: c.label });
      if ('error' in outcome) {
        if (!isRefusal || !(outcome.error instanceof (want as typeof TabulaError))) tally.otherOutcomes++;
        expect(isRefusal, `${c.label}: refused with ${String(outcome.error)}`).to.equal(true);
        expect(outcome.error, c.label).to.be.instanceOf(want as typeof TabulaError);
        tally.refusals++;
      } else {
        if (isRefusal) tally.otherOutcomes++;
        expect(isRefusal, `${c.label}: answered ${outcome.ids}, expected ${want.name}`).to.equal(false);
        const expected = SEED.filter(want as (row: HfRow) => boolean).map((r) => r.id);
        expect(outcome.ids, c.label).to.deep.equal(expected);
        tally.exactResults++;
      }
      expect(ms, `${c.label} took ${Math.round(ms)} ms`).to.be.below(1000);
      expect(await checksum(), `${c.label} left the table as it was`).to.equal(before);
    }
    expect(tally.otherOutcomes).to.equal(0);
    recordFigures({
      scenario: 'hostile-filters',
      dialect: ctx.dialect,
      summary: `${CASES.length} hostile filters (every operator; NUL, SQL text, Unicode, 1 MB strings, NaN/±Infinity/−0, out-of-range numbers, bigints and dates, nesting and lists at and past the limits): exact rows or the typed refusal, table unchanged.`,
      figures: tally,
    });
  });
});

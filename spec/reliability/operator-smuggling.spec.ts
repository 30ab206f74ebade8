/**
 * Scenario `operator-smuggling`: any JSON value placed where the mapper says a scalar either
 * matches by equality or is refused with a ValueError — never anything else. fast-check generates
 * JSON (`fc.jsonValue()`, mixed with the seeded values and near misses so that matches happen),
 * places it bare, as `op({ $eq })` and as `op({ $in: [v] })` on one of nine columns of seven kinds,
 * and compares what the database returned with the rows a JS model of each column's equality
 * picks from the seed (MariaDB's PAD SPACE collation included).
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { op, Tabula, ValueError } from '../../lib';
import { defineEntity, p } from '../../lib/mapping';
import { describeEachDialect } from '../support/matrix';
import { recordFigures, runs } from './support/figures';

class SmugRow {
  constructor(
    public id: number,
    public label: string,
    public note: string | null,
    public qty: number,
    public score: number | null,
    public flag: boolean,
    public at: Date | null,
    public price: string,
    public big: bigint | null,
  ) {}
}

const SmugRowMapper = defineEntity(SmugRow, {
  table: 't_rel_smuggle_rows',
  properties: {
    id: p.integer().primaryKey(),
    label: p.string({ length: 40 }),
    note: p.text().nullable(),
    qty: p.integer(),
    score: p.integer().nullable(),
    flag: p.boolean(),
    at: p.datetime().nullable(),
    price: p.decimal({ precision: 10, scale: 2 }),
    big: p.bigint().nullable(),
  },
});

const SEED: readonly SmugRow[] = [
  new SmugRow(1, '', null, 0, null, false, null, '0.00', null),
  new SmugRow(2, 'a', 'a', 1, 1, true, new Date('2020-01-01T00:00:00Z'), '1.50', 1n),
  new SmugRow(3, 'a ', 'null', -1, 0, false, null, '-2.00', -5n),
  new SmugRow(4, 'A', '', 2, -7, true, new Date('1999-12-31T23:59:59.999Z'), '10.00', null),
  new SmugRow(5, 'true', 'true', 100, null, true, null, '0.10', 9007199254740993n),
  new SmugRow(6, '0', null, 2147483647, 2, false, null, '99999999.99', 0n),
  new SmugRow(7, 'null', '{"$ne":null}', -2147483648, null, true, null, '-0.01', null),
];

type Column = 'label' | 'note' | 'qty' | 'score' | 'flag' | 'at' | 'price' | 'big';
const COLUMNS: readonly Column[] = ['label', 'note', 'qty', 'score', 'flag', 'at', 'price', 'big'];
type Form = 'bare' | '$eq' | '$in';

/** Values close to the seed (equal, or differing by case, padding, sign, scale), as JSON has them. */
const NEAR: readonly unknown[] = [
  '',
  'a',
  'a ',
  'A',
  ' a',
  'true',
  '0',
  'null',
  '{"$ne":null}',
  0,
  1,
  -1,
  2,
  100,
  2147483647,
  2147483648,
  -2147483648,
  1.5,
  true,
  false,
  '1.50',
  '1.5',
  '01.500',
  '-2',
  '-0.00',
  '99999999.99',
  '999999999.99',
  '0.001',
  '2020-01-01T00:00:00Z',
  '2020-01-01 00:00:00.000',
  null,
  { $ne: null },
  { $gt: '' },
  { $in: ['a', 'A'] },
  { $like: '%' },
  ['a'],
  [],
  {},
];

type Expected = { readonly refuse: true } | { readonly refuse: false; readonly ids: readonly number[] };

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** `v` in the canonical form of decimal(10,2), or undefined when the column cannot take it. */
function decimal(v: string): string | undefined {
  const m = DECIMAL.exec(v);
  if (!m) return undefined;
  const whole = (m[2] ?? '').replace(/^0+(?=\d)/, '');
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  if (whole.length > 8 || fraction.length > 2) return undefined;
  const text = `${whole}.${fraction.padEnd(2, '0')}`;
  return m[1] && /[1-9]/.test(text) ? `-${text}` : text;
}

/** Which seeded rows `value` equals on `column`, modelled in JS; or that the column cannot take it. */
function expected(dialect: string, column: Column, form: Form, value: unknown): Expected {
  const ids = (test: (row: SmugRow) => boolean) =>
    ({ refuse: false, ids: SEED.filter(test).map((r) => r.id) }) as const;
  const refuse = { refuse: true } as const;
  if (value === null) return form === '$in' ? refuse : ids((r) => r[column] === null);
  switch (column) {
    case 'label':
    case 'note': {
      if (typeof value !== 'string') return refuse;
      if (dialect === 'postgres' && value.includes('\0')) return refuse;
      if (column === 'label' && [...value].length > 40) return refuse;
      // MariaDB's utf8mb4_bin is a PAD SPACE collation: `=` ignores trailing spaces.
      const pad = (s: string) => (dialect === 'mysql' ? s.replace(/ +$/, '') : s);
      return ids((r) => r[column] !== null && pad(r[column] as string) === pad(value));
    }
    case 'qty':
    case 'score':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 31)
        return refuse;
      return ids((r) => r[column] === value);
    case 'flag':
      return typeof value === 'boolean' ? ids((r) => r.flag === value) : refuse;
    case 'price': {
      const canonical = typeof value === 'string' ? decimal(value) : undefined;
      return canonical === undefined ? refuse : ids((r) => r.price === canonical);
    }
    case 'at':
    case 'big':
      // JSON has no Date and no bigint: only null can match.
      return refuse;
  }
}

function placed(column: Column, form: Form, value: unknown): object {
  if (form === 'bare') return { [column]: value };
  return { [column]: form === '$eq' ? op({ $eq: value }) : op({ $in: [value] }) };
}

describeEachDialect('reliability: operator smuggling (any JSON where a scalar belongs)', (ctx) => {
  let orm: Tabula;

  before(async () => {
    orm = await Tabula.connect({ url: ctx.url, mappers: [SmugRowMapper] });
    await orm.schema.drop();
    await orm.schema.create();
    const em = orm.em.fork();
    em.persist(...SEED.map((r) => Object.assign(Object.create(SmugRow.prototype) as SmugRow, r)));
    await em.flush();
  });
  after(async () => {
    await orm.schema.drop();
    await orm.close();
  });

  it('matches by equality or refuses with a ValueError, for every JSON value, column and form', async function () {
    this.timeout(120_000);
    const tally = { cases: 0, equalMatches: 0, nonEmptyMatches: 0, refusals: 0, otherOutcomes: 0 };
    const started = Date.now();
    const value = fc.oneof(
      { weight: 3, arbitrary: fc.jsonValue() },
      { weight: 2, arbitrary: fc.constantFrom(...NEAR) },
    );
    const form = fc.constantFrom<Form>('bare', '$eq', '$in');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...COLUMNS), form, value, async (column, f, v) => {
        tally.cases++;
        const want = expected(ctx.dialect, column, f, v);
        let outcome: { ids: number[] } | { error: unknown };
        try {
          const rows = await orm.em.fork().find(SmugRow, placed(column, f, v) as never, { readOnly: true });
          outcome = { ids: rows.map((r) => r.id).sort((a, b) => a - b) };
        } catch (error) {
          outcome = { error };
        }
        if ('error' in outcome) {
          if (!(outcome.error instanceof ValueError) || !want.refuse) tally.otherOutcomes++;
          expect(outcome.error, `${column} ${f} ${JSON.stringify(v)}`).to.be.instanceOf(ValueError);
          expect(want.refuse, `${column} ${f} ${JSON.stringify(v)} was refused`).to.equal(true);
          tally.refusals++;
        } else {
          if (want.refuse) tally.otherOutcomes++;
          expect(want, `${column} ${f} ${JSON.stringify(v)} matched ${outcome.ids}`).to.deep.equal({
            refuse: false,
            ids: outcome.ids,
          });
          tally.equalMatches++;
          if (outcome.ids.length > 0) tally.nonEmptyMatches++;
        }
      }),
      { numRuns: runs(500, 5000), seed: 16_2026 },
    );
    expect(tally.otherOutcomes).to.equal(0);
    expect(tally.nonEmptyMatches, 'some cases matched rows').to.be.greaterThan(0);
    expect(tally.refusals, 'some cases were refused').to.be.greaterThan(0);
    recordFigures({
      scenario: 'operator-smuggling',
      dialect: ctx.dialect,
      summary:
        'Any JSON value where a scalar belongs (bare, op $eq, op $in) on 8 column kinds matched exactly by equality or was refused with a ValueError.',
      figures: { ...tally, ms: Date.now() - started },
    });
  });
});

/**
 * Hostile input at every entry point but filters (orderBy, limit/offset, cursors, populate,
 * fields, persisted data, updateWhere changes, the sql tag, identifiers): each case gets its exact
 * answer or a typed refusal with a listed code — never a TypeError or a raw driver error — the
 * tables' checksum is unchanged unless the case is a legitimate write, nothing lands on
 * Object.prototype, and each case takes under a second. See docs/reliability.md.
 */
import { expect } from 'chai';
import type { Tabula as TabulaType } from '../../lib';
import { TabulaError } from '../../lib/errors';
import { describeEachDialect } from '../support/matrix';
import { recordFigures } from './support/figures';
import { type HostileCase, READ_CASES } from './support/hostile-cases';
import { WRITE_CASES } from './support/hostile-write-cases';
import { checksum, type Item, type Owner, openHostile, seedHostile } from './support/hostile-tables';

/** The own keys of the prototypes a pollution would reach. */
function prototypeKeys(): string {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype]
    .map((p) => Reflect.ownKeys(p).map(String).sort().join(','))
    .join('|');
}

/** A case's answer as data (entities have been mapped to plain values by the cases). */
type Outcome = { result: unknown } | { refused: string; name: string; message: string };

describeEachDialect('Hostile input at the non-filter entry points', (ctx) => {
  let orm: TabulaType;
  let seeded: { items: Item[]; owners: Owner[] };
  let sum: string;
  const tally: Record<string, { cases: number; exact: number; refused: number }> = {};
  let slowest = { ms: 0, title: '' };
  let polluted = 0;

  before(async () => {
    orm = await openHostile(ctx.url);
    seeded = await seedHostile(orm);
    sum = await checksum(orm);
  });
  after(async () => {
    await orm.schema.drop();
    await orm.close();
  });

  async function attempt(c: HostileCase): Promise<Outcome> {
    const h = { em: orm.em.fork(), orm, dialect: ctx.dialect, ...seeded };
    try {
      return { result: await c.run(h) };
    } catch (e) {
      const error = e as Error;
      if (!(e instanceof TabulaError)) {
        throw new Error(`${c.entry}: ${c.title}: an untyped ${error?.constructor?.name}: ${error?.message}`, {
          cause: e,
        });
      }
      return { refused: e.code, name: error.constructor.name, message: error.message };
    }
  }

  for (const c of [...READ_CASES, ...WRITE_CASES]) {
    it(`${c.entry}: ${c.title}`, async () => {
      const expected = typeof c.expected === 'function' ? c.expected(ctx.dialect) : c.expected;
      const protoBefore = prototypeKeys();
      const t0 = performance.now();
      const outcome = await attempt(c);
      const ms = performance.now() - t0;
      const after = await checksum(orm);
      // Whatever the case wrote, the next one starts from the seed (a failed case cannot cascade).
      if (after !== sum) {
        seeded = await seedHostile(orm);
        sum = await checksum(orm);
      }
      const t = (tally[c.entry] ??= { cases: 0, exact: 0, refused: 0 });
      t.cases++;
      if (ms > slowest.ms) slowest = { ms, title: `${c.entry}: ${c.title}` };
      const clean = prototypeKeys() === protoBefore && ({} as { polluted?: unknown }).polluted === undefined;
      if (!clean) polluted++;
      expect(clean, 'Object.prototype (or another builtin prototype) was changed').to.equal(true);
      if ('refused' in expected) {
        expect(outcome, `expected a refusal by ${expected.refused.join(' or ')}`).to.have.property('refused');
        expect(expected.refused, `refused with ${JSON.stringify(outcome)}`).to.include(
          (outcome as { refused: string }).refused,
        );
        t.refused++;
      } else {
        expect(outcome, 'the answer').to.deep.equal({
          result: 'result' in expected ? expected.result : expected.wrote,
        });
        t.exact++;
      }
      if (!('wrote' in expected)) expect(after, 'the tables changed').to.equal(sum);
      // The bound the issue states, measured on a shared machine: the figure is recorded below.
      expect(ms, 'milliseconds for the case').to.be.below(1000);
    });
  }

  after(() => {
    const entries = Object.entries(tally);
    recordFigures({
      scenario: 'hostile-input',
      dialect: ctx.dialect,
      summary:
        'Hostile orderBy, limit/offset, cursors, populate, fields, persisted data, updateWhere changes, sql-tag values and identifiers: each case got its exact answer or a typed refusal, the tables were unchanged unless the case wrote legitimately, no prototype was polluted, every case under a second.',
      figures: {
        ...Object.fromEntries(entries.map(([k, v]) => [`${k} cases`, v.cases])),
        exact: entries.reduce((a, [, v]) => a + v.exact, 0),
        refused: entries.reduce((a, [, v]) => a + v.refused, 0),
        other: entries.reduce((a, [, v]) => a + v.cases - v.exact - v.refused, 0),
        slowestMs: Math.round(slowest.ms),
        slowestCase: slowest.title,
        polluted,
      },
    });
  });
});

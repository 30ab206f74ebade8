import { expect } from 'chai';
import { renderLifecycle, statementsText } from '../../benchmarks/lifecycle/report';
import { STEPS, type StepId } from '../../benchmarks/lifecycle/shape';
import {
  type EntryResult,
  figures,
  type LifecycleResult,
  lifecycleTarget,
  overhead,
  ranking,
  summarizeSamples,
} from '../../benchmarks/lifecycle/summary';

const steps = (us: number, overrides: Partial<Record<StepId, number>> = {}) =>
  Object.fromEntries(STEPS.map(({ id }) => [id, overrides[id] ?? us])) as Record<StepId, number>;

const entry = (us: number, overrides: Partial<Record<StepId, number>> = {}): EntryResult => {
  const { steps: s, total } = summarizeSamples([steps(us, overrides)]);
  return { version: 'v', how: 'how', steps: s, total, statements: steps(1) };
};

const result = (entries: Record<string, EntryResult>): LifecycleResult => ({
  database: 'postgres',
  databaseVersion: 'PostgreSQL 15',
  iterations: 1,
  warmup: 0,
  block: 1,
  date: '2026-12-07T18:00:00.000Z',
  provenance: {
    commit: 'abc1234',
    dirty: false,
    tabula: 'tabula 0.1.0',
    cpu: 'cpu',
    cores: 2,
    memoryGiB: 4,
    os: 'linux x64',
    node: 'v20',
    database: 'PostgreSQL 15',
    loadStart: [0, 0, 0],
    loadEnd: [0, 0, 0],
    startedAt: '2026-12-07T18:00:00.000Z',
    endedAt: '2026-12-07T18:01:00.000Z',
  },
  entries,
  missing: [],
});

describe('benchmarks: the lifecycle summary', () => {
  it('takes medians and the 10th/90th percentiles of the samples', () => {
    expect(figures([5, 1, 3])).to.deep.equal({ median: 3, p10: 1, p90: 5 });
    expect(figures([4, 1, 3, 2]).median).to.equal(2.5);
  });

  it("totals each iteration's steps before taking the median, rather than adding the steps' medians", () => {
    // Two iterations, each slow on a different step: every step's median is 15, each total 100.
    const a = steps(10, { insert: 40 });
    const b = steps(10, { read: 40 });
    const { steps: s, total } = summarizeSamples([a, b]);
    expect(s.insert.median).to.equal(25);
    expect(total.median).to.equal(100);
  });

  it('ranks the ORMs by total and gives each overhead over the raw floor', () => {
    const r = result({ raw: entry(100), tabula: entry(300), drizzle: entry(250), typeorm: entry(400) });
    expect(ranking(r, 'total')).to.deep.equal(['drizzle', 'tabula', 'typeorm']);
    expect(overhead(r, 'tabula', 'total')).to.equal(1400);
    expect(overhead(r, 'drizzle', 'insert')).to.equal(150);
    expect(lifecycleTarget(r)).to.deep.equal({ isLowest: false, worseOn: STEPS.map((s) => s.id) });
  });

  it("meets the target only when Tabula's total is the lowest and no step is slower than Drizzle's", () => {
    const lowestButSlowerInsert = result({
      raw: entry(100),
      tabula: entry(150, { insert: 300 }),
      drizzle: entry(200),
    });
    expect(lifecycleTarget(lowestButSlowerInsert)).to.deep.equal({ isLowest: true, worseOn: ['insert'] });
    expect(lifecycleTarget(result({ raw: entry(100), tabula: entry(150) })).worseOn).to.equal(undefined);
  });

  it('writes the provenance, each step, the statements and the entries left out into its section', () => {
    const r = {
      ...result({ raw: entry(100), tabula: entry(150) }),
      missing: [{ name: 'drizzle', reason: 'not installed' }],
    };
    const md = renderLifecycle(r);
    expect(md).to.include('Produced by code `abc1234` (clean)');
    for (const { label } of STEPS) expect(md).to.include(`| ${label} |`);
    expect(md).to.include('**Not in this run:** drizzle (not installed).');
    expect(md).to.include('1. tabula: +350 µs per request over raw pg');
    expect(md).to.include("no step slower than Drizzle's: not measured (Drizzle did not run)");
  });

  it("lists the counted iteration's statements per step, Tabula beside the raw floor", () => {
    const sql = (insert: string[]) =>
      Object.fromEntries(STEPS.map(({ id }) => [id, id === 'insert' ? insert : []])) as Record<StepId, string[]>;
    const r = result({
      raw: { ...entry(100), sql: sql(['INSERT INTO lc_users (name)\n  VALUES ($1)']) },
      tabula: { ...entry(150), sql: sql(['BEGIN', 'INSERT INTO "lc_users"', 'COMMIT']) },
    });
    const text = statementsText(r);
    expect(text).to.include('- insert 10 rows: `INSERT INTO lc_users (name) VALUES ($1)`');
    expect(text).to.include('- insert 10 rows: `BEGIN`, `INSERT INTO "lc_users"`, `COMMIT`');
    expect(text).to.include('- delete one: none');
    expect(statementsText(result({ raw: entry(100) }))).to.equal('');
  });
});

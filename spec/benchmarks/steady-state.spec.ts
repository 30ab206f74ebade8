import { expect } from 'chai';
import type { ContenderResults, ResultSet } from '../../benchmarks/harness/results';
import { missingContenders } from '../../benchmarks/harness/results';
import type { RoundFigures, RunResult } from '../../benchmarks/harness/workloads';
import { hasSteadyState, headlineSet, phaseSet, steadyRun } from '../../benchmarks/report/phases';
import { checkTargets, w4bCheck, w4bGrowthCheck } from '../../benchmarks/report/targets';

const round = (w1: number, heap = 200): RoundFigures => ({
  ms: { W1: w1, W2: w1 / 2, W3: 1, W4b: 0.2, W4: 2, W5: w1, W6: w1, W7: w1 },
  heapPerEntity: heap,
});

/** A process's result as the worker writes it: `ms` the first round plus W8, `rounds` every round. */
const run = (rounds: RoundFigures[], w8?: number): RunResult => {
  const first = rounds[0] as RoundFigures;
  return {
    ms: { ...first.ms, ...(w8 === undefined ? {} : { W8: w8 }) },
    heapPerEntity: first.heapPerEntity,
    ...(rounds.length > 1 ? { rounds } : {}),
  };
};

const contender = (runs: RunResult[]): ContenderResults => ({ version: 'v', driver: 'd', runs, statements: {} });

const set = (contenders: Record<string, ContenderResults>, n = 10_000): ResultSet => ({
  database: 'sqlite',
  databaseVersion: 'SQLite 3',
  n,
  reps: 1,
  rounds: 4,
  date: '2026-12-07T18:00:00.000Z',
  machine: 'm',
  node: 'v20',
  contenders,
});

describe('benchmarks: the steady-state mode', () => {
  it("takes a process's steady state as the median of its rounds after the first", () => {
    // Cold 170 ms, then 130, 70, 75: the steady state is the median of 130, 70 and 75.
    const steady = steadyRun(run([round(170, 400), round(130, 300), round(70, 210), round(75, 200)], 9));
    expect(steady?.ms.W1).to.equal(75);
    expect(steady?.heapPerEntity).to.equal(210);
    expect(steady?.ms.W8, 'W8 runs once, after the rounds').to.equal(9);
    expect(steady).not.to.have.property('rounds');
  });

  it('has no steady state for a process that ran one round, and the cold view is then the headline', () => {
    const single = set({ raw: contender([run([round(50)])]), tabula: contender([run([round(100)])]) });
    expect(steadyRun(run([round(50)]))).to.equal(undefined);
    expect(hasSteadyState(single)).to.equal(false);
    expect(phaseSet(single, 'steady')).to.equal(undefined);
    expect(headlineSet(single).phase).to.equal('cold');
  });

  it('keeps the first round as the cold view and the median over processes of their steady states', () => {
    const s = set({
      raw: contender([run([round(60), round(50), round(50)]), run([round(60), round(40), round(40)])]),
      tabula: contender([run([round(170), round(60), round(62)]), run([round(180), round(58), round(56)])]),
    });
    const cold = phaseSet(s, 'cold') as ResultSet;
    expect(cold.contenders.tabula?.runs.map((r) => r.ms.W1)).to.deep.equal([170, 180]);
    const head = headlineSet(s);
    expect(head.phase).to.equal('steady');
    expect(head.set.contenders.tabula?.runs.map((r) => r.ms.W1)).to.deep.equal([61, 57]);
    expect(head.set.contenders.raw?.runs.map((r) => r.ms.W1)).to.deep.equal([50, 40]);
  });

  it('judges the targets on the view it is given: met in the steady state, not met cold', () => {
    // raw W1 50 ms; Tabula 170 ms cold (3.4×), 60 ms steady (1.2×, within 1.3×).
    const s = set({
      raw: contender([run([round(50), round(50), round(50)])]),
      tabula: contender([run([round(170), round(60), round(60)])]),
    });
    const w1 = (view: ResultSet) => checkTargets(view, undefined).find((c) => c.target === 'W1 ≤ 1.3× raw');
    expect(w1(headlineSet(s).set)).to.include({ measured: '1.20×', isMet: true });
    expect(w1(phaseSet(s, 'cold') as ResultSet)).to.include({ measured: '3.40×', isMet: false });
  });

  it('applies the heap target as Tabula over the raw floor, within 2×', () => {
    const s = set({
      raw: contender([run([round(50, 170), round(50, 170)])]),
      tabula: contender([run([round(60, 400), round(60, 350)])]),
    });
    const heap = checkTargets(headlineSet(s).set, undefined).find((c) => c.target.startsWith('heap per managed'));
    expect(heap).to.include({ measured: '2.06×', isMet: false });
  });

  it('gives W4b 0.5 ms per 20,000 managed entities (n authors and n books), growing linearly', () => {
    expect(w4bCheck(10_000, 0.49)).to.include({ target: 'W4b ≤ 0.5 ms at 20,000 managed entities', isMet: true });
    expect(w4bCheck(10_000, 0.74).isMet).to.equal(false);
    expect(w4bCheck(100_000, 4.9).isMet, '5 ms at 200,000').to.equal(true);
    expect(w4bCheck(1_000, Number.NaN).isMet).to.equal(undefined);
  });

  it('reports W4b at 10,000 and 100,000 side by side and refuses faster-than-linear growth', () => {
    expect(w4bGrowthCheck(10_000, 0.74, 100_000, 5.7)).to.include({ measured: '0.74 → 5.70 ms, 7.70×', isMet: true });
    expect(w4bGrowthCheck(10_000, 0.5, 100_000, 6).isMet).to.equal(false);
  });
});

describe('benchmarks: saved results', () => {
  it('names the contenders a saved result has and a new one lacks, so a run without peers keeps it', () => {
    const saved = { contenders: { raw: 1, tabula: 1, 'mikro-orm': 1, typeorm: 1 } };
    expect(missingContenders(saved, { contenders: { raw: 1, tabula: 1 } })).to.deep.equal(['mikro-orm', 'typeorm']);
    expect(missingContenders({ contenders: { raw: 1, tabula: 1 } }, saved)).to.deep.equal([]);
  });
});

/** The targets of issue 9, checked against one result set (and its 10× sibling for growth). */
import type { ContenderResults, ResultSet } from '../harness/results';
import type { WorkloadId } from '../harness/workloads';
import { heapSpread, ratioToRaw, workloadSpread } from './stats';

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  /** undefined: could not be measured in this run. */
  readonly isMet: boolean | undefined;
}

const RATIO_TARGETS: readonly [WorkloadId, number][] = [
  ['W1', 1.3],
  ['W2', 1.5],
  ['W4', 2],
  ['W5', 1.3],
  ['W6', 1.3],
];

const x = (v: number) => `${v.toFixed(2)}×`;

export function checkTargets(set: ResultSet, bigger: ResultSet | undefined): TargetCheck[] {
  const raw = set.contenders.raw as ContenderResults;
  const tabula = set.contenders.tabula as ContenderResults;
  const checks: TargetCheck[] = RATIO_TARGETS.map(([id, limit]) => {
    const ratio = ratioToRaw(tabula, raw, id) ?? Number.NaN;
    return { target: `${id} ≤ ${limit}× raw`, measured: x(ratio), isMet: ratio <= limit };
  });
  const w4b = workloadSpread(tabula, 'W4b').median;
  checks.push({
    target: `W4b ≤ 1 ms at ${set.n.toLocaleString('en')} managed`,
    measured: `${w4b.toFixed(2)} ms`,
    isMet: w4b <= 1,
  });
  const perSecond = set.n / (workloadSpread(tabula, 'W3').median / 1000);
  checks.push({
    target: 'W3 ≥ 2,000,000 per second',
    measured: `${Math.round(perSecond).toLocaleString('en')} per second`,
    isMet: perSecond >= 2_000_000,
  });
  const heap = heapSpread(tabula).median / heapSpread(raw).median;
  checks.push({ target: 'heap per managed entity ≤ 3× raw', measured: x(heap), isMet: heap <= 3 });
  if (bigger) {
    const big = bigger.contenders.tabula as ContenderResults;
    const growths = (['W1', 'W2', 'W4', 'W5', 'W6'] as const).map(
      (id) => [id, workloadSpread(big, id).median / workloadSpread(tabula, id).median] as const,
    );
    const worst = growths.reduce((a, b) => (b[1] > a[1] ? b : a));
    checks.push({
      target: `${set.n.toLocaleString('en')} → ${bigger.n.toLocaleString('en')} growth ≤ 11×`,
      measured: growths.map(([id, g]) => `${id} ${x(g)}`).join(', '),
      isMet: worst[1] <= 11,
    });
  } else {
    checks.push({ target: 'growth ×10 rows ≤ 11×', measured: 'no run at 10× this size', isMet: undefined });
  }
  for (const peer of ['mikro-orm', 'typeorm']) {
    const c = set.contenders[peer];
    if (!c) {
      checks.push({ target: `faster than ${peer} on every workload`, measured: 'peer not run', isMet: undefined });
      continue;
    }
    const slower = (['W1', 'W2', 'W3', 'W4b', 'W4', 'W5', 'W6'] as const).filter(
      (id) => workloadSpread(tabula, id).median >= workloadSpread(c, id).median,
    );
    checks.push({
      target: `faster than ${peer} on every workload`,
      measured: slower.length ? `slower or equal on ${slower.join(', ')}` : 'faster on all',
      isMet: slower.length === 0,
    });
  }
  return checks;
}

/**
 * The targets of issues 20, 9 and 7, checked against one view of a result set (the steady state,
 * or the cold first round: see phases.ts) and its 10× sibling for growth.
 */
import type { ContenderResults, ResultSet } from '../harness/results';
import type { WorkloadId } from '../harness/workloads';
import { heapSpread, ratioToRaw, streamHeap, workloadSpread } from './stats';

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
  ['W7', 2],
];

/** W8 "keeps memory flat": the heap may grow this much at its peak, whatever the row count (see the page text). */
export const STREAM_PEAK_LIMIT_MB = 50;

/** W4b's budget: this many milliseconds per this many managed entities (authors and books), growing linearly. */
export const W4B_MS = 0.5;
export const W4B_ENTITIES = 20_000;
export const W3_PER_SECOND = 5_000_000;
/** Tabula's heap per W2 entity over the raw floor's (its built `Author` objects: see the page text). */
export const HEAP_RATIO = 2;

/**
 * W4b within 0.5 ms per 20,000 managed entities: `n` authors and their `n` books are managed,
 * so at n = 10,000 the budget is 0.5 ms, and it grows linearly with the size.
 */
export function w4bCheck(n: number, ms: number): TargetCheck {
  const managed = 2 * n;
  const limit = (W4B_MS * managed) / W4B_ENTITIES;
  const at = `${managed.toLocaleString('en')} managed entities`;
  return {
    target:
      managed === W4B_ENTITIES
        ? `W4b ≤ ${W4B_MS} ms at ${at}`
        : `W4b ≤ ${W4B_MS} ms per ${W4B_ENTITIES.toLocaleString('en')} managed entities (${limit.toFixed(2)} ms at ${at})`,
    measured: Number.isNaN(ms) ? 'not run' : `${ms.toFixed(2)} ms`,
    isMet: Number.isNaN(ms) ? undefined : ms <= limit,
  };
}

/** W4b growing no faster than linearly: its time at 10× the size within 10× its time here. */
export function w4bGrowthCheck(n: number, ms: number, biggerN: number, biggerMs: number): TargetCheck {
  const sizes = biggerN / n;
  const growth = biggerMs / ms;
  return {
    target: `W4b ${n.toLocaleString('en')} → ${biggerN.toLocaleString('en')} authors grows no faster than linearly (≤ ${sizes}×)`,
    measured: `${ms.toFixed(2)} → ${biggerMs.toFixed(2)} ms, ${x(growth)}`,
    isMet: Number.isNaN(growth) ? undefined : growth <= sizes,
  };
}

/** NaN where the workload was not run, so a comparison with it is false. */
const median = (c: ContenderResults, id: WorkloadId) => workloadSpread(c, id)?.median ?? Number.NaN;

const x = (v: number) => `${v.toFixed(2)}×`;

export function checkTargets(set: ResultSet, bigger: ResultSet | undefined): TargetCheck[] {
  const raw = set.contenders.raw as ContenderResults;
  const tabula = set.contenders.tabula as ContenderResults;
  const checks: TargetCheck[] = RATIO_TARGETS.map(([id, limit]) => {
    const ratio = ratioToRaw(tabula, raw, id);
    const target = `${id} ≤ ${limit}× raw`;
    if (ratio === undefined) return { target, measured: 'not run', isMet: undefined };
    return { target, measured: x(ratio), isMet: ratio <= limit };
  });
  const heap = streamHeap(tabula);
  checks.push({
    target: `W8 flat memory: peak heap growth < ${STREAM_PEAK_LIMIT_MB} MB over ${set.streamRows?.toLocaleString('en') ?? 'the'} rows`,
    measured: heap
      ? `${heap.peak.median.toFixed(1)} MB peak (max ${heap.peak.max.toFixed(1)}), ${heap.retained.median.toFixed(1)} MB after GC`
      : 'not run',
    isMet: heap ? heap.peak.max < STREAM_PEAK_LIMIT_MB : undefined,
  });
  const w4b = w4bCheck(set.n, median(tabula, 'W4b'));
  const again = median(tabula, 'W4b+');
  checks.push(
    Number.isNaN(again) ? w4b : { ...w4b, measured: `${w4b.measured} (the same flush again: ${again.toFixed(2)} ms)` },
  );
  const perSecond = set.n / (median(tabula, 'W3') / 1000);
  // The raw floor awaits a Map lookup: no async findOne can pass it on this machine.
  const floor = set.n / (median(raw, 'W3') / 1000);
  checks.push({
    target: `W3 ≥ ${W3_PER_SECOND.toLocaleString('en')} per second`,
    measured: `${Math.round(perSecond).toLocaleString('en')} per second (the raw floor, an awaited Map lookup: ${Math.round(floor).toLocaleString('en')} per second)`,
    isMet: perSecond >= W3_PER_SECOND,
  });
  const perEntity = heapSpread(tabula).median / heapSpread(raw).median;
  checks.push({
    target: `heap per managed entity ≤ ${HEAP_RATIO}× the raw floor's rows`,
    measured: x(perEntity),
    isMet: perEntity <= HEAP_RATIO,
  });
  const hoursApart = bigger ? Math.abs(Date.parse(bigger.date) - Date.parse(set.date)) / 3_600_000 : 0;
  if (bigger && hoursApart > 1) {
    // Growth compares two runs; made hours apart on a shared machine, their load differs too much.
    checks.push({
      target: `${set.n.toLocaleString('en')} → ${bigger.n.toLocaleString('en')} growth ≤ 11×`,
      measured: `runs ${hoursApart.toFixed(1)} h apart: not comparable (run both sizes in one command)`,
      isMet: undefined,
    });
  } else if (bigger) {
    const big = bigger.contenders.tabula as ContenderResults;
    const growths = (['W1', 'W2', 'W4', 'W5', 'W6'] as const).map(
      (id) => [id, median(big, id) / median(tabula, id)] as const,
    );
    const worst = growths.reduce((a, b) => (b[1] > a[1] ? b : a));
    checks.push({
      target: `${set.n.toLocaleString('en')} → ${bigger.n.toLocaleString('en')} growth ≤ 11×`,
      measured: growths.map(([id, g]) => `${id} ${x(g)}`).join(', '),
      isMet: worst[1] <= 11,
    });
    checks.push(w4bGrowthCheck(set.n, median(tabula, 'W4b'), bigger.n, median(big, 'W4b')));
  } else {
    checks.push({ target: 'growth ×10 rows ≤ 11×', measured: 'no run at 10× this size', isMet: undefined });
  }
  for (const peer of ['mikro-orm', 'typeorm']) {
    const c = set.contenders[peer];
    if (!c) {
      checks.push({ target: `faster than ${peer} on every workload`, measured: 'peer not run', isMet: undefined });
      continue;
    }
    // Only where both have a figure: a peer that cannot stream is not beaten on W8 by default.
    const slower = (['W1', 'W2', 'W3', 'W4b', 'W4b+', 'W4', 'W5', 'W6', 'W7', 'W8'] as const).filter(
      (id) => median(tabula, id) >= median(c, id),
    );
    checks.push({
      target: `faster than ${peer} on every workload`,
      measured: slower.length ? `slower or equal on ${slower.join(', ')}` : 'faster on all',
      isMet: slower.length === 0,
    });
  }
  return checks;
}

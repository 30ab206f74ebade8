/** Medians and ranges over repetitions. */
import type { ContenderResults } from '../harness/results';
import type { WorkloadId } from '../harness/workloads';

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median =
    sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number };
}

export function workloadSpread(c: ContenderResults, id: WorkloadId): Spread {
  return spread(c.runs.map((r) => r.ms[id]));
}

export function heapSpread(c: ContenderResults): Spread {
  return spread(c.runs.map((r) => r.heapPerEntity));
}

/**
 * A contender's median over the raw floor's median for one workload. Undefined for W4b, where the
 * floor knows it changed nothing and does nothing: that workload has an absolute target instead.
 */
export function ratioToRaw(c: ContenderResults, raw: ContenderResults, id: WorkloadId): number | undefined {
  if (id === 'W4b') return undefined;
  const floor = workloadSpread(raw, id).median;
  return floor > 0.05 ? workloadSpread(c, id).median / floor : undefined;
}

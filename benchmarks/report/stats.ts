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

/** Undefined where no run has the workload (saved before it existed, or not supported by the contender). */
export function workloadSpread(c: ContenderResults, id: WorkloadId): Spread | undefined {
  const values = c.runs.map((r) => r.ms[id]).filter((v): v is number => v !== undefined);
  return values.length ? spread(values) : undefined;
}

export function heapSpread(c: ContenderResults): Spread {
  return spread(c.runs.map((r) => r.heapPerEntity));
}

/**
 * A contender's median over the raw floor's median for one workload. Undefined for W4b, where the
 * floor knows it changed nothing and does nothing: that workload has an absolute target instead.
 */
export function ratioToRaw(c: ContenderResults, raw: ContenderResults, id: WorkloadId): number | undefined {
  if (id === 'W4b' || id === 'W4b+') return undefined;
  const floor = workloadSpread(raw, id)?.median;
  const own = workloadSpread(c, id)?.median;
  return floor !== undefined && own !== undefined && floor > 0.05 ? own / floor : undefined;
}

/** W8's heap growth over the repetitions that streamed, in MB: peak (no forced GC) and retained (after GC). */
export function streamHeap(c: ContenderResults): { peak: Spread; retained: Spread } | undefined {
  const figures = c.runs.flatMap((r) => (r.stream ? [r.stream] : []));
  if (!figures.length) return undefined;
  return { peak: spread(figures.map((f) => f.peakMB)), retained: spread(figures.map((f) => f.retainedMB)) };
}

/** A contender's note on W7/W8 (the same in every run), if it gave one. */
export function workloadNote(c: ContenderResults, id: 'W7' | 'W8'): string | undefined {
  return c.runs.find((r) => r.notes?.[id])?.notes?.[id];
}

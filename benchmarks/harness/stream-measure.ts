/** W8's figures: the rows streamed through a contender, checked, with the heap sampled on the way. */
import type { StreamVisitor } from './contender';

export interface StreamFigures {
  readonly rows: number;
  /** Milliseconds streaming, without the forced GCs of the retained samples (they cost ~50 ms each with a big heap). */
  readonly ms: number;
  /**
   * Highest `heapUsed` seen (sampled every PEAK_EVERY rows, no forced GC) minus the baseline, in MB:
   * what the process really held, garbage not yet collected included.
   */
  readonly peakMB: number;
  /** Highest `heapUsed` right after a forced GC (every rows / RETAINED_SAMPLES rows) minus the baseline, in MB. */
  readonly retainedMB: number;
}

const PEAK_EVERY = 10_000;
/** Ten forced full GCs during the stream; their time is taken out of the figure. */
const RETAINED_SAMPLES = 10;
const MB = 2 ** 20;

export function collect(): number {
  // --expose-gc is passed by the command; without it the heap figure is only indicative.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

/** Streams W8's table through a contender's `streamRows`, failing unless rows 1…rows came back (count and sum). */
export async function measureStream(
  streamRows: (visit: StreamVisitor) => Promise<void>,
  rows: number,
): Promise<StreamFigures> {
  const retainedEvery = Math.max(1, Math.floor(rows / RETAINED_SAMPLES));
  const baseline = collect();
  let count = 0;
  let sum = 0;
  let peak = baseline;
  let retained = baseline;
  let gcMs = 0;
  const start = performance.now();
  await streamRows((value) => {
    count++;
    sum += value;
    if (count % PEAK_EVERY === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    if (count % retainedEvery === 0) {
      const gcStart = performance.now();
      retained = Math.max(retained, collect());
      gcMs += performance.now() - gcStart;
    }
  });
  const ms = performance.now() - start - gcMs;
  const expectedSum = (rows * (rows + 1)) / 2;
  if (count !== rows || sum !== expectedSum) {
    throw new Error(`W8 streamed ${count} rows summing to ${sum}; expected ${rows} summing to ${expectedSum}`);
  }
  return { rows, ms, peakMB: (peak - baseline) / MB, retainedMB: (retained - baseline) / MB };
}

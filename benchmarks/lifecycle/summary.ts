/**
 * The lifecycle benchmark's result and the arithmetic on it (pure functions, tested in
 * spec/benchmarks): medians per step and in total, overhead over the raw floor, ranks.
 */
import type { Provenance } from '../harness/provenance';
import { STEPS, type StepId } from './shape';

/** Microseconds over the measured iterations. */
export interface Figures {
  readonly median: number;
  readonly p10: number;
  readonly p90: number;
}

export interface EntryResult {
  readonly version: string;
  readonly how: string;
  readonly steps: Record<StepId, Figures>;
  /** Over each iteration's sum of its steps (not the sum of the step medians). */
  readonly total: Figures;
  /** Statements sent per step in one untimed iteration, BEGIN/COMMIT included. */
  readonly statements: Record<StepId, number>;
  /** Those statements' text, per step (absent in the tests' hand-made results). */
  readonly sql?: Record<StepId, string[]>;
}

export interface LifecycleResult {
  readonly database: 'postgres';
  readonly databaseVersion: string;
  readonly iterations: number;
  readonly warmup: number;
  /** Iterations an entry runs in a row before the next entry's turn (the order rotates each block). */
  readonly block: number;
  readonly date: string;
  readonly provenance: Provenance;
  /** Entry name → its figures; `raw` is the floor. */
  readonly entries: Record<string, EntryResult>;
  /** Entries that could not run (a peer not installed, or failing), with why. */
  readonly missing: readonly { readonly name: string; readonly reason: string }[];
}

/** The value at fraction `q` of the sorted samples (nearest rank). */
function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))] as number;
}

export function figures(samples: readonly number[]): Figures {
  if (!samples.length) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median =
    sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, p10: quantile(sorted, 0.1), p90: quantile(sorted, 0.9) };
}

/** Per-iteration step samples (µs) of one entry → its step figures and its total figure. */
export function summarizeSamples(samples: readonly Record<StepId, number>[]): Pick<EntryResult, 'steps' | 'total'> {
  const steps = {} as Record<StepId, Figures>;
  for (const { id } of STEPS) steps[id] = figures(samples.map((s) => s[id]));
  const total = figures(samples.map((s) => STEPS.reduce((sum, { id }) => sum + s[id], 0)));
  return { steps, total };
}

/** An entry's median over the raw floor's, per step or in total (`'total'`), in µs. */
export function overhead(result: LifecycleResult, name: string, step: StepId | 'total'): number | undefined {
  const raw = result.entries.raw;
  const entry = result.entries[name];
  if (!raw || !entry) return undefined;
  const of = (e: EntryResult) => (step === 'total' ? e.total : e.steps[step]).median;
  return of(entry) - of(raw);
}

/** The ORMs (the raw floor left out) from fastest to slowest on one step or in total. */
export function ranking(result: LifecycleResult, step: StepId | 'total'): string[] {
  const of = (name: string) => {
    const e = result.entries[name] as EntryResult;
    return (step === 'total' ? e.total : e.steps[step]).median;
  };
  return Object.keys(result.entries)
    .filter((name) => name !== 'raw')
    .sort((a, b) => of(a) - of(b));
}

/**
 * The target: `name`'s total overhead the lowest of the ORMs in the run, and no step of it
 * slower than `than`'s (Drizzle's). `worseOn` lists those steps; undefined when `than` did not run.
 */
export function lifecycleTarget(
  result: LifecycleResult,
  name = 'tabula',
  than = 'drizzle',
): { isLowest: boolean; worseOn: string[] | undefined } {
  const isLowest = ranking(result, 'total')[0] === name;
  const own = result.entries[name];
  const other = result.entries[than];
  if (!own || !other) return { isLowest, worseOn: undefined };
  const worseOn = STEPS.filter(({ id }) => own.steps[id].median > other.steps[id].median).map(({ id }) => id);
  return { isLowest, worseOn };
}

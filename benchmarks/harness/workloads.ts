/** The workloads, in the order one process runs them, and how one run is timed. */
import type { Contender, Loaded, StatementCounter } from './contender';

export const WORKLOADS = [
  { id: 'W1', label: 'insert all, one flush' },
  { id: 'W2', label: 'load all into a fresh EntityManager' },
  { id: 'W3', label: 'findOne by key, every managed row' },
  { id: 'W4b', label: 'flush, nothing changed' },
  { id: 'W4', label: 'flush, 1% changed' },
  { id: 'W5', label: 'update all' },
  { id: 'W6', label: 'delete all' },
] as const;

export type WorkloadId = (typeof WORKLOADS)[number]['id'];

/** One process's figures: milliseconds per workload, bytes of heap retained per entity loaded by W2. */
export interface RunResult {
  readonly ms: Record<WorkloadId, number>;
  readonly heapPerEntity: number;
  /** Statements per workload, from the untimed counting run only. */
  readonly statements?: Record<WorkloadId, number>;
}

function collect(): number {
  // --expose-gc is passed by the command; without it the heap figure is only indicative.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** Runs every workload once on `n` authors and returns the figures; tables are created and dropped. */
export async function runWorkloads(
  contender: Contender,
  n: number,
  counter?: StatementCounter & { readonly total: number; reset(): void },
): Promise<RunResult> {
  const ms = {} as Record<WorkloadId, number>;
  const statements = {} as Record<WorkloadId, number>;
  const step = async (id: WorkloadId, work: () => Promise<unknown>) => {
    counter?.reset();
    ms[id] = await timed(work);
    if (counter) statements[id] = counter.total;
  };
  await contender.setUp();
  await step('W1', () => contender.insertAll(n));
  let loaded: Loaded | undefined;
  await step('W2', async () => {
    loaded = await contender.loadAll();
  });
  if (loaded?.entities.length !== n) throw new Error(`W2 loaded ${loaded?.entities.length} of ${n}`);
  // What W2 retains: the heap with its entities (and their EntityManager) alive, minus the heap once they are released.
  const withLoaded = collect();
  loaded = undefined;
  const heapPerEntity = (withLoaded - collect()) / n;
  let found = 0;
  await step('W3', async () => {
    found = await contender.findOneEach();
  });
  if (found !== n) throw new Error(`W3 found ${found} of ${n}`);
  await step('W4b', () => contender.flushUnchanged());
  await step('W4', () => contender.flushOnePercent());
  await step('W5', () => contender.updateAll());
  await step('W6', () => contender.removeAll());
  await contender.tearDown();
  return counter ? { ms, heapPerEntity, statements } : { ms, heapPerEntity };
}

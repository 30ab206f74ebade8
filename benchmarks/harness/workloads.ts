/** The workloads, in the order one process runs them, and how one run is timed. */
import type { BenchBook, Contender, Loaded, StatementCounter } from './contender';
import { collect, measureStream, type StreamFigures } from './stream-measure';

/** In report order; a process runs W7 right after W2 (it needs the rows W6 deletes) and W8 last. */
export const WORKLOADS = [
  { id: 'W1', label: 'insert all, one flush' },
  { id: 'W2', label: 'load all into a fresh EntityManager' },
  { id: 'W3', label: 'findOne by key, every managed row' },
  { id: 'W4b', label: 'flush, nothing changed' },
  { id: 'W4', label: 'flush, 1% changed' },
  { id: 'W5', label: 'update all' },
  { id: 'W6', label: 'delete all' },
  { id: 'W7', label: 'populate books with authors' },
  { id: 'W8', label: 'stream a table' },
] as const;

export type WorkloadId = (typeof WORKLOADS)[number]['id'];

/**
 * One process's figures: milliseconds per workload, bytes of heap retained per entity loaded by W2.
 * Results saved before W7/W8 existed have no figure for them, nor has a contender that cannot stream.
 */
export interface RunResult {
  readonly ms: Partial<Record<WorkloadId, number>>;
  readonly heapPerEntity: number;
  /** W8's rows and heap growth, when the contender streams. */
  readonly stream?: StreamFigures;
  /** Why W7/W8 is missing or how it differs, from the contender. */
  readonly notes?: Partial<Record<'W7' | 'W8', string>>;
  /** Statements per workload, from the untimed counting run only. */
  readonly statements?: Partial<Record<WorkloadId, number>>;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** W7's books must each hold the author written with it ("book i" by "author i"): this also checks W1's ids. */
function checkPopulated(loaded: Loaded | undefined, n: number): void {
  const books = (loaded?.entities ?? []) as BenchBook[];
  const wrong = books.filter((b) => b.title.slice('book '.length) !== b.author?.name.slice('author '.length));
  if (books.length !== n || wrong.length > 0) {
    throw new Error(`W7 loaded ${books.length} of ${n} books, ${wrong.length} with the wrong author`);
  }
}

/** Runs every workload once on `n` authors and `streamRows` streamed rows; tables are created and dropped. */
export async function runWorkloads(
  contender: Contender,
  n: number,
  streamRows: number,
  counter?: StatementCounter & { readonly total: number; reset(): void },
): Promise<RunResult> {
  const ms: Partial<Record<WorkloadId, number>> = {};
  const statements: Partial<Record<WorkloadId, number>> = {};
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
  await step('W7', async () => {
    loaded = await contender.populateBooks();
  });
  checkPopulated(loaded, n);
  loaded = undefined;
  collect();
  let found = 0;
  await step('W3', async () => {
    found = await contender.findOneEach();
  });
  if (found !== n) throw new Error(`W3 found ${found} of ${n}`);
  await step('W4b', () => contender.flushUnchanged());
  await step('W4', () => contender.flushOnePercent());
  await step('W5', () => contender.updateAll());
  await step('W6', () => contender.removeAll());
  let stream: StreamFigures | undefined;
  const streams = contender.streamRows;
  // W8 is one streamed query for every contender; the counting run skips its seconds of streaming.
  if (streams && !counter) {
    stream = await measureStream(streams, streamRows);
    ms.W8 = stream.ms;
  }
  await contender.tearDown();
  return {
    ms,
    heapPerEntity,
    ...(stream ? { stream } : {}),
    ...(contender.notes ? { notes: contender.notes } : {}),
    ...(counter ? { statements } : {}),
  };
}

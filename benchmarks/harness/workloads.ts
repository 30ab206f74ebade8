/** The workloads, in the order one process runs them, and how one run is timed. */
import type { BenchBook, Contender, Loaded, StatementCounter } from './contender';
import { collect, measureStream, type StreamFigures } from './stream-measure';

/** In report order; a process runs W7 right after W2 (it needs the rows W6 deletes) and W8 last. */
export const WORKLOADS = [
  { id: 'W1', label: 'insert all, one flush' },
  { id: 'W2', label: 'load all into a fresh EntityManager' },
  { id: 'W3', label: 'findOne by key, every managed row' },
  { id: 'W4b', label: 'flush, nothing changed' },
  { id: 'W4b+', label: 'the same flush again, median of the next 9' },
  { id: 'W4', label: 'flush, 1% changed' },
  { id: 'W5', label: 'update all' },
  { id: 'W6', label: 'delete all' },
  { id: 'W7', label: 'populate books with authors' },
  { id: 'W8', label: 'stream a table' },
] as const;

export type WorkloadId = (typeof WORKLOADS)[number]['id'];

/** One pass of W1…W7 in a process: milliseconds per workload and W2's heap per entity. */
export interface RoundFigures {
  readonly ms: Partial<Record<WorkloadId, number>>;
  readonly heapPerEntity: number;
}

/**
 * One process's figures: milliseconds per workload, bytes of heap retained per entity loaded by W2.
 * `ms` and `heapPerEntity` are the first, cold round (plus W8, which runs once after the rounds);
 * `rounds` holds every round, the first included, when the process ran more than one (steady state).
 * Results saved before W7/W8 existed have no figure for them, nor has a contender that cannot stream.
 */
export interface RunResult {
  readonly ms: Partial<Record<WorkloadId, number>>;
  readonly heapPerEntity: number;
  /** Every round of W1…W7 in this process, in order; absent in results saved before the steady-state mode. */
  readonly rounds?: readonly RoundFigures[];
  /** W8's rows and heap growth, when the contender streams. */
  readonly stream?: StreamFigures;
  /** Why W7/W8 is missing or how it differs, from the contender. */
  readonly notes?: Partial<Record<'W7' | 'W8', string>>;
  /** Statements per workload, from the untimed counting run only (its first round). */
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

type Counter = StatementCounter & { readonly total: number; reset(): void };

/**
 * One round: W1…W7 on `n` authors on fresh tables (`setUp` drops and re-creates them, and each
 * contender starts a fresh EntityManager in `insertAll`), so every round does the same work.
 */
async function runRound(
  contender: Contender,
  n: number,
  counter: Counter | undefined,
): Promise<RoundFigures & { statements: Partial<Record<WorkloadId, number>> }> {
  const ms: Partial<Record<WorkloadId, number>> = {};
  const statements: Partial<Record<WorkloadId, number>> = {};
  const step = async (id: WorkloadId, work: () => Promise<unknown>) => {
    counter?.reset();
    ms[id] = await timed(work);
    if (counter) statements[id] = counter.total;
  };
  await contender.setUp();
  collect();
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
  // The first empty flush after a load may pay for optimising the scan's code (again, after a GC
  // discarded it); the next ones show the flush itself (docs/steady-state-profile.md).
  const again: number[] = [];
  for (let k = 0; k < 9; k++) again.push(await timed(() => contender.flushUnchanged()));
  ms['W4b+'] = again.sort((a, b) => a - b)[4] as number;
  await step('W4', () => contender.flushOnePercent());
  await step('W5', () => contender.updateAll());
  await step('W6', () => contender.removeAll());
  return { ms, heapPerEntity, statements };
}

/**
 * Runs W1…W7 `rounds` times on `n` authors in this one process (the first round cold, the later
 * ones what a long-running server sees), then W8 once on `streamRows` rows; tables are created
 * and dropped.
 */
export async function runWorkloads(
  contender: Contender,
  n: number,
  streamRows: number,
  rounds = 1,
  counter?: Counter,
): Promise<RunResult> {
  const all: RoundFigures[] = [];
  let statements: Partial<Record<WorkloadId, number>> = {};
  for (let round = 0; round < rounds; round++) {
    // Only the first round is counted: later rounds send the same statements.
    const figures = await runRound(contender, n, round === 0 ? counter : undefined);
    if (round === 0) statements = figures.statements;
    all.push({ ms: figures.ms, heapPerEntity: figures.heapPerEntity });
  }
  const cold = all[0] as RoundFigures;
  const ms = { ...cold.ms };
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
    heapPerEntity: cold.heapPerEntity,
    ...(rounds > 1 ? { rounds: all } : {}),
    ...(stream ? { stream } : {}),
    ...(contender.notes ? { notes: contender.notes } : {}),
    ...(counter ? { statements } : {}),
  };
}

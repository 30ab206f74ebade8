/**
 * What every contender (Tabula, the raw driver floor, each peer ORM) implements: the same steps
 * on the same data, one method per workload, so the harness times them all in one way.
 */

/** The author/book graph every contender inserts: `n` authors, each with one book. */
export interface BenchAuthor {
  id?: number;
  name: string;
  email: string;
  books: BenchBook[];
}

export interface BenchBook {
  id?: number;
  title: string;
  author: BenchAuthor;
}

/** Counts statements sent to the database (transaction control excluded) while `counting` is on. */
export interface StatementCounter {
  count(sql: string): void;
}

const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback|start transaction|savepoint|release|set transaction)\b/i;

/** A counter that ignores BEGIN/COMMIT/ROLLBACK/SAVEPOINT, since each driver spells them differently. */
export function statementCounter(): StatementCounter & { readonly total: number; reset(): void } {
  let total = 0;
  return {
    count(sql: string) {
      if (!TRANSACTION_CONTROL.test(sql)) total++;
    },
    get total() {
      return total;
    },
    reset() {
      total = 0;
    },
  };
}

/** What W2 loaded: the entities and what holds them (the EntityManager), kept alive for the heap figure. */
export interface Loaded {
  readonly entities: readonly unknown[];
  readonly holder?: unknown;
}

/** W8: called once per streamed row with its `value` column; the harness counts, sums and samples the heap. */
export type StreamVisitor = (value: number) => void;

export interface ContenderOptions {
  readonly url: string;
  /** Where W8's table is (the same database except on SQLite, see stream-table.ts). */
  readonly streamUrl: string;
  readonly n: number;
  /** Present only in the untimed counting run: every statement goes through it. */
  readonly counter?: StatementCounter;
}

/**
 * One contender's run, in workload order. Each step works on the state the previous one left:
 * `insertAll` keeps its entities managed for `findOneEach`, the flushes and `removeAll`.
 */
export interface Contender {
  /** Creates the tables (untimed). */
  setUp(): Promise<void>;
  /** W1: `n` authors with one book each, in one flush / transaction. */
  insertAll(n: number): Promise<void>;
  /** W2: every author loaded into a fresh unit of work (or plain objects, for the raw floor and TypeORM). */
  loadAll(): Promise<Loaded>;
  /** W7: every book with its author, into a fresh unit of work (books are the entities returned). */
  populateBooks(): Promise<Loaded>;
  /** W8: streams every row of W8's table through `visit`; absent where the contender has no streaming. */
  streamRows?(visit: StreamVisitor): Promise<void>;
  /** What the report says beside W7/W8: why one is missing, or how it differs (e.g. raw rows, no entities). */
  readonly notes?: Partial<Record<'W7' | 'W8', string>>;
  /** W3: looks up each inserted author by key; returns how many were found. */
  findOneEach(): Promise<number>;
  /** W4b: flush with nothing changed. */
  flushUnchanged(): Promise<void>;
  /** W4: flush with every hundredth author renamed. */
  flushOnePercent(): Promise<void>;
  /** W5: flush with every author renamed. */
  updateAll(): Promise<void>;
  /** W6: removes every author and its book. */
  removeAll(): Promise<void>;
  /** Drops the tables and closes the connection (untimed). */
  tearDown(): Promise<void>;
}

/** Builds the graph in memory; the same names for every contender. */
export function buildAuthors<A extends BenchAuthor>(
  n: number,
  makeAuthor: (name: string, email: string) => A,
  addBook: (author: A, title: string) => void,
): A[] {
  const authors: A[] = [];
  for (let i = 0; i < n; i++) {
    const a = makeAuthor(`author ${i}`, `author${i}@example.com`);
    addBook(a, `book ${i}`);
    authors.push(a);
  }
  return authors;
}

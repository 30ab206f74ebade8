/**
 * Transactions and savepoints over one connection. `runTransaction` owns the whole life cycle:
 * begin, the callback, waiting for statements the callback forgot to await, commit or rollback.
 *
 * A failed statement fails its transaction, on every dialect: PostgreSQL aborts the transaction
 * itself, and MySQL or SQLite may have rolled it back on the server (a deadlock, an interrupt), so
 * going on would commit half of the work. Statements whose failure the caller wants to handle go
 * in a savepoint (`tx.transaction(…)`), whose rollback restores the outer transaction.
 */
import {
  CommitOutcomeUnknownError,
  ConnectionLostError,
  TransactionError,
  TransactionTimeoutError,
} from '../errors/index.js';
import { abortable, cancelledError, eitherSignal } from './cancel.js';
import { LostCommit, type OutcomeTracker } from './commit-outcome.js';
import type { Connection } from './connection.js';
import type { CompiledQuery, ConnectionAdapter, RawResult, SavepointOptions, TransactionOptions } from './driver.js';

/** A running transaction (or savepoint). Valid only inside the callback it was passed to. */
export class Transaction {
  private readonly inFlight = new Set<Promise<unknown>>();
  private closedReason: string | undefined;
  private failure: { error: unknown } | undefined;
  private savepoints = 0;
  /** Savepoints run one after another: interleaved, one's ROLLBACK TO would undo the other. */
  private savepointQueue: Promise<unknown> = Promise.resolve();

  /** @internal created by runTransaction */
  constructor(
    readonly connection: Connection,
    private readonly adapter: ConnectionAdapter,
    /** 0 for the outer transaction, 1.. for savepoints. */
    readonly depth: number,
    private readonly parent?: Transaction,
    /** The outer transaction's, when it resolves a lost COMMIT (see commit-outcome.ts). */
    private readonly tracker?: OutcomeTracker,
    /** Cancels every statement of this transaction (and its savepoints) when it aborts. */
    readonly signal?: AbortSignal | undefined,
  ) {}

  get isActive(): boolean {
    return this.closedReason === undefined && this.failure === undefined;
  }

  /**
   * Runs one statement inside this transaction, under the transaction's signal and `signal`:
   * either aborting cancels it, and the transaction can then only roll back.
   */
  run(query: CompiledQuery, signal?: AbortSignal): Promise<RawResult> {
    const refused = this.refusal('send a statement');
    if (refused) return Promise.reject(refused);
    const p = this.connection.run(query, signal === undefined ? this.signal : eitherSignal(this.signal, signal));
    this.track(p);
    p.catch((error: unknown) => this.fail(error));
    return p;
  }

  /**
   * Runs `fn` inside a savepoint: a throw rolls back to it and re-throws; the outer transaction
   * goes on. Its statements run under this transaction's signal and `options.signal`.
   */
  transaction<T>(fn: (tx: Transaction) => Promise<T>, options: SavepointOptions = {}): Promise<T> {
    const refused = this.refusal('open a savepoint');
    if (refused) return Promise.reject(refused);
    const signal = eitherSignal(this.signal, options.signal);
    if (signal?.aborted) return Promise.reject(cancelledError(signal, 'before'));
    const name = `tabula_sp_${this.depth + 1}_${++this.savepoints}`;
    const sql = this.adapter.transactionSql;
    const run = () => {
      const again = this.refusal('open a savepoint');
      if (again) return Promise.reject(again);
      const child = new Transaction(this.connection, this.adapter, this.depth + 1, this, this.tracker, signal);
      if (options.writes && this.tracker) this.tracker.writes = true;
      return lifeCycle(child, fn, options.timeoutMs, {
        begin: [sql.savepoint(name)],
        ...(options.writes && this.tracker?.token === undefined ? { learnToken: this.tracker } : {}),
        commit: [sql.releaseSavepoint(name)],
        rollback: [sql.rollbackToSavepoint(name), sql.releaseSavepoint(name)],
      });
    };
    const p = this.savepointQueue.then(run, run);
    this.savepointQueue = p.catch(() => undefined);
    this.track(p);
    return p;
  }

  /** @internal waits for everything sent so far, then refuses new statements. */
  async close(reason: string): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    this.closedReason ??= reason;
  }

  /** @internal refuses new statements at once (timeout path). */
  closeNow(reason: string): void {
    this.closedReason ??= reason;
  }

  /** @internal the first failure inside this transaction, if any. */
  get failed(): { error: unknown } | undefined {
    return this.failure;
  }

  /**
   * @internal marks this transaction failed. A savepoint that could not be rolled back fails
   * its parent too, up to the outer transaction, which then can only roll back.
   */
  fail(error: unknown): void {
    this.failure ??= { error };
  }

  /** @internal */
  get pending(): number {
    return this.inFlight.size;
  }

  /** @internal the parent of a savepoint. */
  get outer(): Transaction | undefined {
    return this.parent;
  }

  private refusal(what: string): TransactionError | undefined {
    if (this.closedReason !== undefined) {
      return new TransactionError(
        `Cannot ${what}: this transaction has ${this.closedReason}; it would run outside the transaction.\n` +
          '  Await every statement inside the transaction callback.',
      );
    }
    if (this.failure !== undefined) {
      const cause = this.failure.error;
      return new TransactionError(
        `Cannot ${what}: an earlier statement of this transaction failed (${(cause as Error)?.message?.split('\n')[0] ?? String(cause)}), so it can only roll back.\n` +
          '  To handle a failure and go on, run the statement in a savepoint: await tx.transaction((sp) => sp.execute(…)).',
        { cause },
      );
    }
    return undefined;
  }

  private track(p: Promise<unknown>): void {
    this.inFlight.add(p);
    const done = () => this.inFlight.delete(p);
    p.then(done, done);
  }
}

interface LifeCycleSql {
  readonly begin: readonly string[];
  readonly commit: readonly string[];
  readonly rollback: readonly string[];
  /**
   * True for the outer transaction: when its first commit statement (COMMIT itself) loses the
   * connection, the server may have committed, so the failure is a CommitOutcomeUnknownError,
   * which nothing retries. A savepoint's RELEASE losing it is an ordinary ConnectionLostError:
   * the outer transaction never committed.
   */
  readonly commitIsFinal?: boolean;
  /** Learn the tracker's token in the round trip of the last begin statement, where the probe can. */
  readonly learnToken?: OutcomeTracker | undefined;
  /** The outer transaction's tracker: records a token before COMMIT, and resolves a lost COMMIT with it. */
  readonly outcome?: OutcomeTracker | undefined;
}

// Without the signal: a ROLLBACK or COMMIT must not be cancelled (an abort during COMMIT leaves its outcome to the server).
const run = (tx: Transaction, sql: string) => tx.connection.run({ sql, params: [] });

/** Begin, callback, settle, commit — or rollback on any failure. Shared by transactions and savepoints. */
async function lifeCycle<T>(
  tx: Transaction,
  fn: (tx: Transaction) => Promise<T>,
  timeoutMs: number | undefined,
  sql: LifeCycleSql,
): Promise<T> {
  let result: T;
  try {
    await begin(tx, sql.begin, sql.learnToken);
    const { signal } = tx;
    result = await withTimeout(
      abortable(fn(tx), signal, () => tx.closeNow('been cancelled')),
      timeoutMs,
      tx,
    );
    // A statement the callback started but did not await must finish (and succeed) before COMMIT.
    await tx.close('committed');
    const failed = tx.failed;
    if (failed) throw failed.error;
    // Aborted after the callback's last statement: the caller asked not to commit.
    if (signal?.aborted) throw cancelledError(signal, 'transaction');
    const outcome = sql.outcome;
    const record = outcome?.writes ? outcome.probe.record?.() : undefined;
    if (outcome && record) {
      await tx.connection.run(record.query);
      outcome.token = record.token;
    }
  } catch (error) {
    await rollback(tx, sql.rollback, error);
    throw error;
  }
  let sent = 0;
  try {
    for (const s of sql.commit) {
      sent++;
      await run(tx, s);
    }
  } catch (error) {
    await rollback(tx, sql.rollback, error);
    if (sql.commitIsFinal && sent === 1 && error instanceof ConnectionLostError) {
      const unknown = new CommitOutcomeUnknownError(error);
      const token = sql.outcome?.token;
      throw token === undefined ? unknown : new LostCommit(unknown, result, token, tx.connection.id);
    }
    throw error;
  }
  const housekeeping = sql.outcome?.token !== undefined ? sql.outcome.probe.afterCommit?.() : undefined;
  // The transaction is committed: a failed clean-up must not turn it into a failure.
  if (housekeeping) await tx.connection.run(housekeeping).catch(() => undefined);
  return result;
}

async function begin(tx: Transaction, statements: readonly string[], learn: OutcomeTracker | undefined): Promise<void> {
  const probe = learn?.probe;
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i] as string;
    if (i < statements.length - 1 || !learn || !probe?.beginWithToken || !probe.tokenOf) {
      await run(tx, s);
      continue;
    }
    learn.token = probe.tokenOf(await run(tx, probe.beginWithToken(s)));
  }
}

async function rollback(tx: Transaction, statements: readonly string[], cause: unknown): Promise<void> {
  tx.closeNow('rolled back');
  // Give an un-awaited statement a moment to finish so ROLLBACK is not queued behind a long query.
  const grace = new Promise<void>((r) => setTimeout(r, 2000).unref());
  await Promise.race([tx.close('rolled back'), grace]);
  if (tx.pending === 0 && !tx.connection.isBroken) {
    try {
      for (const s of statements) await run(tx, s);
      return;
    } catch {
      // Fall through: the transaction's state on the server is unknown.
    }
  }
  // Destroying the session rolls everything back on the server. A savepoint that cannot be
  // restored leaves the outer transaction unusable too: it must not COMMIT what is left.
  tx.connection.markBroken();
  for (let outer = tx.outer; outer; outer = outer.outer) outer.fail(cause);
}

function withTimeout<T>(p: Promise<T>, timeoutMs: number | undefined, tx: Transaction): Promise<T> {
  if (timeoutMs === undefined) return p;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      tx.closeNow('timed out');
      reject(
        new TransactionTimeoutError(
          `The transaction callback did not finish within ${timeoutMs} ms; the transaction was rolled back.`,
        ),
      );
    }, timeoutMs);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/** @internal runs `fn` as the outer transaction on `connection`. The caller releases the connection. */
export function runTransaction<T>(
  connection: Connection,
  adapter: ConnectionAdapter,
  fn: (tx: Transaction) => Promise<T>,
  options: TransactionOptions,
): Promise<T> {
  const sql = adapter.transactionSql;
  const probe = adapter.commitOutcome;
  const wanted = options.commitOutcome;
  const tracker = probe && wanted ? { probe, writes: wanted.writes, token: undefined } : undefined;
  const tx = new Transaction(connection, adapter, 0, undefined, tracker, options.signal);
  return lifeCycle(tx, fn, options.timeoutMs, {
    begin: sql.begin(options),
    commit: sql.commit(options),
    rollback: sql.rollback(options),
    commitIsFinal: true,
    ...(tracker?.writes ? { learnToken: tracker } : {}),
    outcome: tracker,
  });
}

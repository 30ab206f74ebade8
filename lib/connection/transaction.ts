/**
 * Transactions and savepoints over one connection. `runTransaction` owns the whole life cycle:
 * begin, the callback, waiting for statements the callback forgot to await, commit or rollback.
 */
import { TransactionError, TransactionTimeoutError } from '../errors';
import type { Connection } from './connection';
import type { CompiledQuery, ConnectionAdapter, RawResult, TransactionOptions } from './driver';

/** A running transaction (or savepoint). Valid only inside the callback it was passed to. */
export class Transaction {
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly statements = new Set<Promise<unknown>>();
  private closedReason: string | undefined;
  private savepoints = 0;

  /** @internal created by runTransaction */
  constructor(
    readonly connection: Connection,
    private readonly adapter: ConnectionAdapter,
    /** 0 for the outer transaction, 1.. for savepoints. */
    readonly depth: number,
  ) {}

  get isActive(): boolean {
    return this.closedReason === undefined;
  }

  /** Runs one statement inside this transaction. */
  run(query: CompiledQuery): Promise<RawResult> {
    if (this.closedReason !== undefined) {
      return Promise.reject(
        new TransactionError(
          `This transaction has ${this.closedReason}; a statement sent after that would run outside it.\n` +
            '  Await every statement inside the transaction callback.',
        ),
      );
    }
    const p = this.connection.run(query);
    this.track(p, true);
    return p;
  }

  /** Runs `fn` inside a savepoint: a throw rolls back to it and re-throws; the outer transaction goes on. */
  transaction<T>(fn: (tx: Transaction) => Promise<T>, options: Pick<TransactionOptions, 'timeoutMs'> = {}): Promise<T> {
    if (this.closedReason !== undefined) {
      return Promise.reject(
        new TransactionError(`Cannot open a savepoint: this transaction has ${this.closedReason}.`),
      );
    }
    const name = `tabula_sp_${this.depth + 1}_${++this.savepoints}`;
    const sql = this.adapter.transactionSql;
    const child = new Transaction(this.connection, this.adapter, this.depth + 1);
    const p = lifeCycle(child, fn, options.timeoutMs, {
      begin: [sql.savepoint(name)],
      commit: [sql.releaseSavepoint(name)],
      rollback: [sql.rollbackToSavepoint(name), sql.releaseSavepoint(name)],
    });
    this.track(p, false);
    return p;
  }

  /**
   * @internal waits for everything sent so far, then refuses new statements. Returns the failures
   * of statements still running when the callback settled: those the callback cannot have
   * awaited. (A failure the callback awaited and handled is its own business; a failed savepoint
   * has already rolled itself back.)
   */
  async close(reason: string): Promise<unknown[]> {
    const unawaited = [...this.inFlight].filter((p) => this.statements.has(p));
    const outcomes = await Promise.allSettled(unawaited);
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    this.closedReason = reason;
    return outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason);
  }

  /** @internal refuses new statements at once (timeout path). */
  closeNow(reason: string): void {
    this.closedReason = reason;
  }

  /** @internal */
  get pending(): number {
    return this.inFlight.size;
  }

  private track(p: Promise<unknown>, isStatement: boolean): void {
    this.inFlight.add(p);
    if (isStatement) this.statements.add(p);
    const done = () => {
      this.inFlight.delete(p);
      this.statements.delete(p);
    };
    p.then(done, done);
  }
}

interface LifeCycleSql {
  readonly begin: readonly string[];
  readonly commit: readonly string[];
  readonly rollback: readonly string[];
}

const run = (tx: Transaction, sql: string) => tx.connection.run({ sql, params: [] });

/** Begin, callback, settle, commit — or rollback on any failure. Shared by transactions and savepoints. */
async function lifeCycle<T>(
  tx: Transaction,
  fn: (tx: Transaction) => Promise<T>,
  timeoutMs: number | undefined,
  sql: LifeCycleSql,
): Promise<T> {
  for (const s of sql.begin) await run(tx, s);
  let result: T;
  try {
    result = await withTimeout(fn(tx), timeoutMs, tx);
    // A statement the callback started but did not await must finish (and succeed) before COMMIT.
    const failures = await tx.close('committed');
    if (failures.length > 0) throw failures[0];
  } catch (error) {
    await rollback(tx, sql.rollback);
    throw error;
  }
  try {
    for (const s of sql.commit) await run(tx, s);
  } catch (error) {
    await rollback(tx, sql.rollback);
    throw error;
  }
  return result;
}

async function rollback(tx: Transaction, statements: readonly string[]): Promise<void> {
  tx.closeNow('rolled back');
  // Give an un-awaited statement a moment to finish so ROLLBACK is not queued behind a long query.
  const grace = new Promise<void>((r) => setTimeout(r, 2000).unref());
  await Promise.race([tx.close('rolled back'), grace]);
  if (tx.pending > 0 || tx.connection.isBroken) {
    // Destroying the session rolls the transaction back on the server.
    tx.connection.markBroken();
    return;
  }
  try {
    for (const s of statements) await run(tx, s);
  } catch {
    tx.connection.markBroken();
  }
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
  const tx = new Transaction(connection, adapter, 0);
  return lifeCycle(tx, fn, options.timeoutMs, {
    begin: sql.begin(options),
    commit: sql.commit(options),
    rollback: sql.rollback(options),
  });
}

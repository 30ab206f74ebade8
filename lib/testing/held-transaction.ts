/**
 * A transaction held open across test hooks. Tabula's transactions are callbacks (so a connection
 * can never leak), and a test's transaction must outlive `beforeEach`: the callback here waits
 * until `rollback()` and then throws, so the transaction helpers roll it back and release the
 * connection exactly as they do for any failed unit of work.
 */
import type { TransactionScope } from '../dialects/index.js';

/** Runs a callback in a transaction (or a savepoint): `db.transaction` or `tx.transaction`. */
export type RunInTransaction = (fn: (tx: TransactionScope) => Promise<never>) => Promise<never>;

export interface HeldTransaction {
  readonly tx: TransactionScope;
  /** Ends the callback; resolves once ROLLBACK (or ROLLBACK TO SAVEPOINT) has run. */
  rollback(): Promise<void>;
}

/** What the held callback throws to end its transaction; never reaches a caller. */
class RollbackRequested extends Error {
  override readonly name = 'RollbackRequested';
}

/** Opens a transaction through `run` and keeps it open until `rollback()`. */
export async function holdTransaction(run: RunInTransaction): Promise<HeldTransaction> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let opened!: (tx: TransactionScope) => void;
  const ready = new Promise<TransactionScope>((resolve) => (opened = resolve));
  const ended = run(async (tx) => {
    opened(tx);
    await released;
    throw new RollbackRequested('rolled back by the test database');
  });
  // A failed BEGIN (or pool timeout) rejects `ended` before `ready` resolves.
  const tx = await Promise.race([ready, ended]);
  return {
    tx,
    async rollback() {
      release();
      try {
        await ended;
      } catch (e) {
        if (!(e instanceof RollbackRequested)) throw e;
      }
    },
  };
}

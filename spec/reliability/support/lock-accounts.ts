/**
 * The table of the lock, deadlock and cancellation scenarios: accounts with a balance, keyed by a
 * number the test chooses, and the small tools those scenarios share — a barrier that makes two
 * units really interleave, and a poll that measures how long a condition took to become true.
 */
import type { Tabula as TabulaType } from '../../../lib';
import { Tabula } from '../../../lib';
import { defineEntity, p } from '../../../lib/mapping';
import { sql } from '../../../lib/sql';

export class LockAccount {
  constructor(
    public id: number,
    public balance: number,
  ) {}
}

export const LockAccountMapper = defineEntity(LockAccount, {
  table: 't_rel_lock_accounts',
  properties: {
    id: p.integer().primaryKey(),
    balance: p.integer(),
  },
});

export async function openAccounts(url: string, pool?: { size?: number; statementTimeoutMs?: number }) {
  const orm = await Tabula.connect({ url, mappers: [LockAccountMapper], ...(pool ? { pool } : {}) });
  return orm;
}

/** Drops and creates the table, then inserts accounts 1..n with `balance` each. */
export async function resetAccounts(orm: TabulaType, n: number, balance = 0): Promise<void> {
  await orm.schema.drop();
  await orm.schema.create();
  const em = orm.em.fork();
  for (let id = 1; id <= n; id++) em.persist(new LockAccount(id, balance));
  await em.flush();
}

/** The balances by id, read on a connection of their own. */
export async function balances(orm: TabulaType): Promise<number[]> {
  const rows = await orm.db.query<{ balance: unknown }>(sql`select balance from t_rel_lock_accounts order by id`);
  return rows.map((r) => Number(r.balance));
}

/**
 * A barrier for `parties` callers: each `arrive()` resolves once all have arrived. It rejects after
 * `timeoutMs` so a scenario that cannot interleave fails instead of hanging.
 */
export function barrier(parties: number, timeoutMs = 5000): { arrive(): Promise<void> } {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    arrive() {
      arrived++;
      if (arrived === parties) open();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`barrier: ${arrived} of ${parties} arrived`)), timeoutMs);
      });
      return Promise.race([opened, timeout]).finally(() => clearTimeout(timer));
    },
  };
}

/** Milliseconds until `check` is true, polling every `everyMs`; rejects after `limitMs`. */
export async function msUntil(check: () => Promise<boolean>, limitMs = 5000, everyMs = 10): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > limitMs) throw new Error(`condition not met within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return performance.now() - started;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

import type { DriverPool } from '../connection/driver';
import type { ResolvedConfig } from './config';
import type { Dialect } from './dialect';

/** What a dialect's `open` returns: the dialect, bound to the server's version, and its pool. */
export interface OpenedDialect {
  readonly dialect: Dialect;
  readonly pool: DriverPool;
}

export type OpenDialect = (config: ResolvedConfig) => Promise<OpenedDialect>;

/** Compares dotted version strings numerically: `versionAtLeast('10.11.6-MariaDB', '10.5')`. */
export function versionAtLeast(version: string, minimum: string): boolean {
  const a = (version.match(/\d+(\.\d+)*/)?.[0] ?? '0').split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < b.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

/** Runs `fn` and closes the pool if it throws, so a failed connect leaves nothing open. */
export async function closingOnFailure<T>(pool: DriverPool, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    await pool.close().catch(() => undefined);
    throw e;
  }
}

/** Runs one statement on a fresh connection of `pool` and returns the first row. */
export async function firstRow(pool: DriverPool, sql: string): Promise<Record<string, unknown>> {
  const c = await pool.acquire({});
  let broken = true;
  try {
    const { rows } = await c.run(sql, []);
    broken = false;
    return rows[0] ?? {};
  } finally {
    pool.release(c, broken);
  }
}

/**
 * Cancelling a running MySQL/MariaDB statement from outside its session: `KILL QUERY <thread id>`
 * on a short-lived connection of its own. Not a pooled one: the pool may be full (of the very
 * connections waiting on the statement), and a cancel must never queue behind them. KILL QUERY
 * stops the statement only; the session and its transaction stay open for the ROLLBACK.
 */
import type mysql from 'mysql2';
import { addressOptions } from './address.js';
import type { MysqlSettings } from './driver.js';

/** Resolves once the server accepted the KILL QUERY; rejects when it could not be sent. */
export function killQuery(driver: typeof mysql, settings: MysqlSettings, threadId: number): Promise<void> {
  if (!Number.isSafeInteger(threadId)) return Promise.reject(new Error(`not a thread id: ${String(threadId)}`));
  return new Promise((resolve, reject) => {
    const conn = driver.createConnection({
      ...addressOptions(settings),
      connectTimeout: settings.connectTimeoutMs,
    });
    conn.on('error', () => undefined);
    conn.query(`KILL QUERY ${threadId}`, (e) => {
      conn.destroy();
      if (e) reject(e);
      else resolve();
    });
  });
}

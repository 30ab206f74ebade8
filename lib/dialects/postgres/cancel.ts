/**
 * Cancelling a running PostgreSQL statement from outside its session: `pg_cancel_backend(pid)` on
 * a short-lived connection of its own. Not a pooled one: the pool may be full (of the very
 * connections waiting on the statement), and a cancel must never queue behind them.
 */
import type pg from 'pg';
import type { PostgresSettings } from './driver.js';

/** Resolves once the server signalled the backend; rejects when it could not (the backend is gone, no connection). */
export async function cancelBackend(driver: typeof pg, settings: PostgresSettings, pid: number): Promise<void> {
  const client = new driver.Client({
    host: settings.host,
    port: settings.port,
    user: settings.user,
    password: settings.password,
    database: settings.database,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    application_name: 'tabula-cancel',
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query<{ sent: boolean }>('SELECT pg_cancel_backend($1) AS sent', [pid]);
    if (rows[0]?.sent !== true) throw new Error(`pg_cancel_backend(${pid}) found no backend to signal`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

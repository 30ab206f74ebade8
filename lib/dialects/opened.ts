import type { ConnectionAdapter, DriverPool } from '../connection/index.js';
import { BindLimitError } from '../errors/index.js';
import type { ResolvedConfig } from './config.js';
import type { Dialect, DialectName } from './dialect.js';

const DATABASE_LABELS: Readonly<Record<DialectName, string>> = {
  sqlite: 'SQLite',
  postgres: 'PostgreSQL',
  mysql: 'MySQL/MariaDB',
};

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

/**
 * Reads the first row of `sql` on a fresh connection, to learn what the server is. A failure
 * closes the pool (a failed connect leaves nothing open) and comes back as a typed error.
 */
export async function probeServer(
  pool: DriverPool,
  sql: string,
  translateError: ConnectionAdapter['translateError'],
): Promise<Record<string, unknown>> {
  return (await probeServerSession(pool, sql, translateError)).row;
}

/** {@link probeServer}, also giving the id the driver knows the probing connection's session by. */
export async function probeServerSession(
  pool: DriverPool,
  sql: string,
  translateError: ConnectionAdapter['translateError'],
): Promise<{ readonly row: Record<string, unknown>; readonly session: number }> {
  try {
    const c = await pool.acquire({});
    let broken = true;
    try {
      const { rows } = await c.run(sql, []);
      broken = false;
      return { row: rows[0] ?? {}, session: c.id };
    } finally {
      pool.release(c, broken);
    }
  } catch (e) {
    await pool.close().catch(() => undefined);
    throw translateError(e, undefined);
  }
}

/** The parts a dialect is made of; `assembleDialect` binds them into the Dialect interface. */
export interface DialectParts extends Omit<Dialect, 'dialectName' | 'compile'> {
  readonly compiler: { compile: Dialect['compile'] };
}

export function assembleDialect(parts: DialectParts): Dialect {
  const { compiler, ...rest } = parts;
  const limit = parts.capabilities.maxBindParameters;
  const label = DATABASE_LABELS[parts.name];
  // Checked before anything is sent: past the limit the drivers fail in ways that look transient.
  const compile: Dialect['compile'] = (node) => {
    const compiled = compiler.compile(node);
    if (compiled.params.length > limit) throw BindLimitError.exceeded(label, compiled.params.length, limit);
    return compiled;
  };
  return { ...rest, dialectName: parts.name, compile };
}

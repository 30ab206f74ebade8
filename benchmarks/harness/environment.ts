/** What the report records about the run: machine, versions of Node, the database and each package. */
import { existsSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { openRawDriver } from '../contenders/raw-driver';

const ROOT = join(__dirname, '..', '..');

/** `name version` of an installed package, from the root project or benchmarks/peers. */
export function packageVersion(name: string, from: 'root' | 'peers' = 'root'): string {
  const base = from === 'root' ? ROOT : join(ROOT, 'benchmarks', 'peers');
  const file = join(base, 'node_modules', name, 'package.json');
  if (!existsSync(file)) return `${name} (not installed)`;
  return `${name} ${(JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version}`;
}

export function tabulaVersion(): string {
  return `tabula ${(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}`;
}

/** Which Tabula code ran: the build users install (harness/use-build.cjs) or the TypeScript source through tsx. */
export function tabulaCode(): 'build' | 'source' {
  return process.env.TABULA_BENCH_BUILD ? 'build' : 'source';
}

export function machineDescription(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, ${process.platform} ${process.arch}`;
}

/** The database's own version, asked through the raw driver. */
export async function databaseVersion(url: string): Promise<string> {
  const db = await openRawDriver(url.startsWith('sqlite:') ? 'sqlite::memory:' : url);
  const sql = {
    sqlite: 'SELECT sqlite_version() AS v',
    postgres: 'SELECT version() AS v',
    mysql: 'SELECT VERSION() AS v',
  }[db.dialect];
  const { rows } = await db.run(sql);
  await db.close();
  const version = String(rows[0]?.v ?? '?');
  return db.dialect === 'sqlite'
    ? `SQLite ${version}`
    : db.dialect === 'postgres'
      ? (version.split(',')[0] ?? version)
      : `MySQL/MariaDB ${version}`;
}

/**
 * Saved results. Every run writes its own files to benchmarks/out/ (git-ignored, one per database
 * kind, size and start time). `--write-report` also keeps one JSON file per database kind and size
 * in benchmarks/results/, which the committed report is drawn from, so it can show a SQLite run
 * and a PostgreSQL run made by separate commands side by side.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseKind } from './args';
import type { RunResult, WorkloadId } from './workloads';

export interface ContenderResults {
  /** Package and version, e.g. `tabula 0.1.0`, `@mikro-orm/core 6.4.0`. */
  readonly version: string;
  /** The driver underneath, e.g. `sqlite3 6.0.1`. */
  readonly driver: string;
  readonly runs: readonly RunResult[];
  readonly statements: Partial<Record<WorkloadId, number>>;
}

export interface ResultSet {
  readonly database: DatabaseKind;
  readonly databaseVersion: string;
  readonly n: number;
  /** Rows W8 streamed; absent in results saved before W8 existed. */
  readonly streamRows?: number;
  readonly reps: number;
  readonly date: string;
  readonly machine: string;
  readonly node: string;
  /** Contender name → its results; `raw` is always present. */
  readonly contenders: Record<string, ContenderResults>;
}

const DIR = join(__dirname, '..', 'results');
const OUT = join(__dirname, '..', 'out');

/**
 * Writes one run's result set to benchmarks/out/<database>-<n>-<start time>.json, and `markdown`
 * beside it as .md; returns the two paths. Never touches the committed results or report.
 */
export function saveRunOutput(set: ResultSet, startedAt: Date, markdown: string): [string, string] {
  mkdirSync(OUT, { recursive: true });
  const stamp = startedAt.toISOString().slice(0, 19).replace(/:/g, '-');
  const base = join(OUT, `${set.database}-${set.n}-${stamp}`);
  writeFileSync(`${base}.json`, `${JSON.stringify(set, null, 1)}\n`);
  writeFileSync(`${base}.md`, markdown);
  return [`${base}.json`, `${base}.md`];
}

export function saveResults(set: ResultSet): string {
  mkdirSync(DIR, { recursive: true });
  const file = join(DIR, `${set.database}-${set.n}.json`);
  writeFileSync(file, `${JSON.stringify(set, null, 1)}\n`);
  return file;
}

export function loadAllResults(): ResultSet[] {
  if (!existsSync(DIR)) return [];
  const order: Record<DatabaseKind, number> = { sqlite: 0, postgres: 1, mysql: 2 };
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as ResultSet)
    .sort((a, b) => order[a.database] - order[b.database] || a.n - b.n);
}

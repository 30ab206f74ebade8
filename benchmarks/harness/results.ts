/**
 * Saved results. Every run writes its own files to benchmarks/out/ (git-ignored, one per database
 * kind, size and start time). `--write-report` also keeps one JSON file per database kind and size
 * in benchmarks/results/, which the committed report is drawn from, so it can show a SQLite run
 * and a PostgreSQL run made by separate commands side by side.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseKind } from './args';
import type { Provenance } from './provenance';
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
  /** Passes of W1…W7 per process; absent (one, cold) in results saved before the steady-state mode. */
  readonly rounds?: number;
  readonly date: string;
  readonly machine: string;
  readonly node: string;
  /** Which code and machine produced the figures; absent in results saved before it was recorded. */
  readonly provenance?: Provenance;
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

/**
 * The contenders a saved result has and a new one lacks: a run without the peers (not installed,
 * or `--peers` forgotten) must not replace one that measured them.
 */
export function missingContenders(
  saved: { readonly contenders: Record<string, unknown> },
  fresh: { readonly contenders: Record<string, unknown> },
): string[] {
  return Object.keys(saved.contenders).filter((name) => !(name in fresh.contenders));
}

/**
 * Saves `set` as benchmarks/results/<database>-<n>.json, replacing the previous one, unless that
 * one has a contender this set lacks: then it is kept and nothing is written (the run stays in
 * benchmarks/out/). Returns what happened, for the terminal.
 */
export function saveResults(set: ResultSet): string {
  mkdirSync(DIR, { recursive: true });
  const file = join(DIR, `${set.database}-${set.n}.json`);
  if (existsSync(file)) {
    const missing = missingContenders(JSON.parse(readFileSync(file, 'utf8')) as ResultSet, set);
    if (missing.length) {
      return `kept ${file}: it has ${missing.join(', ')}, which this run lacks (run with the peers to replace it)`;
    }
  }
  writeFileSync(file, `${JSON.stringify(set, null, 1)}\n`);
  return `saved ${file}`;
}

export function loadAllResults(): ResultSet[] {
  if (!existsSync(DIR)) return [];
  const order: Record<DatabaseKind, number> = { sqlite: 0, postgres: 1, mysql: 2 };
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as ResultSet)
    .sort((a, b) => order[a.database] - order[b.database] || a.n - b.n);
}

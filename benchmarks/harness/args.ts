/**
 * The command line of `npm run bench`: `--db <url>`, `--n <count[,count…]>`, `--reps <count>`,
 * `--rounds <count>`, `--stream-rows <count>`, `--peers`, `--write-report`, `--report-only`,
 * `--note <text>`, `--cpu-prof`. `--db postgres` or `--db mysql` (no URL) starts a throwaway server for the run.
 */

export interface BenchArgs {
  /** `sqlite:<file>` (the default, an embedded file), `postgres://…` or `mysql://…`. */
  readonly url: string;
  /** Author counts to run; a second count ten times the first shows how cost grows. */
  readonly sizes: readonly number[];
  readonly reps: number;
  /**
   * Passes of W1…W7 in each process (default 5): the first is the cold figure, the median of the
   * later ones the steady state. 1 gives the cold figure only.
   */
  readonly rounds: number;
  /** Rows W8 streams (default 1,000,000; fewer for a quick development run). */
  readonly streamRows: number;
  /** Also run MikroORM and TypeORM (installed in benchmarks/peers by `npm run bench:peers`). */
  readonly withPeers: boolean;
  /**
   * Also save the run to benchmarks/results/ and rewrite the committed report (docs/benchmarks.md,
   * docs/benchmarks.svg) from every saved result. Without it a run writes only benchmarks/out/.
   */
  readonly writeReport: boolean;
  /** Run nothing; rewrite the committed report from benchmarks/results/ (so implies `writeReport`). */
  readonly reportOnly: boolean;
  /**
   * `--cpu-prof`: each timed process writes a V8 CPU profile (`node --cpu-prof`) to
   * benchmarks/out/profiles/, named by contender, size and repetition, for DevTools or speedscope.
   */
  readonly cpuProf: boolean;
  /** A remark printed at the top of the report, e.g. about a shared machine. */
  readonly note: string;
}

export const DEFAULT_URL = 'sqlite:.tmp/tabula-bench.db';

export function parseArgs(argv: readonly string[]): BenchArgs {
  const value = (name: string, fallback: string) => {
    const i = argv.indexOf(`--${name}`);
    const given = i >= 0 ? argv[i + 1] : undefined;
    if (i >= 0 && (given === undefined || given.startsWith('--'))) throw new Error(`--${name} needs a value`);
    return given ?? fallback;
  };
  const sizes = value('n', '10000').split(',').map(Number);
  const reps = Number(value('reps', '5'));
  const rounds = Number(value('rounds', '5'));
  const streamRows = Number(value('stream-rows', '1000000'));
  if (sizes.some((n) => !Number.isInteger(n) || n < 100)) throw new Error('--n takes whole counts of at least 100');
  if (!Number.isInteger(reps) || reps < 1) throw new Error('--reps takes a whole count of at least 1');
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds takes a whole count of at least 1');
  if (!Number.isInteger(streamRows) || streamRows < 1000) {
    throw new Error('--stream-rows takes a whole count of at least 1000');
  }
  return {
    url: value('db', DEFAULT_URL),
    sizes,
    reps,
    rounds,
    streamRows,
    withPeers: argv.includes('--peers'),
    writeReport: argv.includes('--write-report') || argv.includes('--report-only'),
    reportOnly: argv.includes('--report-only'),
    cpuProf: argv.includes('--cpu-prof'),
    note: value('note', ''),
  };
}

export type DatabaseKind = 'sqlite' | 'postgres' | 'mysql';

export function databaseKind(url: string): DatabaseKind {
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (url === 'mariadb') return 'mysql';
  if (url.startsWith('postgres')) return 'postgres';
  if (url.startsWith('mysql')) return 'mysql';
  throw new Error(`--db ${url}: expected sqlite:<file>, postgres://… or mysql://…`);
}

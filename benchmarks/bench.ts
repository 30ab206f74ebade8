/**
 * `npm run bench`: Tabula beside the raw driver floor (and, with `npm run bench:peers`, MikroORM
 * and TypeORM) on the same workloads. Every repetition of every contender runs in a fresh process
 * that runs W1…W7 `--rounds` times (the first round is the cold figure, the median of the later
 * ones the steady state, the headline), contenders alternate within each repetition to spread
 * machine drift, and an untimed extra run per contender counts statements. The figures are printed, and written to benchmarks/out/
 * (git-ignored). Only with `--write-report` (which `npm run bench:peers` passes) do they also go to
 * benchmarks/results/, and docs/benchmarks.md and docs/benchmarks.svg are rewritten from every
 * saved result: a quick or partial run cannot replace the committed report by accident.
 *
 *   npm run bench -- [--db sqlite:<file> | postgres://… | mysql://… | postgres | mysql]
 *                    [--n 10000[,100000]] [--reps 5] [--rounds 5] [--stream-rows 1000000]
 *                    [--write-report] [--report-only] [--note <text>] [--cpu-prof]
 */
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type BenchArgs, type DatabaseKind, databaseKind, parseArgs } from './harness/args';
import { databaseVersion, machineDescription, packageVersion, tabulaVersion } from './harness/environment';
import { progressBar } from './harness/progress';
import { finishProvenance, startProvenance } from './harness/provenance';
import { type ContenderResults, type ResultSet, saveResults, saveRunOutput } from './harness/results';
import { openBenchDatabase } from './harness/servers';
import { spawnRun } from './harness/spawn-run';
import { dropStreamTable } from './harness/stream-table';
import type { RunResult } from './harness/workloads';
import { renderRun } from './report/markdown';
import { terminalSummary } from './report/terminal';
import { writeReport } from './report/write-report';

const PROFILES = join(__dirname, 'out', 'profiles');

const DRIVER: Record<DatabaseKind, string> = { sqlite: 'sqlite3', postgres: 'pg', mysql: 'mysql2' };

/** Peers run on SQLite and PostgreSQL only (the scope); both use better-sqlite3 on SQLite. */
function peerInfo(name: string, db: DatabaseKind): Pick<ContenderResults, 'version' | 'driver'> {
  const driver = db === 'sqlite' ? packageVersion('better-sqlite3', 'peers') : packageVersion('pg', 'peers');
  if (name === 'mikro-orm') {
    const adapter = db === 'sqlite' ? '@mikro-orm/better-sqlite' : '@mikro-orm/postgresql';
    return { version: packageVersion('@mikro-orm/core', 'peers'), driver: `${driver} via ${adapter}` };
  }
  return { version: packageVersion('typeorm', 'peers'), driver };
}

function contendersFor(args: BenchArgs, db: DatabaseKind): string[] {
  const peers = args.withPeers && db !== 'mysql' ? ['mikro-orm', 'typeorm'] : [];
  return ['raw', 'tabula', ...peers];
}

async function runSize(args: BenchArgs, n: number): Promise<ResultSet> {
  const db = databaseKind(args.url);
  const version = await databaseVersion(args.url);
  const started = startProvenance(version);
  const names = contendersFor(args, db);
  const runs = new Map<string, RunResult[]>(names.map((c) => [c, []]));
  const bar = progressBar(args.reps * names.length + names.length);
  for (let rep = 0; rep < args.reps; rep++) {
    // Rotating the order each repetition keeps any contender from always running first or last.
    const order = names.map((_, i) => names[(i + rep) % names.length] as string);
    for (const name of order) {
      bar.step(`n=${n} rep ${rep + 1}/${args.reps} ${name}`);
      const run = await spawnRun({
        contender: name,
        url: args.url,
        n,
        streamRows: args.streamRows,
        rounds: args.rounds,
        ...(args.cpuProf ? { cpuProfile: { dir: PROFILES, name: `${db}-${n}-${name}-rep${rep + 1}` } } : {}),
      });
      runs.get(name)?.push(run);
    }
  }
  const contenders: Record<string, ContenderResults> = {};
  for (const name of names) {
    bar.step(`n=${n} counting statements: ${name}`);
    const counted = await spawnRun({
      contender: name,
      url: args.url,
      n,
      streamRows: args.streamRows,
      rounds: 1,
      count: true,
    });
    const info =
      name === 'raw' || name === 'tabula'
        ? { version: name === 'raw' ? 'hand-written SQL' : tabulaVersion(), driver: packageVersion(DRIVER[db]) }
        : peerInfo(name, db);
    contenders[name] = { ...info, runs: runs.get(name) ?? [], statements: counted.statements ?? ({} as never) };
  }
  bar.done();
  return {
    database: db,
    databaseVersion: version,
    n,
    streamRows: args.streamRows,
    reps: args.reps,
    rounds: args.rounds,
    date: new Date().toISOString(),
    machine: machineDescription(),
    node: process.version,
    provenance: finishProvenance(started),
    contenders,
  };
}

async function main(): Promise<void> {
  const given = parseArgs(process.argv.slice(2));
  mkdirSync('.tmp', { recursive: true });
  if (!given.reportOnly) {
    const database = await openBenchDatabase(given.url);
    try {
      await runAll({ ...given, url: database.url });
    } finally {
      await database.stop();
    }
  }
  if (given.writeReport) process.stderr.write(`wrote ${writeReport(given.note)}\n`);
  else process.stderr.write('docs/benchmarks.md left as it is (pass --write-report to rewrite it)\n');
}

async function runAll(args: BenchArgs): Promise<void> {
  const startedAt = new Date();
  const sets: ResultSet[] = [];
  for (const n of args.sizes) {
    const set = await runSize(args, n);
    sets.push(set);
    // Saved as soon as it is measured: a later size that fails does not lose this one.
    saveRunOutput(set, startedAt, renderRun(set, sets, args.note));
    if (args.writeReport) process.stderr.write(`${saveResults(set)}\n`);
  }
  await dropStreamTable(args.url);
  // Again with every size of the run, so the smaller size's page shows the growth target.
  const files = sets.flatMap((set) => saveRunOutput(set, startedAt, renderRun(set, sets, args.note)));
  process.stdout.write(`\n${sets.map((set) => terminalSummary(set, sets)).join('\n\n')}\n\n`);
  process.stderr.write(`wrote ${files.map((f) => relative(process.cwd(), f)).join(', ')}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});

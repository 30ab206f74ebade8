/**
 * `npm run bench`: Tabula beside the raw driver floor (and, with `npm run bench:peers`, MikroORM
 * and TypeORM) on the same workloads. Every repetition of every contender runs in a fresh process,
 * contenders alternate within each repetition to spread machine drift, and an untimed extra run
 * per contender counts statements. Results go to benchmarks/results/, then docs/benchmarks.md and
 * docs/benchmarks.svg are rewritten from every saved result.
 *
 *   npm run bench -- [--db sqlite:<file> | postgres://… | mysql://…] [--n 10000[,100000]] [--reps 5]
 *                    [--stream-rows 1000000] [--report-only] [--note <text>]
 */
import { mkdirSync } from 'node:fs';
import { type BenchArgs, type DatabaseKind, databaseKind, parseArgs } from './harness/args';
import { databaseVersion, machineDescription, packageVersion, tabulaVersion } from './harness/environment';
import { progressBar } from './harness/progress';
import { type ContenderResults, type ResultSet, saveResults } from './harness/results';
import { spawnRun } from './harness/spawn-run';
import { dropStreamTable } from './harness/stream-table';
import type { RunResult } from './harness/workloads';
import { writeReport } from './report/write-report';

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
  const names = contendersFor(args, db);
  const runs = new Map<string, RunResult[]>(names.map((c) => [c, []]));
  const bar = progressBar(args.reps * names.length + names.length);
  for (let rep = 0; rep < args.reps; rep++) {
    // Rotating the order each repetition keeps any contender from always running first or last.
    const order = names.map((_, i) => names[(i + rep) % names.length] as string);
    for (const name of order) {
      bar.step(`n=${n} rep ${rep + 1}/${args.reps} ${name}`);
      runs.get(name)?.push(await spawnRun({ contender: name, url: args.url, n, streamRows: args.streamRows }));
    }
  }
  const contenders: Record<string, ContenderResults> = {};
  for (const name of names) {
    bar.step(`n=${n} counting statements: ${name}`);
    const counted = await spawnRun({ contender: name, url: args.url, n, streamRows: args.streamRows, count: true });
    const info =
      name === 'raw' || name === 'tabula'
        ? { version: name === 'raw' ? 'hand-written SQL' : tabulaVersion(), driver: packageVersion(DRIVER[db]) }
        : peerInfo(name, db);
    contenders[name] = { ...info, runs: runs.get(name) ?? [], statements: counted.statements ?? ({} as never) };
  }
  bar.done();
  return {
    database: db,
    databaseVersion: await databaseVersion(args.url),
    n,
    streamRows: args.streamRows,
    reps: args.reps,
    date: new Date().toISOString(),
    machine: machineDescription(),
    node: process.version,
    contenders,
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  mkdirSync('.tmp', { recursive: true });
  if (!args.reportOnly) {
    for (const n of args.sizes) {
      const file = saveResults(await runSize(args, n));
      process.stderr.write(`saved ${file}\n`);
    }
    await dropStreamTable(args.url);
  }
  process.stderr.write(`wrote ${writeReport(args.note)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});

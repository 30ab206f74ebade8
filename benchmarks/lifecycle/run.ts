/**
 * `npm run bench:lifecycle`: the shape of a web request rather than a bulk job. Each iteration is
 * one request on a fresh unit of work: insert 10 rows, read 200, update one by id, read it again,
 * read 50 parents with their children, delete one, read nothing. The raw `pg` floor, Tabula,
 * Drizzle, TypeORM and MikroORM run in this one process, each on one connection, in blocks of
 * iterations whose order rotates; figures go to benchmarks/out/, and with `--write-report` to
 * benchmarks/results/lifecycle/ and docs/benchmarks.md.
 *
 *   npm run bench:lifecycle -- [--db postgres://… | postgres] [--iterations 500] [--warmup 100]
 *                              [--block 50] [--only raw,tabula,…] [--write-report] [--note <text>]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import pg from 'pg';
import { type Provenance, finishProvenance, startProvenance } from '../harness/provenance';
import { openBenchDatabase } from '../harness/servers';
import { writeReport } from '../report/write-report';
import { countQueries, type QueryCounter } from './counting';
import { renderLifecycle } from './report';
import { saveLifecycle } from './results';
import { createSchema, dropSchema, resetData } from './schema';
import { type CreateEntry, type Iteration, type LifecycleEntry, READ_ROWS, SEEDED_USERS, type StepId } from './shape';
import { type EntryResult, type LifecycleResult, summarizeSamples } from './summary';

const ENTRIES = ['raw', 'tabula', 'drizzle', 'typeorm', 'mikro-orm'] as const;
const OUT = join(__dirname, '..', 'out');

interface Args {
  readonly db: string;
  readonly iterations: number;
  readonly warmup: number;
  readonly block: number;
  readonly only: readonly string[];
  readonly writeReport: boolean;
  readonly note: string;
}

function parseArgs(argv: readonly string[]): Args {
  const value = (name: string, fallback: string) => {
    const i = argv.indexOf(`--${name}`);
    const given = i >= 0 ? argv[i + 1] : undefined;
    if (i >= 0 && (given === undefined || given.startsWith('--'))) throw new Error(`--${name} needs a value`);
    return given ?? fallback;
  };
  const count = (name: string, fallback: string, min: number) => {
    const v = Number(value(name, fallback));
    if (!Number.isInteger(v) || v < min) throw new Error(`--${name} takes a whole count of at least ${min}`);
    return v;
  };
  const db = value('db', 'postgres');
  if (db !== 'postgres' && !db.startsWith('postgres'))
    throw new Error('--db: the lifecycle benchmark runs on PostgreSQL');
  const only = value('only', ENTRIES.join(',')).split(',');
  const unknown = only.filter((n) => !(ENTRIES as readonly string[]).includes(n));
  if (unknown.length) throw new Error(`--only: unknown entries ${unknown.join(', ')} (known: ${ENTRIES.join(', ')})`);
  return {
    db,
    iterations: count('iterations', '500', 1),
    warmup: count('warmup', '100', 0),
    block: count('block', '50', 1),
    only: only.includes('raw') ? only : ['raw', ...only],
    writeReport: argv.includes('--write-report'),
    note: value('note', ''),
  };
}

/** The raw floor and Tabula live here; the peers in benchmarks/peers (computed paths keep tsc out of it). */
async function load(name: string, url: string): Promise<LifecycleEntry> {
  const path = name === 'raw' || name === 'tabula' ? `./${name}` : `../peers/lifecycle-${name}`;
  const module = (await import(path)) as { createEntry: CreateEntry };
  return module.createEntry(url);
}

function check(ok: boolean, entry: string, what: string): void {
  if (!ok) throw new Error(`${entry}: ${what}`);
}

/** Runs one iteration; returns each step's µs. Results are checked outside the timed calls. */
async function iterate(
  entry: LifecycleEntry,
  index: number,
  counter?: QueryCounter,
  sql?: Record<StepId, string[]>,
): Promise<Record<StepId, number>> {
  const it: Iteration = entry.begin(index);
  const us = {} as Record<StepId, number>;
  const statements = {} as Record<StepId, number>;
  const step = async <T>(id: StepId, work: () => Promise<T>): Promise<T> => {
    if (counter) {
      counter.total = 0;
      counter.sql = [];
      counter.on = true;
    }
    const start = performance.now();
    const result = await work();
    us[id] = (performance.now() - start) * 1000;
    if (counter) {
      counter.on = false;
      statements[id] = counter.total;
      if (sql) sql[id] = counter.sql;
    }
    return result;
  };
  const ids = await step('insert', () => it.insert());
  check(
    ids.length === 10 && ids.every((id) => Number.isInteger(id) && id > SEEDED_USERS),
    entry.name,
    `insert gave ids ${ids}`,
  );
  const [first, second] = ids as [number, number];
  const read = await step('read', () => it.read());
  check(read === READ_ROWS, entry.name, `read ${read} rows`);
  const name = `renamed ${index}`;
  await step('update', () => it.update(first, name));
  const again = await step('readAgain', () => it.readAgain(first));
  check(again === name, entry.name, `read back ${again} after renaming to ${name}`);
  const [parents, children] = await step('nested', () => it.nested());
  check(parents === 50 && children >= SEEDED_USERS, entry.name, `nested read ${parents} parents, ${children} children`);
  await step('delete', () => it.delete(second));
  const nothing = await step('readNothing', () => it.readNothing());
  check(nothing === 0, entry.name, `read ${nothing} rows where none match`);
  return counter ? statements : us;
}

const gc = () => (globalThis as { gc?: () => void }).gc?.();

async function measure(
  args: Args,
  url: string,
  admin: pg.Client,
  started: Omit<Provenance, 'loadEnd' | 'endedAt'>,
  version: string,
): Promise<LifecycleResult> {
  const counter = countQueries();
  const entries: LifecycleEntry[] = [];
  const missing: { name: string; reason: string }[] = [];
  for (const name of args.only) {
    try {
      entries.push(await load(name, url));
    } catch (e) {
      const reason = (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
      if (name === 'raw' || name === 'tabula') throw e;
      missing.push({ name, reason });
      process.stderr.write(`${name} left out: ${reason}\n`);
    }
  }
  const samples = new Map<string, Record<StepId, number>[]>(entries.map((e) => [e.name, []]));
  const next = new Map<string, number>(entries.map((e) => [e.name, 0]));
  const warmBlocks = Math.ceil(args.warmup / args.block);
  const blocks = warmBlocks + Math.ceil(args.iterations / args.block);
  for (let b = 0; b < blocks; b++) {
    const isWarmup = b < warmBlocks;
    const order = entries.map((_, i) => entries[(i + b) % entries.length] as LifecycleEntry);
    for (const entry of order) {
      await resetData(admin);
      gc();
      const left = isWarmup ? args.warmup - b * args.block : args.iterations - (b - warmBlocks) * args.block;
      for (let k = 0; k < Math.min(args.block, left); k++) {
        const index = next.get(entry.name) ?? 0;
        next.set(entry.name, index + 1);
        const us = await iterate(entry, index);
        if (!isWarmup) samples.get(entry.name)?.push(us);
      }
    }
    process.stderr.write(`\rblock ${b + 1}/${blocks}${isWarmup ? ' (warm-up)' : ''}   `);
  }
  process.stderr.write('\n');
  const results: Record<string, EntryResult> = {};
  for (const entry of entries) {
    await resetData(admin);
    const sql = {} as Record<StepId, string[]>;
    const statements = await iterate(entry, next.get(entry.name) ?? 0, counter, sql);
    results[entry.name] = {
      version: entry.version,
      how: entry.how,
      ...summarizeSamples(samples.get(entry.name) ?? []),
      statements,
      sql,
    };
    await entry.close();
  }
  return {
    database: 'postgres',
    databaseVersion: version,
    iterations: args.iterations,
    warmup: args.warmup,
    block: args.block,
    date: new Date().toISOString(),
    provenance: finishProvenance(started),
    entries: results,
    missing,
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const database = await openBenchDatabase(args.db);
  let result: LifecycleResult;
  try {
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    const version = String((await admin.query('SELECT version() AS v')).rows[0]?.v ?? '?').split(',')[0] ?? '?';
    const started = startProvenance(version);
    await createSchema(admin);
    try {
      result = await measure(args, database.url, admin, started, version);
    } finally {
      await dropSchema(admin);
      await admin.end();
    }
  } finally {
    await database.stop();
  }
  mkdirSync(OUT, { recursive: true });
  const base = join(OUT, `lifecycle-postgres-${result.date.slice(0, 19).replace(/:/g, '-')}`);
  const markdown = `${renderLifecycle(result, '#')}${args.note ? `\n> **Note.** ${args.note}\n` : ''}`;
  writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 1)}\n`);
  writeFileSync(`${base}.md`, markdown);
  process.stdout.write(`\n${markdown}\n`);
  process.stderr.write(`wrote ${relative(process.cwd(), base)}.json and .md\n`);
  if (args.writeReport) {
    process.stderr.write(`${saveLifecycle(result)}\n`);
    process.stderr.write(`wrote ${writeReport(args.note)}\n`);
  } else {
    process.stderr.write('docs/benchmarks.md left as it is (pass --write-report to rewrite it)\n');
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});

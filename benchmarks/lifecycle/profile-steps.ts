/**
 * Where the lifecycle's overhead goes, per step: the raw floor and Tabula (or another entry) run
 * the same iterations alternately in one process, and each step's CPU time (`process.cpuUsage`,
 * this process only: the server's time is not in it) is recorded beside its wall time. A step that
 * sends the same statements as the floor then differs by the entry's own JavaScript; one that sends
 * more pays the driver's work per extra statement on top. With `--profile`, the V8 sampling
 * profiler runs over the entry's later iterations and each step's samples are summed per function
 * (self time), so the figures say which code a step's overhead is.
 *
 *   node --expose-gc --import tsx benchmarks/lifecycle/profile-steps.ts [--entry tabula]
 *        [--iterations 1000] [--db postgres://…] [--profile [--save <file.cpuprofile>]] [--top 25]
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import pg from 'pg';
import { openBenchDatabase } from '../harness/servers';
import { createSchema, dropSchema, resetData } from './schema';
import { type CreateEntry, type LifecycleEntry, STEPS, type StepId } from './shape';

interface Args {
  readonly entry: string;
  readonly iterations: number;
  readonly db: string;
  readonly profile: boolean;
  readonly top: number;
  readonly save: string;
}

function parseArgs(argv: readonly string[]): Args {
  const value = (name: string, fallback: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? (argv[i + 1] ?? fallback) : fallback;
  };
  return {
    entry: value('entry', 'tabula'),
    iterations: Number(value('iterations', '1000')),
    db: value('db', 'postgres'),
    profile: argv.includes('--profile'),
    top: Number(value('top', '25')),
    save: value('save', ''),
  };
}

async function load(name: string, url: string): Promise<LifecycleEntry> {
  const path = name === 'raw' || name === 'tabula' ? `./${name}` : `../peers/lifecycle-${name}`;
  return ((await import(path)) as { createEntry: CreateEntry }).createEntry(url);
}

interface StepSample {
  readonly wall: number;
  readonly cpu: number;
  /** On the profiler's clock (the monotonic clock, µs), not performance.now()'s. */
  readonly start: number;
  readonly end: number;
}

const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/** One iteration; per step its wall and CPU µs, and its start and end on the profiler's clock. */
async function iterate(entry: LifecycleEntry, index: number): Promise<Record<StepId, StepSample>> {
  const it = entry.begin(index);
  const out = {} as Record<StepId, StepSample>;
  const step = async <T>(id: StepId, work: () => Promise<T>): Promise<T> => {
    const cpu = process.cpuUsage();
    const start = monotonicUs();
    const result = await work();
    const end = monotonicUs();
    const used = process.cpuUsage(cpu);
    out[id] = { wall: end - start, cpu: used.user + used.system, start, end };
    return result;
  };
  const ids = await step('insert', () => it.insert());
  const [first, second] = ids as [number, number];
  await step('read', () => it.read());
  await step('update', () => it.update(first, `renamed ${index}`));
  await step('readAgain', () => it.readAgain(first));
  await step('nested', () => it.nested());
  await step('delete', () => it.delete(second));
  await step('readNothing', () => it.readNothing());
  return out;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function inside the given windows (µs on the monotonic clock, as the profiler's), per step. */
function selfTimes(profile: Profile, windows: Map<StepId, [number, number][]>, top: number): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const name = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(lib|node_modules)\//, '$1/')}`;
  let t = profile.startTime;
  const stamps = profile.timeDeltas.map((d) => (t += d));
  for (const { id } of STEPS) {
    const spans = windows.get(id) ?? [];
    const totals = new Map<string, number>();
    let all = 0;
    let w = 0;
    for (let i = 0; i < profile.samples.length; i++) {
      const at = stamps[i] as number;
      while (w < spans.length && (spans[w] as [number, number])[1] < at) w++;
      const span = spans[w];
      if (!span || at < span[0]) continue;
      const node = byId.get(profile.samples[i] as number) as ProfileNode;
      const dt = profile.timeDeltas[i + 1] ?? 0;
      totals.set(name(node), (totals.get(name(node)) ?? 0) + dt);
      all += dt;
    }
    const n = spans.length || 1;
    process.stdout.write(`\n${id}: ${(all / n).toFixed(0)} µs sampled per iteration\n`);
    for (const [fn, us] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      process.stdout.write(`  ${(us / n).toFixed(1).padStart(7)} µs  ${fn}\n`);
    }
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const database = await openBenchDatabase(args.db);
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  try {
    await createSchema(admin);
    const raw = await load('raw', database.url);
    const entry = await load(args.entry, database.url);
    const samples = new Map<string, Record<StepId, StepSample>[]>([
      ['raw', []],
      [entry.name, []],
    ]);
    const session = args.profile ? new Session() : undefined;
    const block = 50;
    let index = 0;
    for (let b = 0; b * block < args.iterations; b++) {
      // The later half of the entry's iterations is profiled (the first half warms it up).
      const profiling = session !== undefined && b === Math.ceil(args.iterations / block / 2);
      if (profiling && session) {
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: 50 });
        await session.post('Profiler.start');
      }
      for (const current of b % 2 === 0 ? [raw, entry] : [entry, raw]) {
        await resetData(admin);
        for (let k = 0; k < block; k++) samples.get(current.name)?.push(await iterate(current, index++));
      }
    }
    if (session) {
      const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
      if (args.save) writeFileSync(args.save, JSON.stringify(profile));
      const later = (samples.get(entry.name) ?? []).slice(-Math.floor(args.iterations / 2));
      const windows = new Map<StepId, [number, number][]>(
        STEPS.map(({ id }) => [id, later.map((s) => [s[id].start, s[id].end] as [number, number])]),
      );
      selfTimes(profile, windows, args.top);
    }
    process.stdout.write(`\nmedian µs per step, ${args.iterations} iterations each (CPU: this process only)\n`);
    process.stdout.write('step         raw wall  raw cpu   entry wall  entry cpu   cpu over raw\n');
    for (const { id } of STEPS) {
      const r = samples.get('raw') ?? [];
      const e = samples.get(entry.name) ?? [];
      const rw = median(r.map((s) => s[id].wall));
      const rc = median(r.map((s) => s[id].cpu));
      const ew = median(e.map((s) => s[id].wall));
      const ec = median(e.map((s) => s[id].cpu));
      process.stdout.write(
        `${id.padEnd(12)} ${rw.toFixed(0).padStart(8)} ${rc.toFixed(0).padStart(8)}   ${ew.toFixed(0).padStart(10)} ${ec.toFixed(0).padStart(10)}   ${(ec - rc).toFixed(0).padStart(12)}\n`,
      );
    }
    await raw.close();
    await entry.close();
  } finally {
    await dropSchema(admin);
    await admin.end();
    await database.stop();
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});

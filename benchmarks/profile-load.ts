/**
 * W2 (load all) and W7 (populate books with authors) in steady state, Tabula and the raw floor
 * alternately in ONE process, so that their ratio comes from the same moments of a noisy machine:
 *   node --expose-gc --import tsx benchmarks/profile-load.ts [--n 10000] [--rounds 12] [--db sqlite:/tmp/x.db|postgres|mysql|<url>] [--profile]
 * CPU time (process.cpuUsage) and wall time per call; heap per W2 entity measured as the harness
 * does (retained with the entities alive, minus after release). With --profile, the V8 sampling
 * profiler runs over the Tabula calls of the second half of the rounds and prints self time per
 * function. Not part of `npm run bench`: a tool for whoever works on the load path.
 */
import { Session } from 'node:inspector/promises';
import { rmSync } from 'node:fs';
import { createContender as rawContender } from './contenders/raw';
import { createContender as tabulaContender } from './contenders/tabula';
import type { Contender, Loaded } from './harness/contender';
import { openBenchDatabase } from './harness/servers';
import { collect } from './harness/stream-measure';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] as string) : fallback;
};
const n = Number(arg('n', '10000'));
const rounds = Number(arg('rounds', '12'));
const dbArg = arg('db', 'sqlite:/tmp/profile-load.db');
const profile = args.includes('--profile');

type Work = 'W2' | 'W7';
interface Sample {
  cpu: number;
  wall: number;
}

function urlFor(base: string, who: string): string {
  if (!base.startsWith('sqlite:')) return base;
  const file = base.slice('sqlite:'.length).replace(/\.db$/, `-${who}.db`);
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
  return `sqlite:${file}`;
}

async function timed(work: () => Promise<Loaded>): Promise<{ sample: Sample; loaded: Loaded }> {
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const loaded = await work();
  const wall = performance.now() - wall0;
  const cpu = process.cpuUsage(cpu0);
  return { sample: { cpu: (cpu.user + cpu.system) / 1000, wall }, loaded };
}

/** One call, timed; then what its result retains (released inside this frame, so nothing of it outlives it). */
async function measure(work: () => Promise<Loaded>): Promise<{ sample: Sample; retained: number }> {
  // Held in an object, not a local: a local awaited into may stay in the suspended frame's registers.
  const box: { out?: { sample: Sample; loaded: Loaded } | undefined } = {};
  await (async () => {
    box.out = await timed(work);
  })();
  const sample = checked(box.out as { sample: Sample; loaded: Loaded });
  return { sample, retained: retainedBy(box) };
}

function checked(out: { sample: Sample; loaded: Loaded }): Sample {
  if (out.loaded.entities.length !== n) throw new Error(`loaded ${out.loaded.entities.length} of ${n}`);
  return out.sample;
}

function retainedBy(box: { out?: unknown }): number {
  const withLoaded = collect();
  box.out = undefined;
  return withLoaded - collect();
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const selfTime = new Map<string, number>();
function addProfile(p: Profile): void {
  const byId = new Map(p.nodes.map((node) => [node.id, node]));
  p.samples.forEach((id, i) => {
    const node = byId.get(id) as Node;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^.*\/(lib|benchmarks|node_modules)\//, '$1/');
    const name = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
    selfTime.set(name, (selfTime.get(name) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
}

async function main(): Promise<void> {
  // `--db postgres` / `--db mysql`: a throwaway server, as `npm run bench` starts one.
  const server = await openBenchDatabase(dbArg);
  const db = server.url;
  // Both read the same rows (W2 and W7 only read): Tabula makes and fills the tables, the raw floor
  // connects to the same database, so one server is enough.
  const url = urlFor(db, 'shared');
  const streamUrl = urlFor(db, 'stream');
  const contenders: Record<'tabula' | 'raw', Contender> = {
    tabula: await tabulaContender({ url, streamUrl, n }),
    raw: await rawContender({ url, streamUrl, n }),
  };
  await contenders.tabula.setUp();
  await contenders.tabula.insertAll(n);
  const session = new Session();
  if (profile) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
  }
  const samples: Record<string, Sample[]> = {};
  const heap: Record<string, number[]> = { tabula: [], raw: [] };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (['tabula', 'raw'] as const) : (['raw', 'tabula'] as const);
    for (const who of order) {
      for (const work of ['W2', 'W7'] as Work[]) {
        collect();
        const c = contenders[who];
        const profiling = profile && who === 'tabula' && round >= rounds / 2;
        if (profiling) await session.post('Profiler.start');
        const { sample, retained } = await measure(work === 'W2' ? () => c.loadAll() : () => c.populateBooks());
        if (profiling) addProfile((await session.post('Profiler.stop')).profile as unknown as Profile);
        if (work === 'W2') heap[who]?.push(retained / n);
        (samples[`${who} ${work}`] ??= []).push(sample);
      }
    }
  }
  const late = (xs: Sample[], k: keyof Sample) => median(xs.slice(Math.floor(xs.length / 2)).map((s) => s[k]));
  const line = (label: string, t: Sample[], r: Sample[]) =>
    `${label}: tabula cpu ${late(t, 'cpu').toFixed(1)} ms wall ${late(t, 'wall').toFixed(1)} ms; raw cpu ${late(r, 'cpu').toFixed(1)} wall ${late(r, 'wall').toFixed(1)}; ratio cpu ${(late(t, 'cpu') / late(r, 'cpu')).toFixed(2)}× wall ${(late(t, 'wall') / late(r, 'wall')).toFixed(2)}×`;
  for (const work of ['W2', 'W7']) {
    console.log(line(work, samples[`tabula ${work}`] as Sample[], samples[`raw ${work}`] as Sample[]));
  }
  const th = median((heap.tabula as number[]).slice(1));
  const rh = median((heap.raw as number[]).slice(1));
  console.log(`W2 heap per entity: tabula ${th.toFixed(0)} B, raw ${rh.toFixed(0)} B, ratio ${(th / rh).toFixed(2)}×`);
  if (profile) {
    const total = [...selfTime.values()].reduce((a, b) => a + b, 0);
    console.log(`\nself time, Tabula's W2+W7 calls of the late rounds (${total.toFixed(0)} ms sampled):`);
    for (const [name, ms] of [...selfTime].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
      console.log(`${((100 * ms) / total).toFixed(1).padStart(5)}%  ${ms.toFixed(1).padStart(7)} ms  ${name}`);
    }
  }
  await contenders.tabula.tearDown();
  await contenders.raw.tearDown();
  await server.stop();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

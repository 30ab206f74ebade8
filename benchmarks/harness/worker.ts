/**
 * One repetition of one contender, in its own process (spawned by `benchmarks/bench.ts`):
 *   node --expose-gc --import tsx benchmarks/harness/worker.ts <contender> <url> <n> <stream rows> <rounds> [--count]
 * Prints one JSON line: the RunResult.
 */
import { rmSync } from 'node:fs';
import type { Contender, ContenderOptions } from './contender';
import { statementCounter } from './contender';
import { ensureStreamTable, streamUrl } from './stream-table';
import { runWorkloads } from './workloads';

/**
 * Each contender's module is imported only in its own process (the raw floor's never loads Tabula).
 * The paths are computed, which also keeps tsc out of benchmarks/peers, whose packages only
 * `npm run bench:peers` installs.
 */
async function load(name: string, options: ContenderOptions): Promise<Contender> {
  const path = name === 'tabula' || name === 'raw' ? `../contenders/${name}` : `../peers/${name}`;
  const module = (await import(path)) as { createContender(options: ContenderOptions): Promise<Contender> };
  return module.createContender(options);
}

async function main(): Promise<void> {
  const [name, url, n, streamRows, rounds] = process.argv.slice(2);
  if (!name || !url || !n || !streamRows || !rounds) {
    throw new Error('usage: worker.ts <contender> <url> <n> <stream rows> <rounds> [--count]');
  }
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
  }
  // Untimed, and a no-op once an earlier process of the run has filled the table.
  await ensureStreamTable(url, Number(streamRows));
  const counter = process.argv.includes('--count') ? statementCounter() : undefined;
  const options = { url, streamUrl: streamUrl(url), n: Number(n), ...(counter ? { counter } : {}) };
  const contender = await load(name, options);
  const result = await runWorkloads(contender, Number(n), Number(streamRows), Number(rounds), counter);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});

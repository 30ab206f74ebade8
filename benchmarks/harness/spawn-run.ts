/** Runs one repetition of one contender in a fresh Node process and reads back its RunResult. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { RunResult } from './workloads';

const WORKER = join(__dirname, 'worker.ts');

export interface RunRequest {
  readonly contender: string;
  readonly url: string;
  readonly n: number;
  readonly streamRows: number;
  /** Passes of W1…W7 in the process (1: cold only). */
  readonly rounds: number;
  /** Write a CPU profile of the process to this folder (`node --cpu-prof`), named by this prefix. */
  readonly cpuProfile?: { readonly dir: string; readonly name: string };
  /** The untimed run that counts statements. */
  readonly count?: boolean;
}

export function spawnRun(request: RunRequest): Promise<RunResult> {
  const { contender, url, n, streamRows, rounds, count, cpuProfile } = request;
  const profile = cpuProfile
    ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfile.dir}`, `--cpu-prof-name=${cpuProfile.name}.cpuprofile`]
    : [];
  // The worker runs Tabula the way this process does: its build (harness/use-build.cjs) or its source.
  const build = process.env.TABULA_BENCH_BUILD;
  const args = [
    ...profile,
    '--expose-gc',
    '--import',
    'tsx',
    ...(build ? ['--require', build] : []),
    WORKER,
    contender,
    url,
    String(n),
    String(streamRows),
    String(rounds),
  ];
  if (count) args.push('--count');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) {
        reject(new Error(`${contender} (n=${n}) exited with ${code}:\n${err.trim()}`));
        return;
      }
      resolve(JSON.parse(last) as RunResult);
    });
  });
}

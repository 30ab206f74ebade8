/**
 * The saved lifecycle result, benchmarks/results/lifecycle/postgres.json, which docs/benchmarks.md
 * shows. Like the workload results, a run lacking an entry the saved one has never replaces it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { missingContenders } from '../harness/results';
import type { LifecycleResult } from './summary';

const FILE = join(__dirname, '..', 'results', 'lifecycle', 'postgres.json');

export function loadLifecycle(): LifecycleResult | undefined {
  return existsSync(FILE) ? (JSON.parse(readFileSync(FILE, 'utf8')) as LifecycleResult) : undefined;
}

export function saveLifecycle(result: LifecycleResult): string {
  const saved = loadLifecycle();
  const missing = saved ? missingContenders({ contenders: saved.entries }, { contenders: result.entries }) : [];
  if (missing.length) {
    return `kept ${FILE}: it has ${missing.join(', ')}, which this run lacks (run with every peer to replace it)`;
  }
  mkdirSync(join(FILE, '..'), { recursive: true });
  writeFileSync(FILE, `${JSON.stringify(result, null, 1)}\n`);
  return `saved ${FILE}`;
}

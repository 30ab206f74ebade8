/** The load driver's HTTP client: sends JSON, records status and latency of every request. */
import { performance } from 'node:perf_hooks';

export interface Sample {
  readonly label: string;
  readonly status: number;
  readonly ms: number;
  /** The error name of a failed request (`BookstoreError`, `OptimisticLockError`, …). */
  readonly error?: string;
}

export class Client {
  readonly samples: Sample[] = [];

  constructor(
    private readonly base: string,
    private readonly onDone: () => void,
  ) {}

  async send(label: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const started = performance.now();
    const res = await fetch(`${this.base}${path}`, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    });
    const text = await res.text();
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    const error = res.status >= 400 ? String((json as { error?: unknown } | undefined)?.error) : undefined;
    this.samples.push({ label, status: res.status, ms: performance.now() - started, ...(error ? { error } : {}) });
    this.onDone();
    return { status: res.status, json };
  }
}

/** Runs `tasks` with at most `concurrency` in flight. */
export async function pool(tasks: readonly (() => Promise<unknown>)[], concurrency: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await (tasks[next++] as () => Promise<unknown>)();
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

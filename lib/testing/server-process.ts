/**
 * The process behind a throwaway server: the one `startPostgres`/`startMariadb` spawned, or the
 * one a restart started (for PostgreSQL, pg_ctl's, which is not our child and is watched by pid).
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Whether a process exists (one we may not signal counts; a zombie, exited but not reaped, does not). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A server restarted by pg_ctl is no child of ours: its exit is reaped by init, maybe late.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/** The server process a handle owns now: the first one, or the one a restart started. */
export interface ServerProcess {
  readonly pid: number;
  /** Resolves when the process has exited. */
  exited(): Promise<void>;
  /** Sends a signal to the process. */
  signal(signal: NodeJS.Signals): void;
}

export function childProcess(child: ChildProcess): ServerProcess {
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return { pid: child.pid as number, exited: () => exited, signal: (s) => child.kill(s) };
}

/** A process we did not start (pg_ctl's): its exit is watched by polling. */
export function foreignProcess(pid: number): ServerProcess {
  return {
    pid,
    // Polled only when asked: a poll started here would keep the event loop alive.
    exited: () => waitForExit(pid, Number.POSITIVE_INFINITY).then(() => undefined),
    signal: (s) => {
      try {
        process.kill(pid, s);
      } catch {
        // already gone
      }
    },
  };
}

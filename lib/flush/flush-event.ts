/** The one structured event each flush emits, committed or not. */
import type { StepTiming } from './execute-plan.js';

export interface FlushEvent {
  /** Inserted, updated and deleted rows, by operation (pivot and cycle-break rows included). */
  readonly summary: Readonly<Record<string, number>>;
  readonly statements: number;
  readonly rows: number;
  readonly steps: readonly StepTiming[];
  readonly durationMs: number;
  readonly outcome: 'committed' | 'rolled-back' | 'nothing-to-do';
  readonly error?: Error;
  /** The attempt (1 for the first) of the retried `transactional` or unit of work this flush ran in; absent without retries. */
  readonly attempt?: number;
}

export type FlushListener = (event: FlushEvent) => void;

/**
 * The two views of a result set. Each process runs W1…W7 `rounds` times: the **cold** view is the
 * first round of every process (what a CLI or a lambda sees), the **steady** view the median of
 * the later rounds of every process (what a long-running server sees). Each view is itself a
 * ResultSet with one RunResult per process, so the tables, targets and chart read it unchanged.
 */
import type { ContenderResults, ResultSet } from '../harness/results';
import type { RoundFigures, RunResult, WorkloadId } from '../harness/workloads';
import { spread } from './stats';

export type Phase = 'steady' | 'cold';

function medianOf(values: readonly number[]): number | undefined {
  return values.length ? spread(values).median : undefined;
}

/**
 * One process's steady state: per workload, the median over its rounds after the first (W8, run
 * once after the rounds, is kept as it is). Undefined when the process ran a single round.
 */
export function steadyRun(run: RunResult): RunResult | undefined {
  const later: readonly RoundFigures[] = run.rounds?.slice(1) ?? [];
  if (!later.length) return undefined;
  const ms: Partial<Record<WorkloadId, number>> = {};
  const ids = new Set(later.flatMap((r) => Object.keys(r.ms) as WorkloadId[]));
  for (const id of ids) {
    const m = medianOf(later.map((r) => r.ms[id]).filter((v): v is number => v !== undefined));
    if (m !== undefined) ms[id] = m;
  }
  if (run.ms.W8 !== undefined) ms.W8 = run.ms.W8;
  const { rounds: _rounds, ...rest } = run;
  return { ...rest, ms, heapPerEntity: medianOf(later.map((r) => r.heapPerEntity)) ?? run.heapPerEntity };
}

/** One process's cold round: `ms` and `heapPerEntity` already hold it. */
function coldRun(run: RunResult): RunResult {
  const { rounds: _rounds, ...rest } = run;
  return rest;
}

/** Whether every contender's every process ran more than one round. */
export function hasSteadyState(set: ResultSet): boolean {
  const contenders = Object.values(set.contenders);
  return contenders.length > 0 && contenders.every((c) => c.runs.every((r) => (r.rounds?.length ?? 0) > 1));
}

/** `set` seen as one phase; undefined for the steady view of a set run with one round per process. */
export function phaseSet(set: ResultSet, phase: Phase): ResultSet | undefined {
  if (phase === 'steady' && !hasSteadyState(set)) return undefined;
  const contenders: Record<string, ContenderResults> = {};
  for (const [name, c] of Object.entries(set.contenders)) {
    const runs = c.runs.map((r) => (phase === 'cold' ? coldRun(r) : (steadyRun(r) as RunResult)));
    contenders[name] = { ...c, runs };
  }
  return { ...set, contenders };
}

/** The view the targets are judged on: the steady state when the set has one, else the cold round. */
export function headlineSet(set: ResultSet): { set: ResultSet; phase: Phase } {
  const steady = phaseSet(set, 'steady');
  return steady ? { set: steady, phase: 'steady' } : { set: phaseSet(set, 'cold') as ResultSet, phase: 'cold' };
}

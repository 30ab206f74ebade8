/** One result set as plain text for the terminal: medians, ratios over the raw floor, targets. */
import type { ContenderResults, ResultSet } from '../harness/results';
import { WORKLOADS, type WorkloadId } from '../harness/workloads';
import { heapSpread, ratioToRaw, streamHeap, workloadSpread } from './stats';
import { workloadLabel } from './tables';
import { headlineSet, phaseSet } from './phases';
import { checkTargets } from './targets';

const fixed = (v: number) => v.toFixed(v < 10 ? 2 : 1);

/** A figure of one contender, and its ratio over the raw floor's (blank for the floor itself). */
type Cell = readonly [figure: string, ratio: string];

function timing(set: ResultSet, name: string, id: WorkloadId): Cell {
  const c = set.contenders[name] as ContenderResults;
  const s = workloadSpread(c, id);
  if (!s) return ['not run', ''];
  const ratio = ratioToRaw(c, set.contenders.raw as ContenderResults, id);
  return [fixed(s.median), name === 'raw' || ratio === undefined ? '' : `${ratio.toFixed(2)}×`];
}

function perContender(set: ResultSet, value: (c: ContenderResults) => number | undefined, digits: number): Cell[] {
  const floor = value(set.contenders.raw as ContenderResults);
  return Object.entries(set.contenders).map(([name, c]) => {
    const v = value(c);
    if (v === undefined) return ['–', ''];
    const ratio = name === 'raw' || !floor ? '' : `${(v / floor).toFixed(2)}×`;
    return [v.toFixed(digits), ratio];
  });
}

function grid(rows: readonly (readonly string[])[]): string {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))))
    .map((r) => r.join('  ').trimEnd())
    .join('\n');
}

/**
 * The headline view of `set` (the steady state when it has one) with its targets, then the cold
 * round's figures. `sets` are all the sizes of the same run, for the growth target of the smaller one.
 */
export function terminalSummary(saved: ResultSet, sets: readonly ResultSet[]): string {
  const head = headlineSet(saved);
  const bigger = sets.find((s) => s.database === saved.database && s.n === saved.n * 10);
  const summary = viewSummary(
    head.set,
    bigger && headlineSet(bigger).set,
    head.phase === 'steady' ? 'steady state' : 'cold',
  );
  if (head.phase === 'cold') return summary;
  return `${summary}\n\n${viewSummary(phaseSet(saved, 'cold') as ResultSet, undefined, 'cold, first round', false)}`;
}

function viewSummary(set: ResultSet, bigger: ResultSet | undefined, phase: string, withTargets = true): string {
  const names = Object.keys(set.contenders);
  const row = (label: string, cells: readonly Cell[]) => [label, ...cells.flat()];
  const rows: string[][] = [
    ['median of the repetitions', ...names.flatMap((n) => [n, n === 'raw' ? '' : '× raw'])],
    ...WORKLOADS.map((w) =>
      row(
        `${workloadLabel(w.id, set)}, ms`,
        names.map((n) => timing(set, n, w.id)),
      ),
    ),
    row(
      'W8 heap growth at peak, MB',
      perContender(set, (c) => streamHeap(c)?.peak.median, 1),
    ),
    row(
      'heap per loaded entity, bytes',
      perContender(set, (c) => heapSpread(c).median, 0),
    ),
  ];
  const n = set.n.toLocaleString('en');
  const lines = [
    `${set.databaseVersion}: ${n} authors + ${n} books, ${set.reps} process${set.reps === 1 ? '' : 'es'} × ${set.rounds ?? 1} round${(set.rounds ?? 1) === 1 ? '' : 's'}: ${phase}`,
    '',
    grid(rows),
  ];
  if (withTargets) {
    lines.push('', `Targets (Tabula, judged on the ${phase}):`);
    for (const c of checkTargets(set, bigger)) {
      const verdict = c.isMet === undefined ? 'not measured' : c.isMet ? 'met' : 'NOT MET';
      lines.push(`  ${verdict.padEnd(12)}  ${c.target}: ${c.measured}`);
    }
  }
  return lines.join('\n');
}

/** The Markdown tables of one result set: timings with ratios, statements, heap, targets. */
import type { ContenderResults, ResultSet } from '../harness/results';
import { WORKLOADS, type WorkloadId } from '../harness/workloads';
import { heapSpread, ratioToRaw, type Spread, streamHeap, workloadNote, workloadSpread } from './stats';
import type { TargetCheck } from './targets';

const ms = (s: Spread) =>
  `${s.median.toFixed(s.median < 10 ? 2 : 1)} (${s.min.toFixed(s.min < 10 ? 2 : 1)}–${s.max.toFixed(s.max < 10 ? 2 : 1)})`;

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

export function contendersTable(set: ResultSet): string {
  const lines = [row(['contender', 'version', 'driver']), row(['---', '---', '---'])];
  for (const [name, c] of Object.entries(set.contenders)) lines.push(row([name, c.version, c.driver]));
  return lines.join('\n');
}

/** A workload's row label; W8 names how many rows it streamed. */
export function workloadLabel(id: WorkloadId, set: ResultSet): string {
  const label = WORKLOADS.find((w) => w.id === id)?.label ?? id;
  if (id !== 'W8') return `${id} ${label}`;
  return set.streamRows ? `W8 stream ${set.streamRows.toLocaleString('en')} rows` : `W8 ${label}`;
}

const mb = (s: Spread) => `${s.median.toFixed(1)} MB (${s.min.toFixed(1)}–${s.max.toFixed(1)})`;

function timingCell(set: ResultSet, name: string, id: WorkloadId): string {
  const c = set.contenders[name] as ContenderResults;
  const s = workloadSpread(c, id);
  if (!s) {
    const isUnsupported = (id === 'W7' || id === 'W8') && workloadNote(c, id);
    return isUnsupported ? 'not supported (see notes)' : 'not run';
  }
  const ratio = name === 'raw' ? undefined : ratioToRaw(c, set.contenders.raw as ContenderResults, id);
  const text = `${ms(s)}${ratio === undefined ? '' : `, **${ratio.toFixed(2)}×**`}`;
  const heap = id === 'W8' ? streamHeap(c) : undefined;
  return heap ? `${text}; heap +${mb(heap.peak)} peak, +${mb(heap.retained)} after GC` : text;
}

export function timingsTable(set: ResultSet): string {
  const raw = set.contenders.raw as ContenderResults;
  const names = Object.keys(set.contenders);
  const lines = [
    row(['workload', ...names.map((n) => `${n} ms median (min–max)${n === 'raw' ? '' : ', × raw'}`)]),
    row(['---', ...names.map(() => '---:')]),
  ];
  for (const w of WORKLOADS) lines.push(row([workloadLabel(w.id, set), ...names.map((n) => timingCell(set, n, w.id))]));
  lines.push(
    row([
      'heap per loaded entity, bytes',
      ...names.map((name) => {
        const h = heapSpread(set.contenders[name] as ContenderResults);
        const ratio = name === 'raw' ? '' : `, **${(h.median / heapSpread(raw).median).toFixed(2)}×**`;
        return `${Math.round(h.median)} (${Math.round(h.min)}–${Math.round(h.max)})${ratio}`;
      }),
    ]),
  );
  return lines.join('\n');
}

/** The contenders' own words on W7/W8 (how they stream, or why they cannot), one bullet each. */
export function workloadNotes(set: ResultSet): string {
  const lines: string[] = [];
  for (const id of ['W7', 'W8'] as const) {
    for (const [name, c] of Object.entries(set.contenders)) {
      const note = workloadNote(c, id);
      if (note) lines.push(`- ${id}, ${name}: ${note}`);
    }
  }
  return lines.join('\n');
}

export function statementsTable(set: ResultSet): string {
  const names = Object.keys(set.contenders);
  const lines = [row(['workload', ...names]), row(['---', ...names.map(() => '---:')])];
  for (const w of WORKLOADS) {
    lines.push(row([w.id, ...names.map((n) => String(set.contenders[n]?.statements[w.id] ?? '–'))]));
  }
  return lines.join('\n');
}

const verdict = (c: TargetCheck | undefined) =>
  c === undefined || c.isMet === undefined ? 'not measured' : c.isMet ? 'met' : '**not met**';

/**
 * The targets judged on the headline view (`checks`: the steady state, or the cold round of a set
 * run with one round), with the cold round's figures beside them when the headline is the steady state.
 */
export function targetsTable(checks: readonly TargetCheck[], cold?: readonly TargetCheck[]): string {
  if (!cold) {
    return [row(['target', 'measured (Tabula)', 'verdict']), row(['---', '---', '---'])]
      .concat(checks.map((c) => row([c.target, c.measured, verdict(c)])))
      .join('\n');
  }
  return [
    row(['target', 'steady state (Tabula)', 'verdict', 'cold, first round', 'cold verdict']),
    row(['---', '---', '---', '---', '---']),
  ]
    .concat(
      checks.map((c, i) => {
        const k = cold.find((other) => other.target === c.target) ?? cold[i];
        return row([c.target, c.measured, verdict(c), k?.measured ?? '–', verdict(k)]);
      }),
    )
    .join('\n');
}

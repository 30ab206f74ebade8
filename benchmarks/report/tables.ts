/** The Markdown tables of one result set: timings with ratios, statements, heap, targets. */
import type { ContenderResults, ResultSet } from '../harness/results';
import { WORKLOADS } from '../harness/workloads';
import { heapSpread, ratioToRaw, type Spread, workloadSpread } from './stats';
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

export function timingsTable(set: ResultSet): string {
  const raw = set.contenders.raw as ContenderResults;
  const names = Object.keys(set.contenders);
  const lines = [
    row(['workload', ...names.map((n) => `${n} ms median (min–max)${n === 'raw' ? '' : ', × raw'}`)]),
    row(['---', ...names.map(() => '---:')]),
  ];
  for (const w of WORKLOADS) {
    const cells = names.map((name) => {
      const c = set.contenders[name] as ContenderResults;
      const ratio = name === 'raw' ? undefined : ratioToRaw(c, raw, w.id);
      return `${ms(workloadSpread(c, w.id))}${ratio === undefined ? '' : `, **${ratio.toFixed(2)}×**`}`;
    });
    lines.push(row([`${w.id} ${w.label}`, ...cells]));
  }
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
  for (const id of ['W7 populate books with authors', 'W8 stream 1,000,000 rows']) {
    lines.push(row([id, ...names.map(() => 'not yet measurable')]));
  }
  return lines.join('\n');
}

export function statementsTable(set: ResultSet): string {
  const names = Object.keys(set.contenders);
  const lines = [row(['workload', ...names]), row(['---', ...names.map(() => '---:')])];
  for (const w of WORKLOADS) {
    lines.push(row([w.id, ...names.map((n) => String(set.contenders[n]?.statements[w.id] ?? '?'))]));
  }
  return lines.join('\n');
}

export function targetsTable(checks: readonly TargetCheck[]): string {
  const verdict = (c: TargetCheck) => (c.isMet === undefined ? 'not measured' : c.isMet ? 'met' : '**not met**');
  return [row(['target', 'measured (Tabula)', 'verdict']), row(['---', '---', '---'])]
    .concat(checks.map((c) => row([c.target, c.measured, verdict(c)])))
    .join('\n');
}

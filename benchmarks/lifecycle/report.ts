/** The lifecycle benchmark's report: Markdown (benchmarks/out, and its section of docs/benchmarks.md) and terminal text. */
import { provenanceText } from '../harness/provenance';
import { STEPS, type StepId } from './shape';
import { type LifecycleResult, lifecycleTarget, overhead, ranking } from './summary';

const us = (v: number) => Math.round(v).toLocaleString('en');
const signed = (v: number) => `${v >= 0 ? '+' : '−'}${us(Math.abs(v))}`;
const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;

/** `name`'s cell for a step or the total: median µs, overhead over raw, rank among the ORMs. */
function cell(result: LifecycleResult, name: string, step: StepId | 'total'): string {
  const e = result.entries[name];
  if (!e) return '–';
  const f = step === 'total' ? e.total : e.steps[step];
  if (name === 'raw') return `${us(f.median)}`;
  const rank = ranking(result, step).indexOf(name) + 1;
  return `${us(f.median)} (${signed(overhead(result, name, step) ?? 0)}), #${rank}`;
}

function names(result: LifecycleResult): string[] {
  return ['raw', ...ranking(result, 'total')];
}

export function timingsTable(result: LifecycleResult): string {
  const all = names(result);
  const lines = [
    row(['step', ...all.map((n) => (n === 'raw' ? 'raw pg µs' : `${n} µs (over raw), rank`))]),
    row(['---', ...all.map(() => '---:')]),
  ];
  for (const s of STEPS) lines.push(row([s.label, ...all.map((n) => cell(result, n, s.id))]));
  lines.push(row(['**whole request**', ...all.map((n) => `**${cell(result, n, 'total')}**`)]));
  return lines.join('\n');
}

export function statementsTable(result: LifecycleResult): string {
  const all = names(result);
  const lines = [row(['step', ...all]), row(['---', ...all.map(() => '---:')])];
  for (const s of STEPS)
    lines.push(row([s.label, ...all.map((n) => String(result.entries[n]?.statements[s.id] ?? '–'))]));
  const total = (n: string) => STEPS.reduce((sum, s) => sum + (result.entries[n]?.statements[s.id] ?? 0), 0);
  lines.push(row(['**whole request**', ...all.map((n) => `**${total(n)}**`)]));
  return lines.join('\n');
}

export function overheadList(result: LifecycleResult): string {
  return ranking(result, 'total')
    .map((n, i) => `${i + 1}. ${n}: ${signed(overhead(result, n, 'total') ?? 0)} µs per request over raw pg`)
    .join('\n');
}

function targetLine(result: LifecycleResult): string {
  if (!result.entries.tabula) return 'Target: not measured (Tabula did not run).';
  const { isLowest, worseOn } = lifecycleTarget(result);
  const lowest = isLowest ? '**met**' : '**not met**';
  const steps =
    worseOn === undefined
      ? 'not measured (Drizzle did not run)'
      : worseOn.length
        ? `**not met**: slower than Drizzle on ${worseOn.join(', ')}`
        : '**met**';
  return `Target: Tabula's overhead the lowest of the ORMs in the run: ${lowest}; no step slower than Drizzle's: ${steps}.`;
}

const MAX_SQL = 160;
const shorten = (sql: string) => {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_SQL ? `${flat.slice(0, MAX_SQL)}…` : flat;
};

/** Tabula's statements per step beside the raw floor's, folded: where the extra round trips are. */
export function statementsText(result: LifecycleResult, names = ['raw', 'tabula']): string {
  const lines: string[] = [];
  for (const name of names) {
    const sql = result.entries[name]?.sql;
    if (!sql) continue;
    lines.push(`${name}:`, '');
    for (const s of STEPS) {
      lines.push(`- ${s.label}: ${sql[s.id].length ? sql[s.id].map((q) => `\`${shorten(q)}\``).join(', ') : 'none'}`);
    }
    lines.push('');
  }
  if (!lines.length) return '';
  return [
    '<details><summary>The statements of the counted iteration, Tabula beside the raw floor</summary>',
    '',
    ...lines,
    '</details>',
    '',
  ].join('\n');
}

/** The section: how it was run, the provenance, the tables. `heading` is `##` in docs, `#` alone. */
export function renderLifecycle(result: LifecycleResult, heading = '##'): string {
  const missing = result.missing.length
    ? ['', `**Not in this run:** ${result.missing.map((m) => `${m.name} (${m.reason})`).join('; ')}.`]
    : [];
  return [
    `${heading} Per-request lifecycle, ${result.databaseVersion}`,
    '',
    provenanceText(result.provenance),
    '',
    `${result.iterations.toLocaleString('en')} measured iterations per entry after ${result.warmup.toLocaleString('en')} warm-up ones, in blocks of ${result.block} with the entries' order rotated each block, all in one process on one connection each. Median µs per step and per whole request (the median of each iteration's sum); in brackets the difference from the raw \`pg\` floor's median; #rank among the ORMs (1 = fastest).`,
    ...missing,
    '',
    timingsTable(result),
    '',
    'Overhead per request over the raw floor, lowest first:',
    '',
    overheadList(result),
    '',
    targetLine(result),
    '',
    'Statements per step (one untimed iteration; BEGIN and COMMIT count, each is a round trip):',
    '',
    statementsTable(result),
    '',
    statementsText(result),
    'How each entry is written:',
    '',
    ...Object.entries(result.entries).map(([n, e]) => `- ${n} (${e.version}): ${e.how}`),
    '',
  ].join('\n');
}

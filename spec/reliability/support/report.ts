/**
 * `npm run reliability:report`: rewrites the figures table of docs/reliability.md from the JSON
 * files the last run of the reliability suite wrote (spec/reliability/out/). Rows are grouped by
 * scenario, one per dialect, with the commit and machine that produced them.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { FIGURES_DIR, type Figure } from './figures';

interface Recorded {
  scenario: string;
  dialect: string;
  summary: string;
  figures: Record<string, Figure>;
  mode: string;
  at: string;
}

const DOC = join(__dirname, '..', '..', '..', 'docs', 'reliability.md');
const START = '<!-- reliability-table:start -->';
const END = '<!-- reliability-table:end -->';
const DIALECT_ORDER = ['sqlite', 'postgres', 'mysql'];

function show(value: Figure): string {
  if (typeof value === 'number') return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(2);
  return String(value);
}

function table(records: Recorded[]): string {
  const scenarios = [...new Set(records.map((r) => r.scenario))].sort();
  const lines: string[] = [];
  for (const scenario of scenarios) {
    const rows = records
      .filter((r) => r.scenario === scenario)
      .sort((a, b) => DIALECT_ORDER.indexOf(a.dialect) - DIALECT_ORDER.indexOf(b.dialect));
    lines.push(`### ${scenario}`, '');
    // One sentence when every dialect says the same; else each dialect's own.
    const summaries = new Set(rows.map((r) => r.summary));
    if (summaries.size === 1) lines.push(rows[0]?.summary ?? '', '');
    else lines.push(...rows.map((r) => `- **${r.dialect}**: ${r.summary}`), '');
    const names = [...new Set(rows.flatMap((r) => Object.keys(r.figures)))];
    lines.push(`| dialect | ${names.join(' | ')} | mode |`, `|---|${names.map(() => '---:|').join('')}---|`);
    for (const r of rows) {
      lines.push(
        `| ${r.dialect} | ${names.map((n) => (n in r.figures ? show(r.figures[n] as Figure) : '—')).join(' | ')} | ${r.mode} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}

function main(): void {
  const files = readdirSync(FIGURES_DIR).filter((f) => f.endsWith('.json'));
  if (files.length === 0) throw new Error(`no figures in ${FIGURES_DIR}: run npm test (or npm run test:soak) first`);
  const records = files.map((f) => JSON.parse(readFileSync(join(FIGURES_DIR, f), 'utf8')) as Recorded);
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  const newest = records
    .map((r) => r.at)
    .sort()
    .at(-1);
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const header = `Produced by commit \`${commit}\` on ${machine}; newest figure ${newest}.\n\n`;
  const doc = readFileSync(DOC, 'utf8');
  const from = doc.indexOf(START);
  const to = doc.indexOf(END);
  if (from < 0 || to < from) throw new Error(`docs/reliability.md lacks the ${START} … ${END} markers`);
  writeFileSync(DOC, `${doc.slice(0, from + START.length)}\n${header}${table(records)}\n${doc.slice(to)}`);
  process.stdout.write(`docs/reliability.md: ${records.length} figure rows from ${files.length} files\n`);
}

main();

/** Rewrites docs/benchmarks.md and docs/benchmarks.svg from every saved result set and the saved lifecycle result. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAllResults } from '../harness/results';
import { loadLifecycle } from '../lifecycle/results';
import { renderMarkdown } from './markdown';
import { drawChart } from './svg-chart';

const DOCS = join(__dirname, '..', '..', 'docs');

export function writeReport(note = ''): string {
  const sets = loadAllResults();
  writeFileSync(join(DOCS, 'benchmarks.svg'), drawChart(sets));
  const file = join(DOCS, 'benchmarks.md');
  writeFileSync(file, renderMarkdown(sets, note, loadLifecycle()));
  return file;
}

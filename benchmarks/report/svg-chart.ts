/**
 * The report's chart: for each result set and workload, one horizontal bar per contender showing
 * its median time over the raw floor's, on a log scale (ratios run from ~1× to ~100×). A plain SVG
 * with no script or external font, so it renders in a browser and on the repository page.
 */
import type { ResultSet } from '../harness/results';
import { WORKLOADS } from '../harness/workloads';
import { headlineSet } from './phases';
import { ratioToRaw, workloadSpread } from './stats';

const COLORS: Record<string, string> = { tabula: '#2563eb', 'mikro-orm': '#d97706', typeorm: '#7c3aed' };
const TICKS = [1, 2, 5, 10, 20, 50, 100, 200];
const LABEL_W = 230;
const PLOT_W = 560;
const BAR_H = 12;

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** One group of bars per result set, from its headline view (the steady state when it has one). */
export function drawChart(saved: readonly ResultSet[]): string {
  const sets = saved.map((s) => headlineSet(s).set);
  const maxRatio = 200;
  const scale = (r: number) => (Math.log10(Math.max(r, 1)) / Math.log10(maxRatio)) * PLOT_W;
  const parts: string[] = [];
  let y = 40;
  for (const set of sets) {
    const raw = set.contenders.raw;
    if (!raw) continue;
    const names = Object.keys(set.contenders).filter((c) => c !== 'raw');
    parts.push(
      `<text x="8" y="${y + 4}" font-weight="bold">${escapeXml(set.databaseVersion)} — ${set.n.toLocaleString('en')} authors</text>`,
    );
    y += 14;
    for (const w of WORKLOADS) {
      const groupTop = y;
      names.forEach((name, i) => {
        const c = set.contenders[name];
        const ratio = c ? ratioToRaw(c, raw, w.id) : undefined;
        const by = groupTop + i * (BAR_H + 2);
        if (ratio === undefined) {
          const why = c && !workloadSpread(c, w.id) ? 'not run or not supported' : 'no raw floor (absolute target)';
          parts.push(`<text x="${LABEL_W + 4}" y="${by + 10}" fill="#666">${name}: ${why}</text>`);
          return;
        }
        const width = Math.max(scale(Math.min(ratio, maxRatio)), 1);
        parts.push(
          `<rect x="${LABEL_W}" y="${by}" width="${width.toFixed(1)}" height="${BAR_H}" fill="${COLORS[name] ?? '#888'}"/>`,
          `<text x="${(LABEL_W + width + 4).toFixed(1)}" y="${by + 10}">${ratio.toFixed(2)}×</text>`,
        );
      });
      parts.push(`<text x="8" y="${groupTop + 10}">${w.id} ${escapeXml(w.label)}</text>`);
      y = groupTop + names.length * (BAR_H + 2) + 6;
    }
    y += 16;
  }
  const axis = TICKS.map((t) => {
    const x = (LABEL_W + scale(t)).toFixed(1);
    return `<line x1="${x}" y1="30" x2="${x}" y2="${y}" stroke="#ddd"/><text x="${x}" y="24" text-anchor="middle">${t}×</text>`;
  });
  const legend = Object.entries(COLORS).map(
    ([name, color], i) =>
      `<rect x="${LABEL_W + i * 110}" y="${y + 4}" width="10" height="10" fill="${color}"/><text x="${LABEL_W + 14 + i * 110}" y="${y + 13}">${name}</text>`,
  );
  const height = y + 24;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${LABEL_W + PLOT_W + 80}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="8" y="14" font-weight="bold">Median time ÷ raw driver floor (log scale; 1× = as fast as hand-written SQL)</text>`,
    ...axis,
    `<line x1="${LABEL_W}" y1="30" x2="${LABEL_W}" y2="${y}" stroke="#000"/>`,
    ...parts,
    ...legend,
    '</svg>',
    '',
  ].join('\n');
}

/**
 * What every reliability scenario shares: how many runs it makes (CI size, or soak size under
 * `npm run test:soak`), and where it writes its figures. Each scenario writes one JSON file per
 * dialect to spec/reliability/out/ (git-ignored); `npm run reliability:report` turns the files of
 * a full run into the table in docs/reliability.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** True under `npm run test:soak`: scenarios run their long sizes. */
export const SOAK = process.env.TABULA_SOAK === '1';

/** The number of runs of a scenario: `ci` in the ordinary test run, `soak` under test:soak. */
export function runs(ci: number, soak: number): number {
  return SOAK ? soak : ci;
}

export const FIGURES_DIR = join(__dirname, '..', 'out');

/** One figure: a count, a duration (name it `…Ms`), a ratio, or a short word. */
export type Figure = number | string | boolean;

export interface ScenarioFigures {
  /** The scenario's id, the file's name: `kill-every-statement`, `lost-updates`, … */
  readonly scenario: string;
  /** `sqlite`, `postgres` or `mysql`. */
  readonly dialect: string;
  /** One sentence: what was done and what held (it becomes the table's text). */
  readonly summary: string;
  /** The figures, by name, in the order the table shows them. */
  readonly figures: Readonly<Record<string, Figure>>;
}

/** Writes a scenario's figures for one dialect (overwriting the previous run's). */
export function recordFigures(result: ScenarioFigures): void {
  mkdirSync(FIGURES_DIR, { recursive: true });
  const file = join(FIGURES_DIR, `${result.scenario}.${result.dialect}.json`);
  const record = { ...result, mode: SOAK ? 'soak' : 'ci', at: new Date().toISOString() };
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
}

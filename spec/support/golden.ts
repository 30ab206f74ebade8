/**
 * Golden files: generated source compared with a file checked in beside the spec, so a change to a
 * generator shows up in review as a diff of what it generates.
 *
 * TABULA_UPDATE_GOLDEN=1 writes the new source over a golden file that differs — and the test
 * still fails, naming the file: an update run cannot pass by writing what it then compares. Review
 * the diff, then run again without the variable. Under CI the variable is refused outright, since
 * nobody would review what a CI run writes.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { expect } from 'chai';

/** True when the process runs under CI (`CI` set to anything but empty, `0` or `false`). */
function underCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** Fails unless `actual` equals the golden file at `path` (an absolute path); see the file head for updates. */
export function expectGolden(path: string, actual: string): void {
  const shown = relative(process.cwd(), path);
  const update = process.env.TABULA_UPDATE_GOLDEN === '1';
  if (update && underCi()) {
    expect.fail(
      `TABULA_UPDATE_GOLDEN=1 is refused under CI (CI=${process.env.CI}): golden files are rewritten on a developer ` +
        'machine and reviewed as a diff. Unset TABULA_UPDATE_GOLDEN in the CI job.',
    );
  }
  const expected = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (actual === expected) return;
  if (update) {
    writeFileSync(path, actual);
    expect.fail(
      `${shown} was ${expected === undefined ? 'created' : 'updated'}: review it (git diff -- ${shown}), ` +
        'then run the spec again without TABULA_UPDATE_GOLDEN.',
    );
  }
  if (expected === undefined) {
    expect.fail(`${shown} does not exist: create it with TABULA_UPDATE_GOLDEN=1 and review it before committing.`);
  }
  expect(actual, `${shown} (if the change is intended: TABULA_UPDATE_GOLDEN=1, then review the diff)`).to.equal(
    expected,
  );
}

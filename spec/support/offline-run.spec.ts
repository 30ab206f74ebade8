/**
 * `npm test` on a machine without database servers must pass, not just skip: a child mocha runs
 * the suites whose hooks open and close a database, with PostgreSQL and MariaDB unavailable.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

/** Suites with `after`/`afterEach` hooks that close, drop or query what their `before` opened. */
const SPECS = [
  'spec/connection/*.spec.ts',
  'spec/dialects/float-columns.spec.ts',
  'spec/types/round-trip-*.spec.ts',
  'spec/entity-manager/*.spec.ts',
  'spec/flush/*.spec.ts',
  'spec/schema/*.spec.ts',
];

/** Set in the child, so that a child run that picks this file up anyway does not recurse. */
const CHILD_FLAG = 'TABULA_TEST_OFFLINE_CHILD';

const SKIP_LINE = '!!!!! [tabula-matrix] SKIPPING';

function runOffline(): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, TABULA_TEST_START_SERVERS: '0', [CHILD_FLAG]: '1' };
  delete env.TABULA_TEST_PG_URL;
  delete env.TABULA_TEST_MYSQL_URL;
  delete env.TABULA_TEST_REQUIRE;
  // The child reads the same .mocharc.json (tsx, the global setup, the dot reporter) from ROOT.
  const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js'), ...SPECS], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  return new Promise((res, rej) => {
    child.once('error', rej);
    child.once('close', (code) => res({ code, output }));
  });
}

describe('a test run without database servers', function () {
  this.timeout(120_000);

  let run: { code: number | null; output: string };

  before(async function () {
    if (process.env[CHILD_FLAG]) this.skip();
    run = await runOffline();
  });

  it('passes: skipped dialects run none of their suites’ hooks', () => {
    const failing = run.output.match(/^\s*\d+ failing/m);
    expect(failing?.[0].trim(), `child output:\n${run.output}`).to.equal(undefined);
    expect(run.output).to.match(/^\s*\d+ passing/m);
    expect(run.output).to.match(/^\s*\d+ pending/m);
    expect(run.code, `child output:\n${run.output}`).to.equal(0);
  });

  it('prints the loud skip line exactly once, naming both dialects', () => {
    const lines = run.output.split('\n').filter((l) => l.includes(SKIP_LINE));
    expect(lines, run.output).to.have.length(1);
    expect(lines[0]).to.include('SKIPPING POSTGRES and MYSQL');
  });

  it('runs nothing on PostgreSQL or MariaDB', () => {
    expect(run.output).to.match(/tests per dialect: sqlite [1-9]\d*, sqlite-memory \d+, postgres 0, mysql 0/);
  });
});

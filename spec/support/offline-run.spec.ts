/**
 * `npm test` on a machine without database servers must pass, not just skip: a child mocha runs
 * the suites whose hooks open and close a database, with PostgreSQL and MariaDB unavailable.
 */
import { expect } from 'chai';
import { join, resolve } from 'node:path';
import { type NodeRun, runNode } from './run-node';

const ROOT = resolve(__dirname, '..', '..');

/** Suites with `after`/`afterEach` hooks that close, drop or query what their `before` opened. */
const SPECS = [
  'spec/connection/*.spec.ts',
  'spec/dialects/float-columns.spec.ts',
  'spec/types/round-trip-*.spec.ts',
  'spec/entity-manager/*.spec.ts',
  'spec/flush/*.spec.ts',
  'spec/schema/*.spec.ts',
  'spec/testing/test-database.spec.ts',
  'spec/testing/seed.spec.ts',
  'spec/examples/bookstore-kit.spec.ts',
];

/** Set in the child, so that a child run that picks this file up anyway does not recurse. */
const CHILD_FLAG = 'TABULA_TEST_OFFLINE_CHILD';

const SKIP_LINE = '!!!!! [tabula-matrix] SKIPPING';

function runOffline(): Promise<NodeRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, TABULA_TEST_START_SERVERS: '0', [CHILD_FLAG]: '1' };
  delete env.TABULA_TEST_PG_URL;
  delete env.TABULA_TEST_MYSQL_URL;
  delete env.TABULA_TEST_REQUIRE;
  // The child reads the same .mocharc.json (tsx, the global setup, the dot reporter) from ROOT.
  return runNode([join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js'), ...SPECS], { cwd: ROOT, env });
}

describe('a test run without database servers', function () {
  this.timeout(120_000);

  let run: NodeRun;

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

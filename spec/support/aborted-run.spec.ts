/**
 * A run that cannot finish must not look green: a test that hangs fails at its timeout, and a run
 * whose event loop empties before mocha's summary exits non-zero (global-setup.ts).
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

function runMocha(fixture: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, TABULA_TEST_START_SERVERS: '0', TABULA_TEST_MAX_TIMEOUT_MS: '1500' };
  delete env.TABULA_TEST_REQUIRE;
  delete env.TABULA_TEST_PG_URL;
  delete env.TABULA_TEST_MYSQL_URL;
  return spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js'), join(__dirname, 'fixtures', 'runs', fixture)],
    {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
}

describe('a run that cannot finish is red', function () {
  this.timeout(90_000);

  it('fails a run that ends with status 0 before mocha finished (no summary printed)', () => {
    const run = runMocha('aborts.fixture.ts');
    expect(run.stdout).to.not.match(/passing/);
    expect(run.stderr).to.contain('the test run ended before mocha finished');
    expect(run.status).to.equal(1);
  });

  it('fails a test that switched its timeout off and hangs, at the ceiling on timeouts', () => {
    const run = runMocha('hangs.fixture.ts');
    expect(run.stdout).to.match(/0 passing/);
    expect(run.stdout).to.match(/1 failing/);
    expect(run.stdout).to.contain('Timeout of 1500ms exceeded');
    expect(run.status).to.not.equal(0);
  });
});

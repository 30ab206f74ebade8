/**
 * 'tabula-orm/testing' depends on no test runner: the bookstore's node:test file runs under
 * `node --test` in a child process, with mocha nowhere in it, and must pass every test.
 */
import { expect } from 'chai';
import { join, resolve } from 'node:path';
import { runNode } from '../support/run-node';

const ROOT = resolve(__dirname, '..', '..');

function runNodeTest() {
  const file = join('spec', 'examples', 'node-test', 'bookstore.test.ts');
  return runNode(['--import', 'tsx', '--test', '--test-reporter=tap', file], { cwd: ROOT });
}

describe('the test kit under node:test (no mocha)', function () {
  this.timeout(60_000);

  it('runs the bookstore’s node:test file: every test passes', async () => {
    const { code, output } = await runNodeTest();
    const count = (name: string) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(output)?.[1]);
    expect({ code, tests: count('tests'), pass: count('pass'), fail: count('fail') }, output).to.deep.equal({
      code: 0,
      tests: 3,
      pass: 3,
      fail: 0,
    });
  });
});

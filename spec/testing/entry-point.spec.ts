import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

describe("'tabula-orm/testing' as an entry point", function () {
  this.timeout(60_000);

  it('loads, plans and flushes on a recording dialect without loading inversify or a driver', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--require',
      'tsx/cjs',
      join(__dirname, 'fixtures', 'load-testing-entry.ts'),
    ]);
    expect(JSON.parse(stdout)).to.deep.equal({ peers: [], di: false });
  });
});

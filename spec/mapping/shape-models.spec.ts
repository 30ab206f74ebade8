import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'chai';

const PROBE = join(__dirname, 'support', 'shape-models-probe.ts');

describe('shape models (hidden classes of per-flush objects kept between flushes)', () => {
  it('gives every per-flush object made after a GC the hidden class of its held model', function () {
    this.timeout(60_000);
    const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--expose-gc', '--import', 'tsx', PROBE], {
      cwd: join(__dirname, '..', '..'),
      encoding: 'utf8',
    });
    const result = JSON.parse(out.trim().split('\n').pop() as string) as Record<string, unknown>;
    expect(result).to.deep.equal({
      EntityEntry: true,
      InsertDraft: true,
      PendingKey: true,
      KeyedRow: true,
      ScanFound: true,
      GeneratedKeys: true,
      AffectedCounter: true,
      CompileContext: true,
      ValueRows: true,
      control: false,
    });
  });
});

/**
 * Types that stay fast: spec/types/loaded-chinook/ registers the Chinook mappers and finds with
 * populate paths three relations deep (cycles and a self-reference included). Compiled here as its
 * own program: no error (so no "excessively deep" either), and the type instantiations its check
 * costs stay within a budget — a count, not a timing, so it does not depend on the machine.
 */
import { resolve } from 'node:path';
import { expect } from 'chai';
import * as ts from 'typescript';
import { describeDiagnostic, readTsconfig } from './support/compiler';

/**
 * Measured: about 71,000 (TypeScript 5.9), lib/ included; about 470,000 before `MapperOf` was
 * deferred for generic classes. See docs/querying.md.
 */
const INSTANTIATION_BUDGET = 150_000;

describe('Loaded types on Chinook stay fast (spec/types/loaded-chinook)', () => {
  it('type-checks populate paths three levels deep within the instantiation budget', function () {
    this.timeout(180_000);
    const config = readTsconfig(resolve(__dirname, 'loaded-chinook/tsconfig.json'));
    const program = ts.createProgram(config.fileNames, { ...config.options, noEmit: true });
    const errors = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}:${describeDiagnostic(d)}`);
    const instantiations = program.getInstantiationCount();
    expect(errors).to.deep.equal([]);
    expect(instantiations).to.be.below(INSTANTIATION_BUDGET);
  });
});

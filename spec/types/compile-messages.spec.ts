/**
 * The words of Tabula's compile errors. The `@ts-expect-error` specs beside this one prove that
 * each mistake is an error; this one pins what `tsc` says about it, so that a message drifting back
 * to Tabula's internals (`Types of property '__js' are incompatible`) fails a test.
 *
 * The cases live in spec/types/fixtures/*.ts, outside the project's tsconfig because they do not
 * compile: above each failing line, a `// tsc: …` comment holds the first line of its message
 * (TypeScript's `flattenDiagnosticMessageText`, first line). The fixtures are compiled here with
 * the project's compiler options, and every diagnostic must match a comment and every comment a
 * diagnostic.
 */
import { expect } from 'chai';
import { resolve } from 'node:path';
import * as ts from 'typescript';
import { describeDiagnostic, readTsconfig } from './support/compiler';

const ROOT = resolve(__dirname, '..', '..');
const FIXTURES = resolve(__dirname, 'fixtures');
const EXPECTATION = /^\s*\/\/ tsc: (.*)$/;

/** The fixtures, and whether each is compiled with `exactOptionalPropertyTypes` on. */
const SUITES: readonly { readonly file: string; readonly exact: boolean; readonly cases: number }[] = [
  { file: 'mapping-messages.ts', exact: false, cases: 18 },
  { file: 'filter-messages.ts', exact: false, cases: 33 },
  { file: 'query-builder-messages.ts', exact: false, cases: 17 },
  { file: 'exact-messages.ts', exact: true, cases: 3 },
];

interface Seen {
  /** `line: first line of the message`, 1-based, as a reader finds them in the fixture. */
  readonly expected: string[];
  readonly actual: string[];
}

/** Each `// tsc:` expectation of `file`, and each diagnostic `program` reports in it. */
function compare(program: ts.Program, file: string): Seen {
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`${file} is not in the program`);
  const lines = source.text.split('\n');
  const expected: string[] = [];
  lines.forEach((text, i) => {
    const match = EXPECTATION.exec(text);
    // Stacked comments describe the same line: the first line of code below them.
    let target = i + 1;
    while (target < lines.length && EXPECTATION.test(lines[target] ?? '')) target++;
    if (match) expected.push(`${target + 1}: ${match[1]}`);
  });
  const actual = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) =>
    describeDiagnostic(d, { firstLine: true }),
  );
  return { expected: expected.sort(), actual: actual.sort() };
}

describe('compile-time messages (spec/types/fixtures, checked by spec/types/compile-messages.spec.ts)', function () {
  this.timeout(120_000);
  const seen = new Map<string, Seen>();

  before(() => {
    const options = { ...readTsconfig(resolve(ROOT, 'tsconfig.json')).options, noEmit: true };
    // One program per fixture: a message listing names (`join one of customer, billing, lines`)
    // lists them in the compiler's order of first use, which other fixtures would change.
    let previous: ts.Program | undefined;
    for (const suite of SUITES) {
      const file = resolve(FIXTURES, suite.file);
      const program = ts.createProgram(
        [file],
        { ...options, exactOptionalPropertyTypes: suite.exact },
        undefined,
        previous,
      );
      seen.set(file, compare(program, file));
      previous = program;
    }
  });

  for (const suite of SUITES) {
    it(`${suite.file}: every mistake reads as its comment says, and nothing else is an error`, () => {
      const { expected, actual } = seen.get(resolve(FIXTURES, suite.file)) as Seen;
      expect(expected).to.have.length(suite.cases);
      expect(actual).to.deep.equal(expected);
    });
  }
});

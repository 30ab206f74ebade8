/**
 * The no-phantom property over generated mapper sets (support/generated-mappers.ts): whatever the
 * mappers, the schema they create diffs to nothing, on every dialect.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { Tabula } from '../../lib';
import { describeEachDialect } from '../support/matrix';
import { mappersOf, tableSets } from './support/generated-mappers';

const RUNS = 20;

describeEachDialect('schema diff: no phantoms, property over generated mappers', (ctx) => {
  it(`a schema created from any generated mapper set diffs to nothing (${RUNS} sets)`, async function () {
    this.timeout(120_000);
    await fc.assert(
      fc.asyncProperty(tableSets, async (specs) => {
        const orm = await Tabula.connect({ url: ctx.url, mappers: mappersOf(specs) });
        try {
          await orm.schema.drop();
          await orm.schema.create();
          const diff = await orm.schema.diff({ allowDestructive: true });
          expect([...diff.changes, ...diff.heldBack].map((c) => c.description)).to.deep.equal([]);
          expect(diff.suggestions).to.deep.equal([]);
        } finally {
          await orm.schema.drop();
          await orm.close();
        }
      }),
      { numRuns: RUNS, seed: 17 },
    );
  });
});

/**
 * The public surface, pinned: a change to what an entry point exports must change this file too,
 * so it is a decision someone made, not a side effect of an `export *`.
 */
import { expect } from 'chai';
import { join, resolve } from 'node:path';
import { ENTRIES } from './support/public-api-entries';
import { publicNames } from './support/public-names';

const LIB = resolve(__dirname, '..', 'lib');

describe('the public API', () => {
  for (const [entry, expected] of Object.entries(ENTRIES)) {
    describe(`'${entry}'`, () => {
      const names = publicNames(join(LIB, expected.file));

      it('exports exactly the listed values and types', () => {
        expect({ values: names.values, types: names.types }).to.deep.equal({
          values: [...expected.values].sort(),
          types: [...expected.types].sort(),
        });
      });

      it('holds at run time exactly the listed values, nothing more', () => {
        expect(Object.keys(expected.module()).sort()).to.deep.equal([...expected.values].sort());
      });
    });
  }

  it('keeps one expression vocabulary per entry point', () => {
    const main = ENTRIES['tabula-orm']?.values ?? [];
    const sqlEntry = ENTRIES['tabula-orm/sql']?.values ?? [];
    // The builder's allOf/anyOf/.eq() in 'tabula-orm'; the SQL AST's and/or/eq in 'tabula-orm/sql'.
    expect(main.filter((n) => ['and', 'or', 'eq', 'not', 'select'].includes(n))).to.deep.equal([]);
    expect(sqlEntry.filter((n) => ['allOf', 'anyOf'].includes(n))).to.deep.equal([]);
  });

  it("gives 'like' one meaning per entry point: LIKE patterns in 'tabula-orm', the AST node in 'tabula-orm/sql'", () => {
    const main = require('../lib') as { like: { contains: unknown } };
    const sqlEntry = require('../lib/entry-points/sql') as { like: unknown };
    expect(typeof main.like.contains).to.equal('function');
    expect(sqlEntry.like).to.be.a('function');
    expect(sqlEntry.like).to.not.equal(main.like);
  });
});

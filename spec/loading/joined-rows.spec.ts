/**
 * The joined populate's row reader is generated per level through GeneratedSource: printable, and
 * pinned by a golden file like every other generated hot path.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { Author } from '../../fixtures/entities/author';
import { libraryMappers } from '../../fixtures/entities/mappers';
import { describeJoinedRows, planLevels, populateTree } from '../../lib/loading';
import { MetadataRegistry } from '../../lib/mapping';
import { expectGolden } from '../support/golden';

const registry = new MetadataRegistry(libraryMappers);

describe('joined rows', () => {
  const author = registry.get(Author);
  const levels = planLevels(author, 't0', author.columns, populateTree(author, ['books', 'profile']));

  it('prints the generated row reader of each level, against golden/author-books-profile-joined-rows.txt', () => {
    expectGolden(join(__dirname, 'golden', 'author-books-profile-joined-rows.txt'), describeJoinedRows(levels));
  });

  it('reads a level’s labelled columns back under their column names', () => {
    const source = describeJoinedRows(levels);
    expect(levels.map((l) => l.meta.className)).to.deep.equal(['Author', 'Book', 'AuthorProfile']);
    for (const level of levels) {
      level.columns.forEach((c, i) => {
        expect(source).to.contain(`"${c.name}": row.tabula_${level.index}_${i},`);
      });
    }
  });
});

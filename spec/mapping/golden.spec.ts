/**
 * The generated hot paths, printed, against golden files: a change to the generator shows up in
 * review as a diff of the code it generates. TABULA_UPDATE_GOLDEN=1 rewrites a file that differs and
 * still fails (spec/support/golden.ts): review the diff, then run again without it.
 */
import { join } from 'node:path';
import { Employee, PlaylistTrack } from '../../fixtures/chinook/entities';
import { chinookMappers } from '../../fixtures/chinook/mappers';
import { Author } from '../../fixtures/entities/author';
import { Book } from '../../fixtures/entities/book';
import { libraryMappers } from '../../fixtures/entities/mappers';
import { Payment } from '../../fixtures/entities/payment';
import { mysqlTypes } from '../../lib/dialects/mysql/types';
import { postgresTypes } from '../../lib/dialects/postgres/types';
import { sqliteTypes } from '../../lib/dialects/sqlite/types';
import {
  describeComparator,
  describeHydrator,
  describeSnapshot,
  MetadataRegistry,
  pascalCaseNaming,
} from '../../lib/mapping';
import { expectGolden } from '../support/golden';

const library = new MetadataRegistry(libraryMappers);
const chinook = new MetadataRegistry(chinookMappers, { naming: pascalCaseNaming });

const GOLDEN: Record<string, () => string> = {
  'book-hydrator.sqlite.txt': () => describeHydrator(library.get(Book), sqliteTypes),
  'book-hydrator.postgres.txt': () => describeHydrator(library.get(Book), postgresTypes),
  'author-hydrator.mysql.txt': () => describeHydrator(library.get(Author), mysqlTypes),
  'payment-hydrator.postgres.txt': () => describeHydrator(library.get(Payment), postgresTypes),
  'book-snapshot.txt': () => describeSnapshot(library.get(Book)),
  'book-comparator.txt': () => describeComparator(library.get(Book)),
  'chinook-employee-hydrator.sqlite.txt': () => describeHydrator(chinook.get(Employee), sqliteTypes),
  'chinook-playlist-track-hydrator.sqlite.txt': () => describeHydrator(chinook.get(PlaylistTrack), sqliteTypes),
};

describe('generated hot paths, printed', () => {
  for (const [file, describe] of Object.entries(GOLDEN)) {
    it(`prints the source in golden/${file}`, () => {
      expectGolden(join(__dirname, 'golden', file), describe());
    });
  }
});

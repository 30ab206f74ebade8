/** Errors of the schema tooling: the live database does not match the mappers. */
import { TabulaError } from './tabula-error.js';

/**
 * The live schema differs from what the mappers describe (`orm.schema.verify()`, or `verifySchema`
 * at connect). `differences` lists each one in words, e.g.
 * `authors.bio: in the mappers, not in the database — generate a migration`.
 */
export class SchemaDriftError extends TabulaError {
  override readonly code = 'SCHEMA_DRIFT';

  constructor(
    /** Each difference, in words. */
    readonly differences: readonly string[],
  ) {
    super(
      `The database schema differs from the mappers in ${differences.length} place${differences.length === 1 ? '' : 's'}:\n` +
        differences.map((d) => `  - ${d}`).join('\n') +
        '\n  Generate and apply a migration (tabula migration generate); in development orm.schema.update() applies what keeps data.',
    );
  }
}

import { TabulaError } from './tabula-error.js';

/** Why a migration run was refused or stopped; `MigrationError.reason` holds one of these. */
export type MigrationErrorReason =
  /** An applied migration's file no longer has the checksum it was applied with. */
  | 'edited'
  /** The journal lists an applied migration whose file is gone. */
  | 'missing'
  /** A file in the migrations folder could not be loaded, or exports no `up`. */
  | 'invalid'
  /** A migration's statement failed; on MySQL the statements before it stay applied. */
  | 'failed'
  /** A migration failed halfway on an earlier run (MySQL): fix it and run again, or repair by hand. */
  | 'incomplete'
  /** Another process held the migration lock past the timeout. */
  | 'locked'
  /** `generate` was asked while migrations are pending: its diff would repeat theirs. */
  | 'pending'
  /** `down` was asked for a migration that has no `down`. */
  | 'irreversible';

/**
 * A migration run was refused or failed. `reason` says which case it is, `migration` names the
 * file it concerns, and `cause` holds the database's error when a statement failed.
 *
 * @example
 * try { await orm.migrator().up(); }
 * catch (e) { if (e instanceof MigrationError && e.reason === 'edited') console.error(e.migration, 'was edited'); }
 */
export class MigrationError extends TabulaError {
  override readonly code = 'MIGRATION';

  constructor(
    message: string,
    readonly reason: MigrationErrorReason,
    /** The migration's name (its file name without the extension), where one is concerned. */
    readonly migration?: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static edited(name: string, applied: string, now: string): MigrationError {
    return new MigrationError(
      `Migration ${name} was applied with checksum ${applied.slice(0, 12)}… but its file now has ${now.slice(0, 12)}…: ` +
        'an applied migration must not change.\n' +
        '  Restore the file as it was applied (git checkout), and put the new change in a new migration (tabula migration generate).',
      'edited',
      name,
    );
  }

  static missing(name: string, folder: string): MigrationError {
    return new MigrationError(
      `Migration ${name} is recorded as applied, but ${folder} has no file for it.\n` +
        '  Restore the file (git checkout), or, if the migration was deliberately removed, delete its row from the migrations table.',
      'missing',
      name,
    );
  }

  static invalid(name: string, why: string, cause?: unknown): MigrationError {
    return new MigrationError(
      `Migration ${name} cannot be loaded: ${why}.\n` +
        '  A migration file exports `up(m)` and `down(m)` (export default { up, down }, or named exports).',
      'invalid',
      name,
      cause === undefined ? undefined : { cause },
    );
  }

  static locked(seconds: number): MigrationError {
    return new MigrationError(
      `Another process held the migration lock for more than ${seconds} s.\n` +
        '  Wait for the other run to finish (tabula migration status), or raise lockTimeoutSeconds.',
      'locked',
    );
  }
}

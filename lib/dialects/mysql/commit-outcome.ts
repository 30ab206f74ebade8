/**
 * MySQL and MariaDB cannot say from another session whether a transaction committed, so Tabula
 * leaves a mark that can: with `resolveCommitOutcome: true`, a row with a random token goes into
 * `tabula_commit_log` right before COMMIT, inside the transaction. It is there once the
 * transaction committed, and never if it rolled back. Written last, its `created_at` is the
 * commit's time to within a statement, whatever the transaction's length.
 *
 * Absent proves a rollback only once the lost session has ended (until then the COMMIT may still
 * be on its way in): the check asks the process list first, then looks for the row.
 */
import { randomBytes } from 'node:crypto';
import type { CommitOutcomeProbe, CompiledQuery } from '../../connection/index.js';

/** Tabula's own table, not a mapped one: schema tooling must leave it alone. */
export const COMMIT_LOG_TABLE = 'tabula_commit_log';

/** Created at connect when the option is on. The token is time-ordered: inserts append to the primary key. */
export const CREATE_COMMIT_LOG =
  `CREATE TABLE IF NOT EXISTS ${COMMIT_LOG_TABLE} (` +
  'token CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY, ' +
  'created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), ' +
  `KEY ${COMMIT_LOG_TABLE}_created_at (created_at)) ENGINE=InnoDB`;

/** Every this many flushes that wrote a marker, rows older than an hour go (resolution needs them for seconds). */
export const PRUNE_EVERY = 500;
const PRUNE: CompiledQuery = {
  sql: `DELETE FROM ${COMMIT_LOG_TABLE} WHERE created_at < NOW(6) - INTERVAL 1 HOUR`,
  params: [],
};

const newToken = () => Date.now().toString(16).padStart(12, '0') + randomBytes(10).toString('hex');

export function mysqlCommitMarker(): CommitOutcomeProbe {
  let sincePrune = 0;
  return {
    record: () => {
      const token = newToken();
      return { query: { sql: `INSERT INTO ${COMMIT_LOG_TABLE} (token) VALUES (?)`, params: [token] }, token };
    },
    afterCommit: () => {
      if (++sincePrune < PRUNE_EVERY) return undefined;
      sincePrune = 0;
      return PRUNE;
    },
    async check(run, token, session) {
      const alive = await run({
        sql: 'SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE ID = ?',
        params: [session],
      });
      if (Number(alive.rows[0]?.n) > 0) return 'in progress';
      const found = await run({
        sql: `SELECT COUNT(*) AS n FROM ${COMMIT_LOG_TABLE} WHERE token = ?`,
        params: [token],
      });
      return Number(found.rows[0]?.n) > 0 ? 'committed' : 'aborted';
    },
  };
}

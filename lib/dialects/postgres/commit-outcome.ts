/**
 * PostgreSQL tells what became of a transaction by its id: `pg_xact_status(xid)` answers
 * committed, aborted or in progress from any session, as long as the id is recent enough to be
 * in the commit log. The id comes back in the round trip of BEGIN itself (one simple-protocol
 * query, `BEGIN; SELECT pg_current_xact_id()`), so a flush pays no extra round trip; it assigns
 * the id at BEGIN instead of at the first write, which a flush makes right after.
 */
import type { CommitOutcomeProbe } from '../../connection/index.js';
import { versionAtLeast } from '../opened.js';

export function postgresCommitOutcome(serverVersion: string): CommitOutcomeProbe {
  // pg_current_xact_id / pg_xact_status (xid8) are PostgreSQL 13+; txid_* (bigint) say the same before.
  const modern = versionAtLeast(serverVersion, '13');
  const current = modern ? 'pg_current_xact_id()' : 'txid_current()';
  const status = modern ? 'pg_xact_status($1::xid8)' : 'txid_status($1::bigint)';
  return {
    beginWithToken: (begin) => `${begin}; SELECT ${current}::text AS tabula_xid`,
    tokenOf: (result) => {
      const xid = result.rows[0]?.tabula_xid;
      return typeof xid === 'string' ? xid : undefined;
    },
    async check(run, token) {
      const { rows } = await run({ sql: `SELECT ${status} AS status`, params: [token] });
      const answer = rows[0]?.status;
      // NULL: the id is too old for the commit log to remember.
      return answer === 'committed' || answer === 'aborted' || answer === 'in progress' ? answer : 'unknown';
    },
  };
}

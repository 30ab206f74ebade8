/**
 * PostgreSQL tells what became of a transaction by its id: `pg_xact_status(xid)` answers
 * committed, aborted or in progress from any session, as long as the id is recent enough to be
 * in the commit log. The id comes back in the round trip of BEGIN itself (one simple-protocol
 * query, `BEGIN; SELECT pg_current_xact_id()`), so a flush pays no extra round trip; it assigns
 * the id at BEGIN instead of at the first write, which a flush makes right after.
 *
 * A lone one-row DELETE (sent without a transaction) has no id to ask about; once its lost session
 * has ended, its row tells (`sessionAlive`): the server process of that session is gone from
 * `pg_stat_activity`, so no statement of it can still run or arrive. The session is known by the
 * process id the server gave the connection; behind a pooler that makes ids up (PgBouncer) the
 * id is not the server's, which connecting finds out (`pg_backend_pid()` against the id the driver
 * was given): then there is no `sessionAlive`, and such a DELETE keeps its transaction.
 */
import type { CommitOutcomeProbe } from '../../connection/index.js';
import { versionAtLeast } from '../opened.js';

/**
 * `sessions`: the process ids the driver reports are the server's (no pooler in between), so a
 * lost session can be looked up (`sessionAlive`).
 */
export function postgresCommitOutcome(serverVersion: string, options: { sessions?: boolean } = {}): CommitOutcomeProbe {
  // pg_current_xact_id / pg_xact_status (xid8) are PostgreSQL 13+; txid_* (bigint) say the same before.
  const modern = versionAtLeast(serverVersion, '13');
  const current = modern ? 'pg_current_xact_id()' : 'txid_current()';
  const status = modern ? 'pg_xact_status($1::xid8)' : 'txid_status($1::bigint)';
  const probe: CommitOutcomeProbe = {
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
  if (!options.sessions) return probe;
  return {
    ...probe,
    async sessionAlive(run, session) {
      const { rows } = await run({
        sql: 'SELECT count(*)::int AS alive, pg_is_in_recovery() AS standby FROM pg_stat_activity WHERE pid = $1',
        params: [session],
      });
      // A standby (a router sending reads there) knows neither the primary's sessions nor its latest rows.
      if (rows[0]?.standby === true) throw new Error('a standby answered instead of the primary');
      return Number(rows[0]?.alive) > 0;
    },
  };
}

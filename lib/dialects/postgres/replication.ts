/**
 * PostgreSQL streaming replication positions: WAL LSNs. After a COMMIT the primary's WAL insert
 * position is at or past the commit record (the write position may not be, with
 * `synchronous_commit = off`); a standby has the commit once `pg_last_wal_replay_lsn()` reaches it.
 */
import type { ReplicationProbe } from '../../connection/index.js';

/** `16/B374D848` as a number, for comparing. */
function lsn(text: string): bigint {
  const [high, low] = text.split('/');
  return (BigInt(`0x${high ?? '0'}`) << 32n) | BigInt(`0x${low ?? '0'}`);
}

const REPLICA_STATE = `SELECT
  (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_insert_lsn() END)::text AS position,
  CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() IS NULL
         OR pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() THEN 0
       ELSE COALESCE(floor(EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000), 0)
  END AS lag_ms`;

export const postgresReplication: ReplicationProbe = {
  async commitPosition(run) {
    const { rows } = await run('SELECT pg_current_wal_insert_lsn()::text AS position');
    const position = rows[0]?.position;
    return typeof position === 'string' ? position : undefined;
  },
  async replicaState(run) {
    const { rows } = await run(REPLICA_STATE);
    const row = rows[0] ?? {};
    // Received but not replayed, for as long as since the last replayed transaction: a lag.
    return {
      position: typeof row.position === 'string' ? row.position : undefined,
      lagMs: Number(row.lag_ms ?? 0),
    };
  },
  reached: (replayed, target) => lsn(replayed) >= lsn(target),
};

/**
 * MariaDB replication positions: GTID lists (`domain-server-sequence`, one per replication
 * domain). After a COMMIT the primary's `@@gtid_binlog_pos` holds the commit's GTID (or a later
 * one in its domain); a replica has the commit once its `@@gtid_current_pos` has reached that
 * sequence number in every domain. A primary without a binary log has no GTIDs: its commits fall
 * back on the read-your-writes window.
 */
import type { ReplicationProbe } from '../../connection/index.js';

/** `0-1-42,1-2-7` as sequence numbers by domain. */
function gtids(text: string): Map<string, bigint> {
  const byDomain = new Map<string, bigint>();
  for (const gtid of text.split(',')) {
    const [domain, , sequence] = gtid.trim().split('-');
    if (domain !== undefined && sequence !== undefined && domain !== '') byDomain.set(domain, BigInt(sequence));
  }
  return byDomain;
}

export const mysqlReplication: ReplicationProbe = {
  async commitPosition(run) {
    const { rows } = await run('SELECT @@gtid_binlog_pos AS position');
    const position = rows[0]?.position;
    return typeof position === 'string' && position !== '' ? position : undefined;
  },
  async replicaState(run) {
    const { rows } = await run('SELECT @@gtid_current_pos AS position');
    const position = rows[0]?.position;
    let lagMs = 0;
    try {
      const [status] = (await run('SHOW SLAVE STATUS')).rows;
      // NULL while the SQL thread is stopped or the replica is not connected: how far behind is unknown.
      if (status) {
        const behind = status.Seconds_Behind_Master;
        lagMs = behind === null || behind === undefined ? Number.POSITIVE_INFINITY : Number(behind) * 1000;
      }
    } catch {
      // Without the privilege to ask (REPLICA MONITOR), the lag is not measured.
    }
    return { position: typeof position === 'string' ? position : undefined, lagMs };
  },
  reached(replayed, target) {
    const have = gtids(replayed);
    for (const [domain, sequence] of gtids(target)) {
      const replayedSequence = have.get(domain);
      if (replayedSequence === undefined || replayedSequence < sequence) return false;
    }
    return true;
  },
};

/**
 * The router of reads among the replicas and the primary. A read goes to a replica that is up,
 * within the lag bound and — for an EntityManager that has committed — caught up with its last
 * commit; else to the primary. A replica that cannot be reached is skipped for a back-off and
 * checked again in the background; the read that found it down runs on another server.
 *
 * Nothing here waits on a replica's state: checks run in the background and a read uses what
 * the last check said, so a read costs one comparison per replica, never an extra round trip.
 */
import { ConnectionError, ConnectionLostError, PoolTimeoutError, SerializationError } from '../errors/index.js';
import type { CompiledQuery, RawResult, RunOptions } from './driver.js';
import type { Pool } from './pool.js';
import type { ReadSession, ReplicaInfo, ReplicaSettings, ReplicationProbe } from './replication.js';

/** A replica's pool, and the name its query events carry. */
export interface ReplicaServer {
  readonly label: string;
  readonly pool: Pool;
}

/** How stale a replica's cached position may be before a read that needs a newer one asks again. */
const POSITION_RECHECK_MS = 10;
/** How often the lag of a replica is measured while reads flow (only with `maxReplicaLagMs`). */
const LAG_CHECK_MS = 1000;
const MAX_BACKOFF_MS = 30_000;

class Replica implements ReplicaInfo {
  lagMs: number | undefined;
  /** The last position it was seen to have replayed (a replica at ≥ X stays at ≥ X). */
  position: string | undefined;
  checkedAt = 0;
  down = false;
  downUntil = 0;
  backoffMs = 0;
  checking: Promise<void> | undefined;
  /** The last comparison of `position` with a target: reads of one session repeat it until it holds. */
  compared: { position: string; target: string; reached: boolean } | undefined;

  constructor(
    readonly index: number,
    readonly label: string,
    readonly pool: Pool,
  ) {}
}

/** Whether a replica's failure means "try another server" (it is down or unreachable). */
function isUnavailable(e: unknown): boolean {
  return e instanceof ConnectionError || e instanceof ConnectionLostError || e instanceof PoolTimeoutError;
}

export class ReplicaRouter {
  private readonly replicas: readonly Replica[];
  private sequence = 0;
  private closed = false;

  constructor(
    readonly primary: Pool,
    servers: readonly ReplicaServer[],
    private readonly probe: ReplicationProbe,
    readonly settings: ReplicaSettings,
  ) {
    this.replicas = servers.map((s, i) => new Replica(i, s.label, s.pool));
  }

  /** The replicas as pickers see them (for tests and monitoring). */
  get servers(): readonly ReplicaInfo[] {
    return this.replicas;
  }

  /**
   * Runs a read on the server chosen for `session`. A replica that turns out to be unreachable is
   * marked down and the read runs on the next choice (a SELECT outside a transaction can be sent
   * again); a standby that cancels it for a conflict with recovery sends it to the primary.
   */
  async run(query: CompiledQuery, options: RunOptions, session: ReadSession | undefined): Promise<RawResult> {
    let excluded: Set<Replica> | undefined;
    for (;;) {
      const replica = this.choose(session, excluded);
      if (!replica) return this.primary.run(query, options);
      try {
        return await replica.pool.run(query, options);
      } catch (e) {
        if (e instanceof SerializationError) return this.primary.run(query, options);
        if (!isUnavailable(e)) throw e;
        this.markDown(replica);
        (excluded ??= new Set()).add(replica);
      }
    }
  }

  /** After a commit of `session`: where it is, so that its reads wait for a replica that has it. */
  async recordCommit(session: ReadSession): Promise<void> {
    if (!session.wantsPosition) return session.committed(undefined);
    let position: string | undefined;
    try {
      position = await this.probe.commitPosition((sql) => this.primary.run({ sql, params: [] }));
    } catch {
      // The commit stands; without its position the session falls back on the window.
    }
    session.committed(position);
  }

  /** The replica for a read of `session`, or undefined for the primary. */
  private choose(session: ReadSession | undefined, excluded: Set<Replica> | undefined): Replica | undefined {
    const now = Date.now();
    if (session && (!session.useReplicas || session.primaryUntil > now)) return undefined;
    const target = session?.target;
    let candidates: Replica[] | undefined;
    let allReached = true;
    for (const replica of this.replicas) {
      if (target !== undefined && !this.hasReached(replica, target, now)) {
        allReached = false;
        continue;
      }
      if (excluded?.has(replica) || !this.isAvailable(replica, now)) continue;
      (candidates ??= []).push(replica);
    }
    // Every replica has the commit: the session's later reads check nothing.
    if (session && target !== undefined && allReached) session.target = undefined;
    if (!candidates) return undefined;
    return this.pick(candidates);
  }

  private pick(candidates: readonly Replica[]): Replica {
    const sequence = this.sequence++;
    const picker = this.settings.picker;
    const fallback = candidates[sequence % candidates.length] as Replica;
    if (!picker) return fallback;
    const chosen = picker(candidates, { sequence });
    if (typeof chosen === 'number') return candidates[chosen] ?? fallback;
    return candidates.find((c) => c === chosen || c.index === chosen.index) ?? fallback;
  }

  private hasReached(replica: Replica, target: string, now: number): boolean {
    if (replica.position !== undefined && this.compare(replica, replica.position, target)) return true;
    if (!replica.down && now - replica.checkedAt >= POSITION_RECHECK_MS) this.check(replica);
    return false;
  }

  private compare(replica: Replica, position: string, target: string): boolean {
    const last = replica.compared;
    if (last && last.position === position && last.target === target) return last.reached;
    const reached = this.probe.reached(position, target);
    replica.compared = { position, target, reached };
    return reached;
  }

  private isAvailable(replica: Replica, now: number): boolean {
    if (replica.down) {
      if (now >= replica.downUntil) this.check(replica);
      return false;
    }
    const bound = this.settings.maxReplicaLagMs;
    if (bound === undefined) return true;
    if (now - replica.checkedAt >= LAG_CHECK_MS) this.check(replica);
    return replica.lagMs === undefined || replica.lagMs <= bound;
  }

  /** Asks a replica for its position and lag, in the background; one check at a time per replica. */
  private check(replica: Replica): void {
    if (replica.checking || this.closed) return;
    replica.checking = (async () => {
      try {
        const state = await this.probe.replicaState((sql) => replica.pool.run({ sql, params: [] }));
        replica.position = state.position ?? replica.position;
        replica.lagMs = state.lagMs;
        replica.checkedAt = Date.now();
        replica.down = false;
        replica.backoffMs = 0;
      } catch {
        this.markDown(replica);
      } finally {
        replica.checking = undefined;
      }
    })();
  }

  private markDown(replica: Replica): void {
    replica.down = true;
    replica.backoffMs = replica.backoffMs
      ? Math.min(replica.backoffMs * 2, MAX_BACKOFF_MS)
      : Math.min(this.settings.retryMs, MAX_BACKOFF_MS);
    replica.downUntil = Date.now() + replica.backoffMs;
  }

  /** Waits for running checks and closes the replicas' pools. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.replicas.map((r) => r.checking));
    await Promise.all(this.replicas.map((r) => r.pool.close()));
  }
}

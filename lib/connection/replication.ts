/**
 * Read replicas: what a dialect tells about replication positions, the options of `replicas`,
 * and the read-your-writes state of one EntityManager (a {@link ReadSession}).
 */
import type { RawResult } from './driver.js';

/** A replica as a {@link ReplicaPicker} sees it. */
export interface ReplicaInfo {
  /** Its place in the `replicas` option. */
  readonly index: number;
  /** `host:port`, also the `server` of its query events. */
  readonly label: string;
  /** The replication lag its last health check measured (ms); undefined before the first check. */
  readonly lagMs: number | undefined;
}

/** What a picker knows about the read being routed. */
export interface ReplicaPickContext {
  /** How many reads were routed to a replica before this one (a round-robin counter). */
  readonly sequence: number;
}

/**
 * Chooses the replica for a read among those that may answer it now (up, within the lag bound,
 * caught up with the EntityManager's last commit): an index into `replicas`, or one of them.
 * Called only when there is at least one; an out-of-range answer is read as round-robin.
 * @example replicaPicker: (replicas) => replicas.reduce((a, b) => ((a.lagMs ?? 0) <= (b.lagMs ?? 0) ? a : b))
 */
export type ReplicaPicker = (replicas: readonly ReplicaInfo[], context: ReplicaPickContext) => number | ReplicaInfo;

/**
 * Read-your-writes after a commit (docs/scaling.md): `'position'` (the default) sends an
 * EntityManager's reads to the primary until a replica has replayed its last commit (PostgreSQL
 * WAL position, MariaDB GTID); `'window'` sends them to the primary for `windowMs` after each
 * commit; `false` reads from replicas right after a commit (a read may not see the write).
 */
export type ReadYourWrites =
  | false
  | { readonly mode: 'position' }
  | { readonly mode: 'window'; readonly windowMs?: number | undefined };

/** What a replica said at its last check. */
export interface ReplicaState {
  /** The position it has replayed (undefined when it cannot tell). */
  readonly position: string | undefined;
  /** How far its replay is behind (ms); 0 when it has replayed everything it received. */
  readonly lagMs: number;
}

/** How a dialect reads replication positions (PostgreSQL LSNs, MariaDB GTIDs). */
export interface ReplicationProbe {
  /** On the primary, after a COMMIT: a position at or past that commit; undefined when the server cannot tell. */
  commitPosition(run: (sql: string) => Promise<RawResult>): Promise<string | undefined>;
  /** On a replica: what it has replayed, and its lag. */
  replicaState(run: (sql: string) => Promise<RawResult>): Promise<ReplicaState>;
  /** Whether a replica at `replayed` has replayed everything up to `target`. */
  reached(replayed: string, target: string): boolean;
}

/** The replica settings after `connect` checked them. */
export interface ReplicaSettings {
  readonly readYourWrites: ReadYourWrites;
  /** Skip a replica whose last measured lag is past this (ms); undefined: no bound. */
  readonly maxReplicaLagMs: number | undefined;
  /** The first back-off after a replica failed (ms); doubled up to 30 s while it stays down. */
  readonly retryMs: number;
  readonly picker: ReplicaPicker | undefined;
}

const DEFAULT_WINDOW_MS = 1000;

/**
 * The read-your-writes state of one EntityManager (or DI scope): where its last commit is, or
 * until when its reads stay on the primary. Its reads consult it; its commits update it.
 */
export class ReadSession {
  /** The position of the last commit that some replica may not have replayed yet. */
  target: string | undefined;
  /** Reads go to the primary until this time (epoch ms): window mode, or a commit of unknown position. */
  primaryUntil = 0;

  constructor(
    readonly readYourWrites: ReadYourWrites,
    /** false: every read of this session goes to the primary (`fork({ replicas: false })`). */
    readonly useReplicas: boolean,
  ) {}

  /** Records a commit: its position (position mode), or the start of its window. */
  committed(position: string | undefined, now = Date.now()): void {
    const ryw = this.readYourWrites;
    if (ryw === false) return;
    if (ryw.mode === 'position' && position !== undefined) {
      this.target = position;
      return;
    }
    // A position the server could not tell falls back on the window.
    this.primaryUntil = now + ((ryw.mode === 'window' ? ryw.windowMs : undefined) ?? DEFAULT_WINDOW_MS);
  }

  /** Whether a commit of this session needs its position read (position mode only). */
  get wantsPosition(): boolean {
    return this.readYourWrites !== false && this.readYourWrites.mode === 'position';
  }
}

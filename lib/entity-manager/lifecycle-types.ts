/**
 * The public shapes of flush subscribers (docs/lifecycle.md), and the declaration that gives entity
 * hooks (typed in mapping/) the real EntityManager as `ctx.em`.
 */
import type { FlushPlan } from '../flush/index.js';
import type { EntityManager } from './entity-manager.js';

declare module '../mapping/index.js' {
  interface HookEntityManagerSlot {
    readonly em: EntityManager;
  }
}

/** One UPDATE of the flush in progress: the entity and the properties whose columns changed. */
export interface PlannedUpdate {
  readonly entity: object;
  readonly changed: readonly string[];
}

/**
 * The flush in progress, as `onFlush` sees it: after every before-hook ran, before the plan is
 * made. `em.persist` / `em.remove` / changing entities here is part of the same plan and transaction.
 */
export interface OnFlushArgs {
  readonly em: EntityManager;
  readonly inserts: readonly object[];
  readonly updates: readonly PlannedUpdate[];
  readonly deletes: readonly object[];
}

/** What a committed flush wrote, as `afterCommit` subscribers are told. */
export interface CommitSummary {
  readonly em: EntityManager;
  readonly plan: FlushPlan;
  readonly inserted: readonly object[];
  readonly updated: readonly object[];
  readonly deleted: readonly object[];
}

/**
 * Observes every flush of an EntityManager (`em.addSubscriber`) or of every EntityManager of a
 * Tabula (`Tabula.connect({ subscribers })`). `onFlush` is synchronous (it is part of planning);
 * `afterCommit` and `afterRollback` may be async and are awaited in turn.
 * @example
 * em.addSubscriber({ onFlush: ({ em, updates }) => { for (const u of updates) em.persist(new AuditRow(u)); } });
 */
export interface FlushSubscriber {
  /** Once per flush (and per `em.plan()`), after the before-hooks; may persist, remove or change entities. A throw fails the flush. */
  onFlush?(args: OnFlushArgs): void;
  /** After COMMIT succeeded and the results were applied; a throw becomes an AfterCommitError (the data stays committed). */
  afterCommit?(summary: CommitSummary): void | Promise<void>;
  /** After a flush failed and nothing of it was written (its error is passed); a throw here is ignored. */
  afterRollback?(error: unknown, args: { readonly em: EntityManager }): void | Promise<void>;
}

/**
 * Entity hooks and flush subscribers around one flush (docs/lifecycle.md). The before-phase runs at
 * the start of planning on a trial basis: everything it changes — fields hooks set, entities
 * onFlush persisted or removed — is recorded, and undone when planning or the flush fails, and
 * always after `em.plan()`, so a plan stays pure and a failed flush leaves the EntityManager as it was.
 */
import { AfterCommitError, CommitOutcomeUnknownError, EntityStateError } from '../errors/index.js';
import type { FlushPlan } from '../flush/index.js';
import type { EntityHooks, EntityMetadata, HookContext } from '../mapping/index.js';
import { type CollectedChanges, collectChanges, type EntityEntry, type UnitOfWork } from '../unit-of-work/index.js';
import type { FlushSubscriber } from './lifecycle-types.js';

type Bag = Record<string, unknown>;
type AnyHooks = EntityHooks<object>;
type Kind = 'insert' | 'update' | 'delete';

/** The properties of changed columns, once each (a composite reference or an embedded value spans several columns). */
function propertiesOf(columns: readonly { readonly property: string }[]): string[] {
  return [...new Set(columns.map((c) => c.property))];
}

/** Rounds of "a hook changed something, detect changes again" before the flush gives up on a loop. */
const MAX_ROUNDS = 20;

const hooksByMeta = new WeakMap<EntityMetadata, AnyHooks | null>();

/** A class's hooks: its own mapper's, else its nearest STI ancestor's (metadata is immutable: cached). */
export function hooksOf(meta: EntityMetadata): AnyHooks | undefined {
  let found = hooksByMeta.get(meta);
  if (found === undefined) {
    let at: EntityMetadata | undefined = meta;
    while (at && !at.mapper.definition.hooks) at = at.inheritance?.parent;
    found = (at?.mapper.definition.hooks as AnyHooks | undefined) ?? null;
    hooksByMeta.set(meta, found);
  }
  return found ?? undefined;
}

/** The entities a committed flush wrote, by operation, as the before-phase last saw them. */
interface Written {
  readonly inserts: readonly object[];
  readonly updates: readonly object[];
  readonly deletes: readonly object[];
}

/** One attempt at a flush (or one `em.plan()`): what its before-phase changed, to undo it. */
export class FlushTrial {
  /** Own properties of each entity as they were before its first hook ran. */
  private readonly saved = new Map<object, Bag>();
  private readonly entries: readonly EntityEntry[];
  private readonly states: readonly EntityEntry['state'][];
  private written: Written = { inserts: [], updates: [], deletes: [] };

  constructor(
    private readonly uow: UnitOfWork,
    private readonly em: HookContext['em'],
    private readonly subscribers: readonly FlushSubscriber[],
  ) {
    this.entries = uow.entries.slice();
    this.states = this.entries.map((e) => e.state);
  }

  /** Runs the before-hooks and onFlush subscribers until nothing new needs a hook, then plans with `plan`. */
  plan(plan: () => FlushPlan): FlushPlan {
    try {
      const done = new Map<object, Kind>();
      let changes = this.runHooks(done);
      if (this.subscribers.some((s) => s.onFlush)) {
        const args = {
          em: this.em,
          inserts: changes.inserts.map((c) => c.entity),
          updates: changes.updates.map((u) => ({ entity: u.entry.entity, changed: propertiesOf(u.changes) })),
          deletes: changes.deletes.map((d) => d.entry.entity),
        };
        for (const s of this.subscribers) {
          const returned: unknown = s.onFlush?.(args);
          if (returned instanceof Promise) {
            throw new TypeError(
              "A flush subscriber's onFlush returned a Promise: onFlush is part of planning, which is synchronous.\n" +
                '  Persist or change entities synchronously in onFlush; do async work in afterCommit.',
            );
          }
        }
        // What onFlush persisted or changed gets its before-hooks too, but never a second onFlush.
        changes = this.runHooks(done);
      }
      this.written = {
        inserts: changes.inserts.map((c) => c.entity),
        updates: changes.updates.map((u) => u.entry.entity),
        deletes: changes.deletes.map((d) => d.entry.entity),
      };
      return plan();
    } catch (error) {
      this.undo();
      throw error;
    }
  }

  private runHooks(done: Map<object, Kind>): CollectedChanges {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const changes = collectChanges(this.uow);
      let ran = false;
      for (const { entity, meta } of changes.inserts) ran = this.run(done, entity, meta, 'insert') || ran;
      for (const { entry, changes: columns } of changes.updates) {
        ran = this.run(done, entry.entity, entry.meta, 'update', columns) || ran;
      }
      for (const { entry } of changes.deletes) ran = this.run(done, entry.entity, entry.meta, 'delete') || ran;
      if (!ran) return changes;
    }
    throw new EntityStateError(
      `The before-hooks of this flush kept making new changes after ${MAX_ROUNDS} rounds of change detection.\n` +
        '  A hook that persists a new entity each time it runs (or whose entities do) never settles: make it idempotent.',
    );
  }

  /** Runs an entity's before-hook once per flush and kind; true when one ran (changes must be detected again). */
  private run(
    done: Map<object, Kind>,
    entity: object,
    meta: EntityMetadata,
    kind: Kind,
    columns?: readonly { readonly property: string }[],
  ): boolean {
    if (done.get(entity) === kind) return false;
    done.set(entity, kind);
    const hooks = hooksOf(meta);
    const hook =
      hooks && (kind === 'insert' ? hooks.beforeCreate : kind === 'update' ? hooks.beforeUpdate : hooks.beforeDelete);
    if (!hook) return false;
    if (!this.saved.has(entity)) this.saved.set(entity, { ...(entity as Bag) });
    if (kind === 'update') {
      const changed = propertiesOf(columns ?? []);
      (hook as NonNullable<AnyHooks['beforeUpdate']>).call(hooks, entity, { em: this.em, changed });
    } else (hook as NonNullable<AnyHooks['beforeCreate']>).call(hooks, entity, { em: this.em });
    return true;
  }

  /** Puts back the fields hooks set and the tracked state onFlush (or a hook) changed. */
  undo(): void {
    for (const [entity, fields] of this.saved) {
      const bag = entity as Bag;
      for (const key of Object.keys(bag)) if (!(key in fields)) delete bag[key];
      Object.assign(bag, fields);
    }
    this.saved.clear();
    const before = new Set(this.entries);
    for (const entry of this.uow.entries) if (!before.has(entry)) this.uow.detach(entry.entity);
    this.entries.forEach((entry, i) => {
      if (this.uow.entryOf(entry.entity) !== entry) this.uow.register(entry);
      entry.state = this.states[i] as EntityEntry['state'];
    });
  }

  /**
   * After COMMIT and after the results were applied: each written entity's afterCommit hook, then
   * each subscriber's afterCommit. Every one runs; their errors become one AfterCommitError.
   */
  async committed(plan: FlushPlan): Promise<void> {
    const errors: unknown[] = [];
    const { inserts, updates, deletes } = this.written;
    const lists: [readonly object[], Kind][] = [
      [inserts, 'insert'],
      [updates, 'update'],
      [deletes, 'delete'],
    ];
    for (const [list, operation] of lists) {
      for (const entity of list) {
        const hooks = hooksOf(this.uow.metaOf(entity));
        if (!hooks?.afterCommit) continue;
        try {
          await hooks.afterCommit(entity, { em: this.em, operation });
        } catch (error) {
          errors.push(error);
        }
      }
    }
    const summary = { em: this.em, plan, inserted: inserts, updated: updates, deleted: deletes };
    for (const s of this.subscribers) {
      try {
        await s.afterCommit?.(summary);
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new AfterCommitError(errors);
  }

  /** After the flush's transaction (or its caller's) rolled back. Their own errors are not allowed to hide `error`. */
  async rolledBack(error: unknown): Promise<void> {
    for (const s of this.subscribers) {
      try {
        await s.afterRollback?.(error, { em: this.em });
      } catch {
        // The rollback's error is what the caller must see; a failing observer of it cannot replace it.
      }
    }
  }
}

/** What a flush inside a transaction leaves for that transaction's end: run once it commits, or told it rolled back. */
export interface DeferredFlush {
  committed(): Promise<void>;
  rolledBack(error: unknown): Promise<void>;
}

/** Flushes that wrote into a transaction not yet committed, by the connection-layer transaction they wait on. */
const waiting = new WeakMap<object, DeferredFlush[]>();

export function deferUntilCommit(tx: object, flush: DeferredFlush): void {
  const list = waiting.get(tx);
  if (list) list.push(flush);
  else waiting.set(tx, [flush]);
}

/** A savepoint was released: its flushes now wait on the transaction around it. */
export function handOver(savepoint: object, outer: object): void {
  const list = waiting.get(savepoint);
  if (!list) return;
  waiting.delete(savepoint);
  for (const flush of list) deferUntilCommit(outer, flush);
}

/** The transaction committed: runs its flushes' afterCommit in flush order; one AfterCommitError for all. */
export async function runCommitted(tx: object): Promise<void> {
  const list = waiting.get(tx);
  if (!list) return;
  waiting.delete(tx);
  const errors: unknown[] = [];
  for (const flush of list) {
    try {
      await flush.committed();
    } catch (error) {
      errors.push(...(error instanceof AfterCommitError ? error.errors : [error]));
    }
  }
  if (errors.length > 0) throw new AfterCommitError(errors);
}

/** The transaction (or savepoint) rolled back: its flushes' subscribers hear afterRollback. */
export async function runRolledBack(tx: object, error: unknown): Promise<void> {
  const list = waiting.get(tx);
  if (!list) return;
  waiting.delete(tx);
  for (const flush of list) await flush.rolledBack(error);
}

export function hasAfterLoad(metas: readonly EntityMetadata[]): boolean {
  return metas.some((m) => hooksOf(m)?.afterLoad !== undefined);
}

export function hasEntityHooks(metas: readonly EntityMetadata[]): boolean {
  return metas.some((m) => {
    const h = hooksOf(m);
    return h !== undefined && (h.beforeCreate || h.beforeUpdate || h.beforeDelete || h.afterCommit) !== undefined;
  });
}

/**
 * Awaits a flush run with a trial: on failure undoes the before-phase and tells afterRollback (not
 * after a lost COMMIT: that flush may have committed); on success runs afterCommit now, or — inside
 * a transaction — when that transaction commits (`outerTx`, the connection-layer transaction).
 */
export async function finishFlush<P extends FlushPlan>(
  run: Promise<P>,
  trial: FlushTrial,
  outerTx?: object,
): Promise<P> {
  let plan: P;
  try {
    plan = await run;
  } catch (error) {
    if (!(error instanceof CommitOutcomeUnknownError)) {
      trial.undo();
      await trial.rolledBack(error);
    }
    throw error;
  }
  if (plan.isEmpty) return plan;
  if (outerTx !== undefined) {
    deferUntilCommit(outerTx, { committed: () => trial.committed(plan), rolledBack: (e) => trial.rolledBack(e) });
  } else await trial.committed(plan);
  return plan;
}

/** A trial for the next flush or plan, or undefined when no hook or subscriber exists: the flush then pays nothing. */
export function trialFor(
  uow: UnitOfWork,
  em: HookContext['em'],
  shared: { readonly hasEntityHooks: boolean; readonly subscribers: readonly FlushSubscriber[] },
  own: readonly FlushSubscriber[] | undefined,
): FlushTrial | undefined {
  const { subscribers, hasEntityHooks } = shared;
  if (!hasEntityHooks && subscribers.length === 0 && (own === undefined || own.length === 0)) return undefined;
  return new FlushTrial(uow, em, own?.length ? [...subscribers, ...own] : subscribers);
}

/** Adds a subscriber to a list; returns its remover. */
export function addTo(list: FlushSubscriber[], subscriber: FlushSubscriber): () => void {
  list.push(subscriber);
  return () => {
    const at = list.indexOf(subscriber);
    if (at >= 0) list.splice(at, 1);
  };
}

/** `transactional`'s transaction `tx` ended well: a savepoint hands its flushes to `outer`; a committed transaction runs them. */
export function transactionDone(tx: object, outer: object | undefined): Promise<void> {
  if (outer === undefined) return runCommitted(tx);
  handOver(tx, outer);
  return Promise.resolve();
}

/** `transactional`'s `tx` rolled back. After a lost COMMIT its flushes may be committed: neither afterCommit nor afterRollback. */
export function transactionFailed(tx: object, error: unknown): Promise<void> {
  if (error instanceof CommitOutcomeUnknownError) {
    waiting.delete(tx);
    return Promise.resolve();
  }
  return runRolledBack(tx, error);
}

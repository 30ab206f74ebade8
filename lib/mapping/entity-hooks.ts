/**
 * Entity lifecycle hooks, declared in the mapper (`defineEntity(C, { hooks: { … } })`) so the
 * entity class stays plain. Only their types live here: the flush and the loader call them
 * (entity-manager/lifecycle.ts), and they are typed with the class of their mapper.
 */

/**
 * Filled in by `entity-manager/` through declaration merging, so a hook's `ctx.em` is the real
 * EntityManager without mapping/ importing the layer above it.
 */
// biome-ignore lint/suspicious/noEmptyInterface: augmented by entity-manager/lifecycle-types.ts
export interface HookEntityManagerSlot {}

/** The EntityManager a hook runs for. */
export type HookEntityManager = HookEntityManagerSlot extends { readonly em: infer E } ? E : object;

/** What every hook is given besides its entity. */
export interface HookContext {
  /** The EntityManager flushing (or loading) the entity. */
  readonly em: HookEntityManager;
}

/** `beforeUpdate`: the properties whose columns differ from the last loaded or flushed state. */
export interface UpdateHookContext extends HookContext {
  readonly changed: readonly string[];
}

/** What an entity's `afterCommit` hook is told: how the committed flush wrote it. */
export interface CommitHookContext extends HookContext {
  readonly operation: 'insert' | 'update' | 'delete';
}

/**
 * The hooks of one entity class. The `before*` hooks run while the flush is planned (so `em.plan()`
 * shows what they set) and must be synchronous; they may change the entity. `afterCommit` runs once
 * the data is committed. See docs/lifecycle.md for the order and what may be done where.
 */
export interface EntityHooks<T> {
  /** Before the INSERT of a new entity is planned: stamp `createdAt`, fill a slug. */
  beforeCreate?(entity: T, ctx: HookContext): void;
  /** Before the UPDATE of a managed entity whose columns changed is planned: stamp `updatedAt`. */
  beforeUpdate?(entity: T, ctx: UpdateHookContext): void;
  /** Before the DELETE of a removed (or orphaned) entity is planned. */
  beforeDelete?(entity: T, ctx: HookContext): void;
  /** After a row was hydrated into a new managed instance, or refreshed into one (not on an identity-map hit). */
  afterLoad?(entity: T, ctx: HookContext): void;
  /** After COMMIT succeeded and the results were applied, once per written entity; never on rollback. */
  afterCommit?(entity: T, ctx: CommitHookContext): void | Promise<void>;
}

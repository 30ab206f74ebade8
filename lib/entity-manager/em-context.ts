/**
 * What every EntityManager of one Tabula shares: metadata, the database (and so the pool), the
 * flush listeners, and the dialect as a flush sees it. Nothing per unit of work.
 */
import type { Database, DialectCapabilities } from '../dialects/index.js';
import type { FlushDialect, FlushListener } from '../flush/index.js';
import type { EntityMetadata, HotPaths, MetadataRegistry } from '../mapping/index.js';
import { hasAfterLoad, hasEntityHooks } from './lifecycle.js';
import type { FlushSubscriber } from './lifecycle-types.js';

export class EntityManagerContext {
  readonly listeners = new Set<FlushListener>();
  readonly capabilities: DialectCapabilities;
  /** The capabilities (with any overrides), compiler and types every flush and plan is made for. */
  readonly flushDialect: FlushDialect;
  private readonly roots = new Map<Function, EntityMetadata>();
  /** Decided once: a mapper has a before- or afterCommit hook (else a flush skips the lifecycle entirely). */
  readonly hasEntityHooks: boolean;
  /** Decided once: a mapper has an afterLoad hook (else loading checks nothing per row). */
  readonly hasAfterLoad: boolean;

  constructor(
    readonly db: Database,
    readonly registry: MetadataRegistry,
    capabilities: Partial<DialectCapabilities> = {},
    /** `Tabula.connect({ subscribers })`: every EntityManager's flushes. */
    readonly subscribers: readonly FlushSubscriber[] = [],
  ) {
    this.hasEntityHooks = hasEntityHooks(registry.entities);
    this.hasAfterLoad = hasAfterLoad(registry.entities);
    this.capabilities = { ...db.dialect.capabilities, ...capabilities };
    const { dialect } = db;
    this.flushDialect = {
      capabilities: this.capabilities,
      compile: (node) => dialect.compile(node),
      types: dialect.types,
    };
  }

  hotPaths = (meta: EntityMetadata): HotPaths => this.registry.hotPaths(meta, this.db.dialect.types);

  /** Metadata by class, cached in a Map for the identity-map hot path (bound: loaders call it directly). */
  meta = (cls: Function): EntityMetadata => {
    let found = this.roots.get(cls);
    if (!found) this.roots.set(cls, (found = this.registry.get(cls as new () => object)));
    return found;
  };
}

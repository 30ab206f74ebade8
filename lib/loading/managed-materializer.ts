/**
 * Rows into managed instances: through the identity map (an existing instance wins and keeps its
 * unflushed changes), with references to rows not loaded yet as uninitialised instances, and
 * populated to-many arrays recorded as the members a later flush compares against.
 */
import {
  type EntityMetadata,
  GeneratedSource,
  type HotPaths,
  member,
  type ReferenceResolver,
  readPlanOf,
} from '../mapping/index.js';
import type { DialectTypes } from '../types/index.js';
import {
  type EntityEntry,
  identityKey,
  identityOf,
  NO_MEMBERS,
  newEntry,
  rootOf,
  type UnitOfWork,
} from '../unit-of-work/index.js';
import type { Materializer } from './materializer.js';
import { clearUnloaded } from './partial-fields.js';
import { shapeKeepers } from './shape-keepers.js';

type Bag = Record<string, unknown>;

/** What rows into managed entities needs besides the unit of work. */
export interface MaterializingContext {
  hotPaths(meta: EntityMetadata): HotPaths;
  /** Metadata by class (a hydrated row of a hierarchy may be a subclass). */
  meta(cls: Function): EntityMetadata;
  readonly types: DialectTypes;
  /** The entity hooks' afterLoad; undefined when no mapper has one, so a row pays one check. */
  readonly afterLoad?: ((entity: object, meta: EntityMetadata) => void) | undefined;
}

/** Reads a row's identity key without hydrating it, or undefined when the entity must be hydrated first. */
type RowKey = ((row: Readonly<Record<string, unknown>>) => unknown) | undefined;

/** How rows of one class become managed instances: worked out once per class, not per row. */
interface LoadPlan {
  readonly paths: HotPaths;
  readonly rowKey: RowKey;
  /**
   * The key read from the row is, when a primitive, the hydrated instance's key (a class outside
   * any hierarchy, its one-column key read by the hydrator's read plan): the instance is registered
   * under it without reading the key back or looking the identity map up a second time.
   */
  readonly sameKey: boolean;
  /** Held only to keep the class's hidden classes alive between loads (shape-keepers.ts). */
  readonly keepers: readonly object[];
}

/**
 * The plans, per class and dialect (the registry's hot paths stand for both), shared by every
 * EntityManager: a fresh EntityManager per request finds its classes' plans made and their
 * generated key readers already optimised.
 */
const plans = new WeakMap<HotPaths, LoadPlan>();

export class ManagedMaterializer implements Materializer {
  // Rows come in runs of one class: its plan is kept in front of the Map.
  private lastMeta: EntityMetadata | undefined;
  private lastPlan: LoadPlan | undefined;

  private readonly resolver: ReferenceResolver = {
    reference: (target, key) => (Array.isArray(key) ? this.reference(target, key) : this.referenceTo(target, key)),
  };

  constructor(
    private readonly uow: UnitOfWork,
    private readonly context: MaterializingContext,
  ) {}

  entities(meta: EntityMetadata, rows: readonly Readonly<Record<string, unknown>>[], loaded?: ReadonlySet<string>) {
    const entities: object[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) entities[i] = this.entity(meta, rows[i] as Record<string, unknown>, loaded);
    return entities;
  }

  /** A row → the managed instance: an existing one wins and keeps its unflushed changes. */
  entity(meta: EntityMetadata, row: Readonly<Record<string, unknown>>, loaded?: ReadonlySet<string>): object {
    const plan = meta === this.lastMeta ? (this.lastPlan as LoadPlan) : this.planOf(meta);
    const keyOf = plan.rowKey;
    let rowKey: unknown;
    if (keyOf !== undefined) {
      // The key read straight from the row: a managed row is answered without hydrating it again.
      rowKey = keyOf(row);
      const existing = this.uow.identityMap.get(meta, rowKey);
      if (existing) {
        if (!existing.isInitialized) this.fill(existing, row, loaded);
        return existing.entity;
      }
      // A primitive key converted by the hydrator's own read is the one it assigns.
      if (plan.sameKey && rowKey !== undefined && typeof rowKey !== 'object') {
        const hydrated = plan.paths.hydrate(row, this.resolver);
        return this.registered(hydrated, meta, rowKey, loaded);
      }
    }
    const hydrated = plan.paths.hydrate(row, this.resolver);
    const entityMeta = this.context.meta(hydrated.constructor);
    const key = identityOf(entityMeta, hydrated);
    // Looked up again only when the row's key was not read above (a hierarchy, a composite key) or reads otherwise.
    const existing =
      keyOf === undefined || key !== rowKey || rowKey === undefined
        ? this.uow.identityMap.get(rootOf(entityMeta), key)
        : undefined;
    if (existing) {
      // A reference made earlier (by a to-one of another row) is filled from the instance just hydrated.
      if (!existing.isInitialized)
        this.fill(existing, row, loaded, existing.meta === entityMeta ? hydrated : undefined);
      return existing.entity;
    }
    return this.registered(hydrated, entityMeta, key, loaded);
  }

  /** Registers an instance the hydrator has just made (no unit of work can hold it yet). */
  private registered(hydrated: object, meta: EntityMetadata, key: unknown, loaded?: ReadonlySet<string>): object {
    if (loaded) clearUnloaded(meta, hydrated, loaded);
    this.uow.registerLoaded(hydrated, meta, key, loaded);
    if (this.context.afterLoad !== undefined) this.context.afterLoad(hydrated, meta);
    return hydrated;
  }

  private planOf(meta: EntityMetadata): LoadPlan {
    const paths = this.context.hotPaths(meta);
    let plan = plans.get(paths);
    if (plan === undefined) plans.set(paths, (plan = this.newPlan(meta, paths)));
    this.lastMeta = meta;
    this.lastPlan = plan;
    return plan;
  }

  /**
   * For a class outside any inheritance hierarchy with a one-column key held by a property: the
   * key as the identity map holds it, read from the row and converted as the hydrator does (the
   * same read plan, generated the same way).
   */
  private newPlan(meta: EntityMetadata, paths: HotPaths): LoadPlan {
    const only = meta.primaryKey.length === 1 ? meta.primaryKey[0] : undefined;
    if (only?.source !== 'property' || meta.inheritance)
      return { paths, rowKey: undefined, sameKey: false, keepers: [] };
    const src = new GeneratedSource();
    src.line(`const v = ${member('row', only.name)};`);
    const plan = readPlanOf(this.context.types, only.type);
    if (plan.kind === 'raw') src.line('return v == null ? undefined : v;');
    else {
      src.constant('read', this.context.types.fromDriver.bind(this.context.types), "the dialect's fromDriver");
      src.constant('type', only.type, `the type of ${only.name}`);
      const convert = plan.kind === 'guarded' ? `${plan.guard('v')} ? v : read(type, v)` : 'read(type, v)';
      src.line(`return v == null ? undefined : ${convert};`);
    }
    const name = `rowKey${meta.className}`;
    const rowKey = src.compile<RowKey>(`${name}: the identity key of a ${meta.className} row`, `${name}(row)`);
    const sameKey = this.context.meta(meta.entityClass) === meta;
    return { paths, rowKey, sameKey, keepers: shapeKeepers(meta, paths) };
  }

  isLoaded(entity: object): boolean {
    return this.uow.entryOf(entity)?.isInitialized !== false;
  }

  loadedMembers(entity: object, relation: string, members: readonly object[]): void {
    const entry = this.uow.entryOf(entity);
    if (!entry) return;
    if (entry.members === NO_MEMBERS) entry.members = new Map();
    entry.members.set(relation, members.slice());
  }

  hasMembers(entity: object, relation: string): boolean {
    return this.uow.entryOf(entity)?.members.has(relation) ?? false;
  }

  /** Overwrites an entry's instance with a row's values (only `loaded` columns when partial) and takes a fresh snapshot. */
  fill(
    entry: EntityEntry,
    row: Readonly<Record<string, unknown>>,
    loaded?: ReadonlySet<string>,
    hydrated?: object,
  ): void {
    const paths = (entry.meta === this.lastMeta ? (this.lastPlan as LoadPlan) : this.planOf(entry.meta)).paths;
    if (!entry.meta.inheritance && hydrated === undefined) {
      // Written into the instance itself: its columns and to-one references, not its to-many arrays.
      paths.hydrate(row, this.resolver, entry.entity);
    } else {
      const fresh = (hydrated ?? paths.hydrate(row, this.resolver)) as Bag;
      for (const property of entry.meta.properties) {
        if (property.kind === 'relation' && property.relation.joinColumns.length === 0) continue;
        (entry.entity as Bag)[property.name] = fresh[property.name];
      }
    }
    if (loaded) clearUnloaded(entry.meta, entry.entity, loaded);
    entry.isInitialized = true;
    entry.loadedColumns = loaded;
    // Recorded afresh (not compared with a previous record): the snapshot and the to-many members.
    entry.members = NO_MEMBERS;
    this.uow.snapshot(entry);
    if (this.context.afterLoad !== undefined) this.context.afterLoad(entry.entity, entry.meta);
  }

  /** The managed instance for a key, or an uninitialised one holding only the key (`em.load` fills it). */
  reference(meta: EntityMetadata, values: readonly unknown[]): object {
    if (values.length === 1) return this.referenceTo(meta, values[0]);
    const root = rootOf(meta);
    const key = identityKey(values);
    const existing = this.uow.identityMap.get(root, key);
    if (existing) return existing.entity;
    const ref = Object.create(meta.entityClass.prototype) as Bag;
    meta.primaryKey.forEach((c, i) => {
      ref[c.property] = values[i];
    });
    this.uow.registerNew(newEntry('managed', ref, meta, key, false));
    return ref;
  }

  /** `reference` for a one-column key (every to-one of a hydrated row holds one): no array per row. */
  private referenceTo(meta: EntityMetadata, value: unknown): object {
    const key = value ?? undefined;
    const existing = this.uow.identityMap.get(rootOf(meta), key);
    if (existing) return existing.entity;
    const ref = Object.create(meta.entityClass.prototype) as Bag;
    ref[(meta.primaryKey[0] as { property: string }).property] = value;
    // Made just now: no unit of work can hold it.
    this.uow.registerNew(newEntry('managed', ref, meta, key, false));
    return ref;
  }
}

/**
 * Rows into managed instances: through the identity map (an existing instance wins and keeps its
 * unflushed changes), with references to rows not loaded yet as uninitialised instances, and
 * populated to-many arrays recorded as the members a later flush compares against.
 */
import type { EntityMetadata, ReferenceResolver } from '../mapping';
import type { EntityEntry } from '../unit-of-work/entity-entry';
import { newEntry, rootOf } from '../unit-of-work/entity-entry';
import { identityKey, identityOf } from '../unit-of-work/entity-key';
import { membersOf, NO_MEMBERS, type UnitOfWork } from '../unit-of-work/unit-of-work';
import type { EntityManagerContext } from './em-context';
import type { Materializer } from './find-query';
import { clearUnloaded } from './partial-fields';

type Bag = Record<string, unknown>;

export class ManagedMaterializer implements Materializer {
  private readonly resolver: ReferenceResolver = {
    reference: (target, key) => this.reference(target, Array.isArray(key) ? key : [key]),
  };

  constructor(
    private readonly uow: UnitOfWork,
    private readonly context: EntityManagerContext,
  ) {}

  /** A row → the managed instance: an existing one wins and keeps its unflushed changes. */
  entity(meta: EntityMetadata, row: Readonly<Record<string, unknown>>, loaded?: ReadonlySet<string>): object {
    const hydrated = this.context.hotPaths(meta).hydrate(row, this.resolver);
    const entityMeta = this.context.meta(hydrated.constructor);
    const key = identityOf(entityMeta, hydrated);
    const existing = this.uow.identityMap.get(rootOf(entityMeta), key);
    if (existing) {
      // A reference made earlier (by a to-one of another row) is filled from the instance just hydrated.
      if (!existing.isInitialized)
        this.fill(existing, row, loaded, existing.meta === entityMeta ? hydrated : undefined);
      return existing.entity;
    }
    if (loaded) clearUnloaded(entityMeta, hydrated, loaded);
    const entry = this.uow.register(newEntry('managed', hydrated, entityMeta, key, true, loaded));
    this.uow.snapshot(entry);
    return hydrated;
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
    const fresh = (hydrated ?? this.context.hotPaths(entry.meta).hydrate(row, this.resolver)) as Bag;
    for (const property of entry.meta.properties) {
      if (property.kind === 'relation' && property.relation.joinColumns.length === 0) continue;
      (entry.entity as Bag)[property.name] = fresh[property.name];
    }
    if (loaded) clearUnloaded(entry.meta, entry.entity, loaded);
    entry.isInitialized = true;
    entry.loadedColumns = loaded;
    entry.snapshot = this.context.hotPaths(entry.meta).snapshot(entry.entity);
    entry.members = membersOf(entry.entity, entry.meta);
  }

  /** The managed instance for a key, or an uninitialised one holding only the key (`em.load` fills it). */
  reference(meta: EntityMetadata, values: readonly unknown[]): object {
    const root = rootOf(meta);
    const key = identityKey(values);
    const existing = this.uow.identityMap.get(root, key);
    if (existing) return existing.entity;
    const ref = Object.create(meta.entityClass.prototype) as Bag;
    meta.primaryKey.forEach((c, i) => {
      ref[c.property] = values[i];
    });
    this.uow.register(newEntry('managed', ref, meta, key, false));
    return ref;
  }
}

/**
 * How rows become entities: the interface the read path hands rows to, and its plain, read-only
 * implementation (the managed one is managed-materializer.ts).
 */
import type { EntityMetadata, HotPaths, ReferenceResolver } from '../mapping/index.js';
import { clearUnloaded } from './partial-fields.js';

type Bag = Record<string, unknown>;

/** Turns rows into entities: the EntityManager's managed instances, or plain read-only ones. */
export interface Materializer {
  /** `loaded`: the columns a partial find (`fields`) read; the others stay unset. */
  entity(meta: EntityMetadata, row: Readonly<Record<string, unknown>>, loaded?: ReadonlySet<string>): object;
  /** `entity` for each row of a result, in order (one call per result, not per row). */
  entities(
    meta: EntityMetadata,
    rows: readonly Readonly<Record<string, unknown>>[],
    loaded?: ReadonlySet<string>,
  ): object[];
  /** False for a reference that holds only its key. */
  isLoaded(entity: object): boolean;
  /** Records that `entity`'s to-many `relation` now holds its loaded members (the flush compares against them). */
  loadedMembers(entity: object, relation: string, members: readonly object[]): void;
  /** Whether `entity`'s to-many `relation` was loaded before (managed: keep its array and its unflushed changes). */
  hasMembers(entity: object, relation: string): boolean;
}

/** The key-only stubs of every read-only find (one set, so `serialize` can tell a stub from a loaded entity). */
const stubs = new WeakSet<object>();

/** Whether `entity` is a read-only find's stub holding only its key. */
export function isReadOnlyStub(entity: object): boolean {
  return stubs.has(entity);
}

/** Plain instances: nothing registered, to-one relations as stubs holding the key. */
export function readOnlyMaterializer(hotPaths: (meta: EntityMetadata) => HotPaths): Materializer {
  const resolver: ReferenceResolver = {
    reference(target, key) {
      const values = Array.isArray(key) ? key : [key];
      const stub = Object.create(target.entityClass.prototype) as Bag;
      target.primaryKey.forEach((c, i) => {
        stub[c.property] = values[i];
      });
      stubs.add(stub);
      return stub;
    },
  };
  const entity = (meta: EntityMetadata, row: Readonly<Record<string, unknown>>, loaded?: ReadonlySet<string>) => {
    const e = hotPaths(meta).hydrate(row, resolver);
    if (loaded) clearUnloaded(meta, e, loaded);
    return e;
  };
  return {
    entity,
    entities: (meta, rows, loaded) => rows.map((row) => entity(meta, row, loaded)),
    isLoaded: (entity) => !stubs.has(entity),
    loadedMembers: () => undefined,
    hasMembers: () => false,
  };
}

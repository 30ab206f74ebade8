/**
 * Which unit of work manages an entity, across every EntityManager of the process, so that one
 * EntityManager refuses another's entities. Kept on the entity under a non-enumerable symbol (no
 * key, no JSON, no deep-equal sees it): a WeakMap entry per loaded row cost a third of hydrating
 * 10,000 rows in a fresh process, mostly in the garbage collector's ephemeron work. Objects that
 * cannot take a property (frozen, sealed) fall back to a WeakMap.
 */
const OWNER = Symbol('tabula.owner');
const fallback = new WeakMap<object, object>();

type Owned = { [OWNER]?: object | undefined };

/** The unit of work managing `entity`, or undefined. */
export function ownerOf(entity: object): object | undefined {
  return Object.hasOwn(entity, OWNER) ? (entity as Owned)[OWNER] : fallback.get(entity);
}

/** Records (or, with undefined, forgets) the unit of work managing `entity`. */
export function setOwner(entity: object, owner: object | undefined): void {
  if (Object.hasOwn(entity, OWNER)) {
    (entity as Owned)[OWNER] = owner;
  } else if (owner === undefined) {
    fallback.delete(entity);
  } else if (Object.isExtensible(entity)) {
    Object.defineProperty(entity, OWNER, { value: owner, writable: true, enumerable: false, configurable: true });
  } else {
    fallback.set(entity, owner);
  }
}

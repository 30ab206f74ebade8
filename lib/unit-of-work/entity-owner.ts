/**
 * Which unit of work manages an entity, across every EntityManager of the process, so that one
 * EntityManager refuses another's entities. Kept on the entity itself as a private class field
 * stamped onto it: no key, symbol, JSON, spread or deep-equal ever sees it, and it costs a
 * property store. A WeakMap entry per loaded row cost a third of hydrating 10,000 rows in a fresh
 * process (mostly the garbage collector's ephemeron work), a non-enumerable symbol property about
 * as much (`defineProperty` has no fast path). Should a runtime refuse the field on an object that
 * is not extensible, a WeakMap holds its owner instead.
 */

/** Returns the object it is given, so a subclass's fields are installed on that object. */
class Stamp {
  constructor(target: object) {
    // biome-ignore lint/correctness/noConstructorReturn: the return override is how the field reaches the entity.
    return target;
  }
}

class OwnerField extends Stamp {
  #owner: object | undefined;

  static get(entity: object): object | undefined {
    return #owner in entity ? (entity as OwnerField).#owner : fallback.get(entity);
  }

  static set(entity: object, owner: object | undefined): void {
    if (#owner in entity) {
      (entity as OwnerField).#owner = owner;
      return;
    }
    if (owner === undefined) {
      fallback.delete(entity);
      return;
    }
    try {
      (new OwnerField(entity) as OwnerField).#owner = owner;
    } catch {
      fallback.set(entity, owner);
    }
  }
}

const fallback = new WeakMap<object, object>();

/** The unit of work managing `entity`, or undefined. */
export function ownerOf(entity: object): object | undefined {
  return OwnerField.get(entity);
}

/** Records (or, with undefined, forgets) the unit of work managing `entity`. */
export function setOwner(entity: object, owner: object | undefined): void {
  OwnerField.set(entity, owner);
}

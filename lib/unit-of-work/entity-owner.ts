/**
 * An entity's entry — and through it, which unit of work manages the entity, across every
 * EntityManager of the process, so that one EntityManager refuses another's entities. Kept on the
 * entity itself as a private class field stamped onto it: no key, symbol, JSON, spread or
 * deep-equal ever sees it, and finding an entity's entry is a property read instead of a Map
 * lookup. A WeakMap entry per loaded row cost a third of hydrating 10,000 rows in a fresh process
 * (mostly the garbage collector's ephemeron work), a non-enumerable symbol property about as much
 * (`defineProperty` has no fast path). Should a runtime refuse the field on an object that is not
 * extensible, a WeakMap holds the entry instead.
 */
import type { EntityEntry } from './entity-entry.js';

/** Returns the object it is given, so a subclass's fields are installed on that object. */
class Stamp {
  constructor(target: object) {
    // biome-ignore lint/correctness/noConstructorReturn: the return override is how the field reaches the entity.
    return target;
  }
}

class EntryField extends Stamp {
  #entry: EntityEntry | undefined;

  static get(entity: object): EntityEntry | undefined {
    return #entry in entity ? (entity as EntryField).#entry : fallback.get(entity);
  }

  static set(entity: object, entry: EntityEntry | undefined): void {
    if (#entry in entity) {
      (entity as EntryField).#entry = entry;
      return;
    }
    if (entry === undefined) {
      fallback.delete(entity);
      return;
    }
    EntryField.stamp(entity, entry);
  }

  /** Gives an object that has never held an entry the field, holding none. */
  static keep(entity: object): void {
    try {
      new EntryField(entity);
    } catch {
      // Not extensible: such objects use the WeakMap, and have no field to keep a shape for.
    }
  }

  /** Gives an object that has never held an entry its first one. */
  static stamp(entity: object, entry: EntityEntry): void {
    try {
      (new EntryField(entity) as EntryField).#entry = entry;
    } catch {
      fallback.set(entity, entry);
    }
  }
}

const fallback = new WeakMap<object, EntityEntry>();

/** The entry `entity` was last registered with (its `owner` says by which unit of work), or undefined. */
export function markedEntry(entity: object): EntityEntry | undefined {
  return EntryField.get(entity);
}

/** Records (or, with undefined, forgets) the entry of `entity`. */
export function markEntry(entity: object, entry: EntityEntry | undefined): void {
  EntryField.set(entity, entry);
}

/** Records the entry of an object that has never held one (just hydrated): skips the look-up `markEntry` makes first. */
export function stampEntry(entity: object, entry: EntityEntry): void {
  EntryField.stamp(entity, entry);
}

/**
 * Gives `model` (an object no unit of work will ever hold) the entry field, empty. Loading keeps
 * such models of a class's hydrated instances alive: see `shapeKeepers` in loading/.
 */
export function stampModel(model: object): void {
  EntryField.keep(model);
}

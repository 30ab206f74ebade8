/**
 * Hidden properties: the ones `serialize` never writes (a password hash, a reset token). Declared
 * per column with `.hidden()` or per mapper with `hidden: [...]`; a subclass's mapper adds to its
 * base's. Resolved once per class, checked at start-up with the other mapper checks.
 */
import type { AnyEntityMapper } from './define-entity.js';
import type { EntityClass } from './entity-class.js';
import { MappingError } from './mapping-error.js';
import type { EntityMetadata } from './metadata.js';

const resolved = new WeakMap<EntityMetadata, ReadonlySet<string>>();

/** The names of `meta`'s hidden properties (an embeddable's hidden fields as `address.code`). */
export function hiddenProperties(meta: EntityMetadata): ReadonlySet<string> {
  let found = resolved.get(meta);
  if (found === undefined) resolved.set(meta, (found = collect(meta)));
  return found;
}

function collect(meta: EntityMetadata): ReadonlySet<string> {
  const names = new Set<string>();
  for (let m: AnyEntityMapper | undefined = meta.mapper; m !== undefined; m = m.definition.extends) {
    for (const name of m.definition.hidden ?? []) names.add(name);
    for (const [name, builder] of Object.entries(m.definition.properties)) {
      const d = builder.definition;
      if (d.kind === 'column' && d.hidden) names.add(name);
      if (d.kind !== 'embedded') continue;
      for (const [field, b] of Object.entries(d.embeddable.properties)) {
        if (b.definition.kind === 'column' && b.definition.hidden) names.add(`${name}.${field}`);
      }
    }
  }
  return names;
}

/** A `hidden` name that is not a mapped property of the class fails at start-up, not at the first response. */
export function checkHidden(meta: EntityMetadata): void {
  const mapped = new Set(meta.properties.map((p) => p.name));
  for (const name of hiddenProperties(meta)) {
    if (!mapped.has(name) && !name.includes('.')) {
      throw new MappingError(
        `${meta.name}.hidden: ${name} is not a mapped property.\n  Name a property the mapper maps (a transient one is never serialized anyway).`,
        meta.name,
        name,
      );
    }
  }
}

const byClass = new WeakMap<EntityClass, EntityMetadata>();

/**
 * Remembers the metadata of every registered class, for `serialize` of an entity no
 * EntityManager manages. With several registries mapping one class, the last one wins.
 */
export function rememberMetadata(entities: readonly EntityMetadata[]): void {
  for (const e of entities) byClass.set(e.entityClass, e);
}

/** The metadata a registry resolved for `cls` (or a class it extends), or undefined. */
export function metadataOfClass(cls: Function): EntityMetadata | undefined {
  for (let c: unknown = cls; typeof c === 'function' && c !== Object; c = Object.getPrototypeOf(c)) {
    const found = byClass.get(c as EntityClass);
    if (found !== undefined) return found;
  }
  return undefined;
}

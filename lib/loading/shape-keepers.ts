/**
 * Models that keep a class's hidden classes alive between loads.
 *
 * V8 holds the hidden classes (maps) an object goes through as it gains properties only weakly:
 * from the prototype (`Object.create`), from the map before it, and from optimised code. A server
 * that loads rows into a fresh EntityManager per request and releases them all afterwards lets the
 * garbage collector drop those maps; the next load makes new ones, and every optimised function
 * that saw the old ones (the hydrator, the snapshot, the entry look-up, the flush's scan) is thrown
 * away on its first row ("wrong map") and warms up again. Measured with `--trace-deopt` over four
 * steady-state rounds of the benchmark, that happened in every round.
 *
 * One model per path an instance takes, made once per class and dialect and held as long as the
 * class's load plan (that is, the registry): a hydrated row (`Object.create`, its columns and
 * to-ones in the hydrator's order, then the entry field) and a reference filled later (the key, the
 * entry field, then the hydrator's columns). The models hold `null` in every column, so their maps
 * take every value a column can hold (V8 generalises a field once; it never narrows it again). No
 * constructor, hook, accessor or unit of work ever sees them: a class whose prototype answers one
 * of its property names gets no models.
 */
import type { EntityMetadata, HotPaths } from '../mapping/index.js';
import { stampModel } from '../unit-of-work/index.js';

type Bag = Record<string, unknown>;

/** The models of `meta`'s instances (none for a class of an inheritance hierarchy or a composite key). */
export function shapeKeepers(meta: EntityMetadata, paths: HotPaths): readonly object[] {
  const key = meta.primaryKey.length === 1 ? meta.primaryKey[0] : undefined;
  if (key?.source !== 'property' || meta.inheritance) return [];
  // A property the prototype answers (a setter, say) would run user code on a model: no models then.
  const proto = meta.entityClass.prototype as object;
  if (meta.properties.some((p) => p.name in proto)) return [];
  const row: Bag = {};
  for (const column of meta.columns) row[column.name] = null;
  try {
    const hydrated = paths.hydrate(row);
    stampModel(hydrated);
    const reference = Object.create(meta.entityClass.prototype) as Bag;
    reference[key.property] = null;
    stampModel(reference);
    paths.hydrate(row, undefined, reference);
    return [hydrated, reference];
  } catch {
    // A converter that refuses null (none of Tabula's does): loading works the same, only without models.
    return [];
  }
}

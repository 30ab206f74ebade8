/**
 * Models that keep the hidden classes of Tabula's own per-flush objects alive.
 *
 * V8 holds the hidden class (map) an object reaches as its constructor adds its fields only weakly:
 * from the map before it and from optimised code. A flush makes its working objects (the scan's
 * findings, insert drafts, keyed rows, generated keys, value rows) and drops them all when it ends;
 * with no flush running, a garbage collection drops their maps as well. The next flush then makes
 * new maps, and every optimised function whose feedback named the old ones bails out on first use
 * ("wrong map", or "insufficient type feedback" once the feedback was cleared) and warms up again,
 * in the middle of that flush. `--trace-deopt` over the steady-state benchmark showed it in every
 * round: the flush scan's code, thrown away at the first changed or removed entry of each round.
 *
 * One model of each such class, made once when its module loads (neutral fields: no entity, no
 * metadata, empty arrays) and held here for the life of the process, keeps its map, and the field
 * types V8 learned for it, alive. Entities' own classes are kept the same way by the loading's
 * shape keepers (loading/shape-keepers.ts), for the instances Tabula makes.
 */

const held: object[] = [];

/** Holds `models` for the life of the process (see above); returns nothing, holds no user data. */
export function holdShapeModels(...models: object[]): void {
  held.push(...models);
}

/** The models held so far (for the spec that checks each has the hidden class of the real objects). */
export function heldShapeModels(): readonly object[] {
  return held;
}

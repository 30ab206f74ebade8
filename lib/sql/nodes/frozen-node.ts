/**
 * Every node is branded when its factory creates it — a private class field stamped onto it,
 * which only this module can add or see — and then frozen. The raw `sql` template embeds an
 * interpolated value as SQL only when it is such a node, so a plain object that merely looks like
 * a node (say, parsed from a request body) is still bound as a parameter, and so is one some
 * library froze. No key, symbol, JSON, inspect or deep-equal sees the brand.
 *
 * Why a brand and not a WeakSet of nodes: a statement is built of dozens of nodes, and adding each
 * to a WeakSet cost about 0.4 µs (an ephemeron table that grows and that every GC walks), against
 * 0.05 µs for the brand: tens of µs of a web request's one-row UPDATE or small SELECT. The same
 * stamp carries an entity's entry (unit-of-work/entity-owner.ts).
 */
import { isParamNode } from './param-node.js';
import type { AnyNode } from './sql-node.js';

/** Returns the object it is given, so a subclass's fields are installed on that object. */
class Stamp {
  constructor(target: object) {
    // biome-ignore lint/correctness/noConstructorReturn: the return override is how the brand reaches the node.
    return target;
  }
}

class Genuine extends Stamp {
  readonly #genuine = true;

  static is(value: object): boolean {
    return #genuine in value;
  }
}

/** Freezes a node built by a factory and marks it as a genuine node. */
export function freezeNode<T extends { readonly kind: string }>(node: T): T {
  new Genuine(node);
  Object.freeze(node);
  return node;
}

/** True for nodes created by the factories (never for look-alike plain objects). */
export function isSqlNode(value: unknown): value is AnyNode {
  // Parameters first: they are the most numerous nodes and carry no brand, so `instanceof` answers
  // them at once. With the brand checked first, this check showed up as several µs of a one-row
  // flush under the profiler (docs/steady-state-profile.md).
  return typeof value === 'object' && value !== null && (isParamNode(value) || Genuine.is(value));
}

/** Freezes a list held by a node so the node stays immutable all the way down. */
export function freezeList<T>(items: readonly T[]): readonly T[] {
  return Object.freeze([...items]);
}

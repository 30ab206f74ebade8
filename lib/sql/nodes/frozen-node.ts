/**
 * Every node is frozen when its factory creates it and remembered in a WeakSet. The raw `sql`
 * template embeds an interpolated value as SQL only when it is such a node, so a plain object
 * that merely looks like a node (say, parsed from a request body) is still bound as a parameter.
 */
import { isParamNode } from './param-node.js';
import type { AnyNode } from './sql-node.js';

const created = new WeakSet<object>();

/** Freezes a node built by a factory and marks it as a genuine node. */
export function freezeNode<T extends { readonly kind: string }>(node: T): T {
  Object.freeze(node);
  created.add(node);
  return node;
}

/** True for nodes created by the factories (never for look-alike plain objects). */
export function isSqlNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && (created.has(value) || isParamNode(value));
}

/** Freezes a list held by a node so the node stays immutable all the way down. */
export function freezeList<T>(items: readonly T[]): readonly T[] {
  return Object.freeze([...items]);
}

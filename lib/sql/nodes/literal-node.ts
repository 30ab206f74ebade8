import { freezeNode } from './frozen-node.js';

/** The NULL literal. */
export interface NullNode {
  readonly kind: 'null';
}

/** The DEFAULT keyword, as an inserted or assigned value (not on SQLite, which has no such value). */
export interface DefaultNode {
  readonly kind: 'default';
}

const NULL_NODE: NullNode = freezeNode({ kind: 'null' });
const DEFAULT_NODE: DefaultNode = freezeNode({ kind: 'default' });

/** The NULL literal. */
export function nullLiteral(): NullNode {
  return NULL_NODE;
}

/** The DEFAULT keyword: "use the column's default" in INSERT rows and UPDATE assignments. */
export function defaultLiteral(): DefaultNode {
  return DEFAULT_NODE;
}

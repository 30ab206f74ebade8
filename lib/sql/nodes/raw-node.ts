import { SqlNodeError } from '../../errors/index.js';
import { freezeList, freezeNode } from './frozen-node.js';
import type { AnyNode } from './sql-node.js';

/**
 * A raw SQL fragment from the `sql` template (lib/sql/raw.ts): literal text in `strings` and, between
 * them, nodes (parameters for interpolated values, identifiers, nested fragments, expressions).
 * `strings.length === values.length + 1`.
 */
export interface RawNode {
  readonly kind: 'raw';
  readonly strings: readonly string[];
  readonly values: readonly AnyNode[];
}

/** Builds a raw fragment; the `sql` template is the way to call it. */
export function rawNode(strings: readonly string[], values: readonly AnyNode[]): RawNode {
  if (strings.length !== values.length + 1) {
    throw new SqlNodeError(
      `A raw fragment needs one more text part than values (${strings.length}/${values.length}).\n` +
        '  Build raw SQL with the sql`…` tag, which always passes them so.',
    );
  }
  return freezeNode({ kind: 'raw', strings: freezeList(strings), values: freezeList(values) });
}

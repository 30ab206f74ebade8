import { SqlNodeError } from '../../errors/index.js';
import { validateIdentifier } from '../identifier.js';
import { freezeList, freezeNode } from './frozen-node.js';

/** A quoted, dotted identifier embedded in raw SQL: `sql.id('t', 'col')` is `"t"."col"`. */
export interface IdentifierNode {
  readonly kind: 'identifier';
  readonly names: readonly string[];
}

/** Builds an identifier of one to three parts (column, table.column, schema.table.column). */
export function identifier(...names: string[]): IdentifierNode {
  if (names.length < 1 || names.length > 3) {
    throw new SqlNodeError(
      `sql.id takes one to three names, got ${names.length}.\n  Pass column, table and column, or schema, table and column.`,
    );
  }
  return freezeNode({ kind: 'identifier', names: freezeList(names.map((n) => validateIdentifier(n))) });
}

/**
 * The condition that narrows a single-table-inheritance subclass to its own rows (its
 * discriminator value and its descendants'); none for a root class or a class outside a hierarchy.
 */
import type { ColumnMetadata, EntityMetadata } from '../mapping/index.js';
import { type ColumnNode, type Expression, inList } from '../sql/index.js';

export function discriminatorCondition(
  meta: EntityMetadata,
  columnOf: (column: ColumnMetadata) => ColumnNode,
): Expression | undefined {
  const inheritance = meta.inheritance;
  if (!inheritance || inheritance.root === meta) return undefined;
  const values = [meta, ...inheritance.descendants].flatMap((d) => d.inheritance?.discriminatorValue ?? []);
  return inList(columnOf(inheritance.discriminatorColumn), values);
}

/** Start-up checks over the columns of each table: no column is mapped twice. */
import { MappingError } from './mapping-error.js';
import type { ColumnMetadata } from './metadata.js';
import { type EntityDraft, rootOf } from './resolve-hierarchy.js';

/** Rejects two properties (of one class, or of two classes sharing a STI table) on one column. */
export function checkDuplicateColumns(ordered: readonly EntityDraft[]): void {
  const tables = new Map<EntityDraft, Map<string, { column: ColumnMetadata; owner: string }>>();
  for (const draft of ordered) {
    const root = rootOf(draft);
    const seen = tables.get(root) ?? new Map<string, { column: ColumnMetadata; owner: string }>();
    tables.set(root, seen);
    for (const column of draft.columns) {
      const earlier = seen.get(column.name);
      if (!earlier) {
        seen.set(column.name, { column, owner: `${draft.name}.${column.property || '(discriminator)'}` });
      } else if (earlier.column !== column) {
        const pair = [earlier.column, column];
        const scalar = pair.find((c) => c.source === 'property');
        const fk = pair.find((c) => c.source === 'foreign-key');
        if (scalar && fk)
          throw MappingError.scalarBesideRelation(draft.name, scalar.property, fk.property, column.name);
        throw MappingError.duplicateColumn(
          draft.name,
          column.property || '(discriminator)',
          earlier.owner,
          column.name,
        );
      }
    }
  }
}

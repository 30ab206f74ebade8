/**
 * The expression that reads each column's current value off an entity `e`, shared by the
 * snapshot and compare generators: a property, an embeddable's field, or the key of the
 * referenced entity for a FK column.
 */
import { MappingError } from '../mapping-error.js';
import type { ColumnMetadata, EntityMetadata } from '../metadata.js';
import { type GeneratedSource, member } from './generated-source.js';

/** Emits the locals it needs (`m0 = e.address`, `r1 = e.author`) and returns one expression per column. */
export function columnValues(src: GeneratedSource, entity: EntityMetadata): Map<ColumnMetadata, string> {
  const values = new Map<ColumnMetadata, string>();
  entity.properties.forEach((property, i) => {
    if (property.kind === 'column') {
      // A scalar foreign key shares its relation's column: the relation's key is the value read here.
      if (!property.foreignKeyOf) values.set(property.column, member('e', property.name));
    } else if (property.kind === 'embedded') {
      src.line(`const m${i} = ${member('e', property.name)};`);
      for (const field of property.fields)
        values.set(field.column, `(m${i} == null ? null : ${member(`m${i}`, field.property)})`);
    } else if (property.relation.joinColumns.length > 0) {
      const { relation } = property;
      src.line(`const r${i} = ${member('e', property.name)};`);
      relation.joinColumns.forEach((column, k) => {
        const key = relation.target.primaryKey[k] as ColumnMetadata;
        if (key.source !== 'property') {
          throw MappingError.unsupported(
            entity.name,
            relation.name,
            `a reference to ${relation.target.className}, whose primary key holds a relation,`,
            `Map ${relation.target.className} with a key column of its own, or map this relation's FK as a plain column`,
          );
        }
        values.set(column, `(r${i} == null ? null : ${member(`r${i}`, key.property)})`);
      });
    }
  });
  return values;
}

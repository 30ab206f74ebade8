/**
 * SELECTs for the EntityManager's own finds: by primary key and by simple equality on columns
 * and to-one relations. (The full filter language is the query layer's.)
 */
import { TabulaError } from '../errors';
import type { ColumnMetadata, EntityMetadata } from '../mapping';
import { and, column, eq, type Expression, inList, isNull, type LockClause, type SelectNode, select } from '../sql';

/** Equality on properties: `{ name: 'Ann' }`, `{ author: ann }` or `{ author: 3 }`; null means IS NULL. */
export type EqualityFilter = Readonly<Record<string, unknown>>;

type Bag = Record<string, unknown>;

const col = (c: ColumnMetadata) => column(c.name, { type: c.type });

function equals(c: ColumnMetadata, value: unknown): Expression {
  return value === null ? isNull(col(c)) : eq(col(c), value);
}

/** The WHERE of a filter, including the discriminator of a subclass of a STI hierarchy. */
export function filterWhere(meta: EntityMetadata, filter: EqualityFilter): Expression[] {
  const parts: Expression[] = [];
  for (const [name, value] of Object.entries(filter)) {
    const property = meta.properties.find((p) => p.name === name);
    if (!property) throw new TabulaError(`${meta.className} has no mapped property ${name}.`);
    if (property.kind === 'column') parts.push(equals(property.column, value));
    else if (property.kind === 'relation' && property.relation.joinColumns.length > 0) {
      const { relation } = property;
      relation.joinColumns.forEach((c, k) => {
        const keyProperty = (relation.target.primaryKey[k] as ColumnMetadata).property;
        const key =
          value !== null && typeof value === 'object' && !Array.isArray(value)
            ? (value as Bag)[keyProperty]
            : Array.isArray(value)
              ? value[k]
              : value;
        parts.push(equals(c, value === null ? null : key));
      });
    } else
      throw new TabulaError(`${meta.className}.${name} cannot be filtered by equality here; use the query builder.`);
  }
  const inheritance = meta.inheritance;
  if (inheritance && inheritance.root !== meta) {
    const values = [meta, ...inheritance.descendants].flatMap((d) => d.inheritance?.discriminatorValue ?? []);
    parts.push(inList(col(inheritance.discriminatorColumn), values));
  }
  return parts;
}

/** `SELECT <columns> FROM <table> WHERE …`. */
export function selectEntities(
  meta: EntityMetadata,
  filter: EqualityFilter,
  options: { limit?: number; lock?: LockClause } = {},
): SelectNode {
  const where = filterWhere(meta, filter);
  return select({
    columns: meta.columns.map(col),
    from: meta.table,
    ...(where.length > 0 ? { where: and(...where) } : {}),
    orderBy: meta.primaryKey.map(col),
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    ...(options.lock ? { lock: options.lock } : {}),
  });
}

/** The filter `{ id: 3 }` (or each column of a composite key) for key values. */
export function keyFilter(meta: EntityMetadata, values: readonly unknown[]): EqualityFilter {
  const filter: Bag = {};
  meta.primaryKey.forEach((c, i) => {
    filter[c.property] = values[i];
  });
  return filter;
}

/**
 * `p.foreignKey('company')`: a scalar property on the foreign-key column of a to-one relation of
 * the same mapper (`companyId` beside `company`). One column in the table; the property reads the
 * key without loading the parent, filters and sorts like any column, and may be written: the
 * flush decides which of the two sides is written (docs/mapping.md, "A scalar foreign key").
 */

/** What `p.foreignKey` recorded: plain data, read by the MetadataRegistry. */
export interface ForeignKeyDefinition {
  readonly kind: 'foreign-key';
  /** The owning to-one relation of the same mapper whose (one) FK column this property maps. */
  readonly relation: string;
}

/**
 * The builder of a scalar foreign key beside relation `R`. Its type is checked against the class
 * by `defineEntity`: `R` must be an owning to-one of the same mapper, and the property must be a
 * key-like scalar (number, string or bigint), nullable exactly when the relation is.
 */
export class ForeignKeyBuilder<R extends string = string> {
  declare readonly __relation: R;
  readonly kind = 'foreign-key' as const;

  constructor(readonly definition: ForeignKeyDefinition) {
    Object.freeze(this);
  }
}

export function foreignKeyBuilder<const R extends string>(relation: R): ForeignKeyBuilder<R> {
  return new ForeignKeyBuilder<R>(Object.freeze({ kind: 'foreign-key', relation }));
}

/**
 * Sqlite: reading the live schema into the neutral model, and the normalisation of type names and
 * defaults that makes the mappers' DDL and the catalog's report of it read the same.
 */
import type { NormalisedType, SchemaModel, SchemaReader } from '../../sql/index.js';

export const sqliteSchema: SchemaReader = {
  async introspect(): Promise<SchemaModel> {
    throw new Error('not yet');
  },
  normaliseType(sqlType: string): NormalisedType {
    return { kind: sqlType.toLowerCase() };
  },
  normaliseDefault(expression: string): string {
    return expression;
  },
  typeSql(type: NormalisedType): string {
    return type.kind;
  },
};

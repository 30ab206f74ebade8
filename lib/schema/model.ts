/**
 * The neutral schema description (declared in lib/sql/schema-model.ts so the dialects' introspection
 * can build it; this is its home for users of lib/schema).
 */
export type {
  CheckModel,
  ColumnModel,
  ForeignKeyModel,
  IndexModel,
  NormalisedType,
  ReferentialAction,
  SchemaModel,
  TableModel,
  UniqueModel,
} from '../sql/index.js';

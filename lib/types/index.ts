export { COLUMN_KINDS, type ColumnKind, type ColumnType, type JsTypeOf, type JsTypeOfKind } from './column-type';
export type { DialectTypes } from './dialect-types';

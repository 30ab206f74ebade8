/**
 * Builds a dialect's {@link DialectTypes} from what differs: its SQL type names, its encoders and
 * readers where the driver needs something else than the defaults, and its text rules. The checks
 * are the same everywhere (checked-value.ts).
 */
import { type ValueChecker, type ValueCheckers, valueCheckers } from './checked-value.js';
import { COLUMN_KINDS, type ColumnKind, type ColumnType } from './column-type.js';
import type { DialectTypes } from './dialect-types.js';
import type { TextRules } from './text.js';
import { encodeUntyped } from './untyped-value.js';
import { ConfigError } from '../errors/index.js';
import { DEFAULT_ENCODERS, type ValueEncoder, type ValueEncoders } from './value-encoders.js';
import { DEFAULT_READERS, type ValueReaders } from './value-readers.js';

/** The SQL type of each kind for DDL; throws ConfigError for a type the database cannot create. */
export type SqlTypeNames = { readonly [K in ColumnKind]: (type: ColumnType) => string };

export interface DialectTypeRules extends TextRules {
  readonly sqlTypes: SqlTypeNames;
  /** Encoders that differ from DEFAULT_ENCODERS (value-encoders.ts). */
  readonly encoders?: Partial<ValueEncoders>;
  /** Readers that differ from DEFAULT_READERS (value-readers.ts). */
  readonly readers?: Partial<ValueReaders>;
}

type Writer = (type: ColumnType, value: unknown, column: string | undefined) => unknown;

/** A DialectTypes whose toDriver checks, then encodes; whose fromDriver maps SQL NULL to null. */
export function defineDialectTypes(rules: DialectTypeRules): DialectTypes {
  const textRules: TextRules = { rejectsNul: rules.rejectsNul ?? false };
  const checkers = valueCheckers(textRules);
  const encoders: ValueEncoders = { ...DEFAULT_ENCODERS, ...rules.encoders };
  const readers: ValueReaders = { ...DEFAULT_READERS, ...rules.readers };
  // Filled for every kind on the next line; COLUMN_KINDS lists them all.
  const writers = {} as Record<ColumnKind, Writer>;
  for (const kind of COLUMN_KINDS) writers[kind] = writerOf(kind, checkers, encoders);
  return {
    sqlType: (type) => (type.sqlType !== undefined ? exactSqlType(type.sqlType) : rules.sqlTypes[type.kind](type)),
    toDriver: (type, value, column) => (value == null ? null : writers[type.kind](type, value, column)),
    fromDriver: (type, raw) => (raw == null ? null : readers[type.kind](raw, type)),
    toDriverUntyped: (value) => encodeUntyped(value, encoders, textRules),
  };
}

// Generic in K so that the checker's output and the encoder's input are the same kind.
function writerOf<K extends ColumnKind>(kind: K, checkers: ValueCheckers, encoders: ValueEncoders): Writer {
  const check: ValueChecker<K> = checkers[kind];
  const encode: ValueEncoder<K> = encoders[kind];
  return (type, value, column) => encode(check(type, value, column));
}

const EXACT_SQL_TYPE = /^[A-Za-z][A-Za-z0-9_ ]*(\(\s*\d+\s*(,\s*\d+\s*)?\))?[A-Za-z0-9_ ]*$/;

/** A `sqlType` escape hatch, written verbatim into DDL: so only a plain type name with its size. */
function exactSqlType(text: string): string {
  if (!EXACT_SQL_TYPE.test(text)) {
    throw new ConfigError(
      `Column type ${JSON.stringify(text)} cannot be written into DDL: a sqlType is a type name with at most one (n) or (p,s).\n` +
        '  Write it as NVARCHAR(160), NUMERIC(10,2) or timestamp(3) with time zone.',
    );
  }
  return text.trim();
}

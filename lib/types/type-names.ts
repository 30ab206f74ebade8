/**
 * JS types in words, for the sentences of compile-time errors: what a column reads, what a
 * property holds, what a filter compares with (`milliseconds is a number: compare it with a number`).
 * `TypeKind` sorts a type once; tables keyed by its kinds give the words (here, and the builders
 * that read each kind in mapping/property-checks.ts).
 */

/** Which kind of column value `V` is: a key of `TypeNames`. */
export type TypeKind<V> = [V] extends [never]
  ? 'never'
  : unknown extends V
    ? 'unknown'
    : [V] extends [boolean]
      ? 'boolean'
      : [V] extends [number]
        ? number extends V
          ? 'number'
          : 'narrower number'
        : [V] extends [bigint]
          ? 'bigint'
          : [V] extends [string]
            ? string extends V
              ? 'string'
              : 'narrower string'
            : [V] extends [Date]
              ? 'Date'
              : [V] extends [Buffer]
                ? 'Buffer'
                : [V] extends [readonly unknown[]]
                  ? 'array'
                  : 'object';

/** Each kind in words, with its article; a narrower type is an enum or a branded string (or number). */
export interface TypeNames {
  never: 'never';
  unknown: 'unknown';
  boolean: 'a boolean';
  number: 'a number';
  'narrower number': 'a narrower number type';
  bigint: 'a bigint';
  string: 'a string';
  'narrower string': 'a narrower string type';
  Date: 'a Date';
  Buffer: 'a Buffer';
  array: 'an array';
  object: 'an object type';
}

/** `V` in words: `'a number'`, `'a Date'`, `'a narrower string type'`. */
export type TypeName<V> = TypeNames[TypeKind<V>];

/** What a value compared with `V` must be: `'a number'`, or `'one of its values'` for a narrower type. */
export type ComparedWith<V> = TypeKind<V> extends `narrower ${string}` ? 'one of its values' : TypeName<V>;

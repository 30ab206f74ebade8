/**
 * JS types in words, for the sentences of compile-time errors: what a column reads, what a
 * property holds, what a filter compares with (`milliseconds is a number: compare it with a number`).
 */

/** `V` in words, with its article: `'a number'`, `'a Date'`, `'a narrower string type'` (an enum, a branded string). */
export type TypeName<V> = [V] extends [never]
  ? 'never'
  : unknown extends V
    ? 'unknown'
    : [V] extends [boolean]
      ? 'a boolean'
      : [V] extends [number]
        ? number extends V
          ? 'a number'
          : 'a narrower number type'
        : [V] extends [bigint]
          ? 'a bigint'
          : [V] extends [string]
            ? string extends V
              ? 'a string'
              : 'a narrower string type'
            : [V] extends [Date]
              ? 'a Date'
              : [V] extends [Buffer]
                ? 'a Buffer'
                : [V] extends [readonly unknown[]]
                  ? 'an array'
                  : 'an object type';

/** What a value compared with `V` must be: `'a number'`, or `'one of its values'` for a narrower type. */
export type ComparedWith<V> = TypeName<V> extends `a narrower ${string}` ? 'one of its values' : TypeName<V>;

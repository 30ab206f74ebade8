/**
 * `p`: the property builders used in mappers, one per column kind of the dialect layer plus the
 * relation, embedded and transient builders.
 */
import type { CompileError } from '../errors/index.js';
import { type ColumnBuilder, columnBuilder } from './column-builder.js';
import {
  type EmbeddableMapper,
  type EmbeddableProperties,
  EmbeddedBuilder,
  TransientBuilder,
} from './embedded-builder.js';
import type { DataKeys, EntityClass } from './entity-class.js';
import { foreignKeyBuilder } from './foreign-key-builder.js';
import type { NameOverride } from './naming-strategy.js';
import {
  type InverseOptions,
  InverseOneToOneBuilder,
  ManyToManyBuilder,
  type ManyToManyOptions,
  ManyToOneBuilder,
  OneToManyBuilder,
  OneToOneBuilder,
  type OwningOneToOneOptions,
  relationDefinition,
  type ToOneOptions,
} from './relation-builders.js';

/**
 * `mappedBy` checked against the target class `U`: the name itself when `U` has that property,
 * else the name branded with the sentence `tsc` shows (`K` is inferred from the argument through
 * the true branch; the `K &` keeps the argument's literal in the message and the type a string).
 */
type MappedBy<U, K extends string> =
  K extends DataKeys<U>
    ? K
    : K &
        CompileError<`${K} is not a property of the target class: mappedBy names the target's relation back to this class`>;

/** `p.bigint()` reads `bigint`; `p.bigint({ asNumber: true })` is the lossy, explicit opt-in for `number`. */
function bigint(options: { readonly asNumber: true }): ColumnBuilder<number>;
function bigint(options?: { readonly asNumber?: false | undefined }): ColumnBuilder<bigint>;
function bigint(options?: { readonly asNumber?: boolean | undefined }): ColumnBuilder<number> | ColumnBuilder<bigint> {
  return options?.asNumber
    ? columnBuilder<number>({ kind: 'bigint', bigintAsNumber: true })
    : columnBuilder<bigint>({ kind: 'bigint' });
}

/**
 * Owning one-to-one (this table has the FK), or inverse with `mappedBy`. One signature rather than
 * two overloads, so a wrong `mappedBy` is reported as itself, not as "No overload matches this call".
 */
function oneToOne<U extends object, const A extends string | OwningOneToOneOptions = OwningOneToOneOptions>(
  target: () => EntityClass<U>,
  mappedByOrOptions?: A extends string ? MappedBy<U, A> : OwningOneToOneOptions,
  inverseOptions?: A extends string ? InverseOptions : never,
): A extends string ? InverseOneToOneBuilder<U, A> : OneToOneBuilder<U>;
function oneToOne<U extends object>(
  target: () => EntityClass<U>,
  mappedByOrOptions?: string | OwningOneToOneOptions,
  inverseOptions?: InverseOptions,
): InverseOneToOneBuilder<U> | OneToOneBuilder<U> {
  if (typeof mappedByOrOptions === 'string') {
    return new InverseOneToOneBuilder<U>(
      relationDefinition('one-to-one', target, { ...inverseOptions, mappedBy: mappedByOrOptions }),
    );
  }
  return new OneToOneBuilder<U>(relationDefinition('one-to-one', target, mappedByOrOptions ?? {}));
}

/** Owning many-to-many (with the pivot table), or inverse with `mappedBy` (one signature, as `oneToOne`). */
function manyToMany<U extends object, const A extends string | ManyToManyOptions = ManyToManyOptions>(
  target: () => EntityClass<U>,
  mappedByOrOptions?: A extends string ? MappedBy<U, A> : ManyToManyOptions,
  inverseOptions?: A extends string ? Pick<InverseOptions, 'cascade'> : never,
): A extends string ? ManyToManyBuilder<U, A> : ManyToManyBuilder<U, never>;
function manyToMany<U extends object>(
  target: () => EntityClass<U>,
  mappedByOrOptions?: string | ManyToManyOptions,
  inverseOptions?: Pick<InverseOptions, 'cascade'>,
): ManyToManyBuilder<U, string> {
  if (typeof mappedByOrOptions === 'string') {
    return new ManyToManyBuilder<U, string>(
      relationDefinition('many-to-many', target, { ...inverseOptions, mappedBy: mappedByOrOptions }),
    );
  }
  const { pivotTable, joinColumn, inverseJoinColumn, cascade } = mappedByOrOptions ?? {};
  return new ManyToManyBuilder<U, string>(
    relationDefinition('many-to-many', target, { cascade, pivot: { pivotTable, joinColumn, inverseJoinColumn } }),
  );
}

/**
 * The property builders.
 * @example
 * properties: {
 *   id: p.integer().primaryKey().generated(),
 *   price: p.decimal({ precision: 10, scale: 2 }),
 *   author: p.manyToOne(() => Author),
 *   tags: p.manyToMany(() => Tag, { cascade: ['persist'] }),
 * }
 */
export const p = Object.freeze({
  /** 32-bit integer, read as `number`. */
  integer: () => columnBuilder<number>({ kind: 'integer' }),
  bigint,
  /** Exact decimal, read as `string` (never rounded through a float). */
  decimal: (options: { readonly precision?: number | undefined; readonly scale?: number | undefined } = {}) =>
    columnBuilder<string>({ kind: 'decimal', ...options }),
  /** 32-bit float (rounds like `Math.fround`). */
  float: () => columnBuilder<number>({ kind: 'float' }),
  double: () => columnBuilder<number>({ kind: 'double' }),
  boolean: () => columnBuilder<boolean>({ kind: 'boolean' }),
  /** Text with a maximum length in characters (default 255). `S` narrows to a branded string type. */
  string: <S extends string = string>(options: { readonly length?: number | undefined } = {}) =>
    columnBuilder<S>({ kind: 'string', ...options }),
  /** Unlimited text. */
  text: <S extends string = string>() => columnBuilder<S>({ kind: 'text' }),
  /** A UUID as a lowercase string; `.generated()` makes a UUID v7 on insert. */
  uuid: <S extends string = string>() => columnBuilder<S>({ kind: 'uuid' }),
  /** A calendar date as 'YYYY-MM-DD'. */
  date: () => columnBuilder<string>({ kind: 'date' }),
  /** An instant, stored and read as UTC. */
  datetime: () => columnBuilder<Date>({ kind: 'datetime' }),
  /** Any JSON value; name its type: `p.json<Settings>()`. Compared by a stable serialisation. */
  json: <J = unknown>() => columnBuilder<J>({ kind: 'json' }),
  /** One of a fixed list of strings: `p.enum(['draft', 'published'] as const)`. */
  enum: <const V extends readonly string[]>(values: V) =>
    columnBuilder<V[number]>({ kind: 'enum', values: Object.freeze([...values]) }),
  blob: () => columnBuilder<Buffer>({ kind: 'blob' }),

  /** Owning side of a many-to-one: this table holds the FK column(s). */
  manyToOne: <U extends object>(target: () => EntityClass<U>, options: ToOneOptions = {}) =>
    new ManyToOneBuilder<U, false>(relationDefinition('many-to-one', target, options)),
  /** Inverse side of a many-to-one: `mappedBy` names the target's many-to-one back here. */
  oneToMany: <U extends object, K extends string>(
    target: () => EntityClass<U>,
    mappedBy: MappedBy<U, K>,
    options: InverseOptions = {},
  ) => new OneToManyBuilder<U, K>(relationDefinition('one-to-many', target, { ...options, mappedBy })),
  oneToOne,
  manyToMany,
  /** A value object stored as prefixed columns of this table. */
  embedded: <U extends object>(
    embeddable: EmbeddableMapper<U, EmbeddableProperties>,
    options: { readonly prefix?: NameOverride | undefined } = {},
  ) =>
    new EmbeddedBuilder<U, false>(
      Object.freeze({ kind: 'embedded', embeddable, prefix: options.prefix, nullable: false }),
    ),
  /**
   * A scalar on the foreign-key column of the to-one relation `relation` of the same mapper
   * (`companyId` beside `company`): one column, read without loading the parent, usable in filters
   * and `orderBy`, and writable (docs/mapping.md, "A scalar foreign key beside its relation").
   * @example companyId: p.foreignKey('company')
   */
  foreignKey: foreignKeyBuilder,
  /** A property Tabula neither loads nor saves. */
  transient: () => new TransientBuilder(),
});

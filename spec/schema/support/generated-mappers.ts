/**
 * Generated mapper sets for the no-phantom property: 1–4 tables of 1–6 columns of any kind (with
 * or without NULL, a default, a unique or an index), keys generated, plain or composite, foreign
 * keys to earlier tables (and one back to a later one: a cycle), many-to-many pivots.
 */
import fc from 'fast-check';
import { type AnyEntityMapper, defineEntity, p, sqlDefault } from '../../../lib/mapping';

type Builder = ReturnType<typeof p.integer>;
export interface ColumnSpec {
  readonly kind: string;
  readonly nullable: boolean;
  readonly withDefault: boolean;
  readonly unique: boolean;
  readonly index: boolean;
}
export interface TableSpec {
  readonly key: 'identity' | 'bigidentity' | 'composite' | 'uuid';
  readonly columns: readonly ColumnSpec[];
  readonly parents: readonly {
    readonly target: number;
    readonly nullable: boolean;
    readonly onDelete: 'cascade' | 'set null' | undefined;
  }[];
  readonly manyToMany: readonly number[];
}

const KINDS = [
  'integer',
  'bigint',
  'decimal',
  'float',
  'double',
  'boolean',
  'string',
  'text',
  'uuid',
  'date',
  'datetime',
  'json',
  'enum',
  'blob',
];
const DEFAULTS: Record<string, () => Builder> = {
  integer: () => p.integer().default(-42) as Builder,
  bigint: () => p.bigint().default(9_007_199_254_740_993n) as unknown as Builder,
  decimal: () => p.decimal({ precision: 8, scale: 3 }).default('-12.500') as unknown as Builder,
  float: () => p.float().default(0.25) as unknown as Builder,
  double: () => p.double().default(-1.5) as unknown as Builder,
  boolean: () => p.boolean().default(false) as unknown as Builder,
  string: () => p.string({ length: 12 }).default("o'k") as unknown as Builder,
  date: () => p.date().default('1999-12-31') as unknown as Builder,
  datetime: () => p.datetime().defaultSql(sqlDefault.now()) as unknown as Builder,
  enum: () => p.enum(['x', 'y z'] as const).default('y z') as unknown as Builder,
};
const PLAIN: Record<string, () => Builder> = {
  integer: () => p.integer(),
  bigint: () => p.bigint() as unknown as Builder,
  decimal: () => p.decimal({ precision: 20, scale: 0 }) as unknown as Builder,
  float: () => p.float() as unknown as Builder,
  double: () => p.double() as unknown as Builder,
  boolean: () => p.boolean() as unknown as Builder,
  string: () => p.string({ length: 300 }) as unknown as Builder,
  text: () => p.text() as unknown as Builder,
  uuid: () => p.uuid() as unknown as Builder,
  date: () => p.date() as unknown as Builder,
  datetime: () => p.datetime() as unknown as Builder,
  json: () => p.json() as unknown as Builder,
  enum: () => p.enum(['a', 'b', 'c'] as const) as unknown as Builder,
  blob: () => p.blob() as unknown as Builder,
};
// Unique and indexed columns must be indexable everywhere: not text, json or blob (MySQL needs a prefix length).
const INDEXABLE = new Set(['integer', 'bigint', 'decimal', 'boolean', 'string', 'uuid', 'date', 'datetime', 'enum']);

const column: fc.Arbitrary<ColumnSpec> = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    nullable: fc.boolean(),
    withDefault: fc.boolean(),
    unique: fc.boolean(),
    index: fc.boolean(),
  })
  .map((c) => ({
    ...c,
    withDefault: c.withDefault && c.kind in DEFAULTS,
    unique: c.unique && INDEXABLE.has(c.kind),
    index: c.index && !c.unique && INDEXABLE.has(c.kind),
  }));

export const tableSets: fc.Arbitrary<TableSpec[]> = fc
  .array(
    fc.record({
      key: fc.constantFrom('identity', 'bigidentity', 'composite', 'uuid') as fc.Arbitrary<TableSpec['key']>,
      columns: fc.array(column, { minLength: 1, maxLength: 6 }),
      parents: fc.array(
        fc.record({
          target: fc.nat(3),
          nullable: fc.boolean(),
          onDelete: fc.constantFrom('cascade', 'set null', undefined) as fc.Arbitrary<
            'cascade' | 'set null' | undefined
          >,
        }),
        { maxLength: 2 },
      ),
      manyToMany: fc.array(fc.nat(3), { maxLength: 1 }),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((tables) =>
    tables.map((t, i) => ({
      ...t,
      // A parent beyond the set is dropped; SET NULL needs a nullable column.
      parents: t.parents
        .filter((r) => r.target < tables.length)
        // A key to itself or to a later table closes a cycle: nullable, as the registry requires.
        .map((r) => (r.target >= i ? { ...r, nullable: true } : r))
        .map((r) => ({ ...r, onDelete: r.onDelete === 'set null' && !r.nullable ? undefined : r.onDelete })),
      manyToMany: t.manyToMany.filter((target) => target < tables.length && target !== i),
    })),
  );

/** The mappers of a generated set: tables `t_pp_<i>`. */
export function mappersOf(specs: readonly TableSpec[]): AnyEntityMapper[] {
  const classes = specs.map((_, i) => ({ [`Pp${i}`]: class {} })[`Pp${i}`] as new () => object);
  return specs.map((spec, i) => {
    const properties: Record<string, unknown> = {};
    if (spec.key === 'identity') properties.id = p.integer().primaryKey().generated();
    else if (spec.key === 'bigidentity') properties.id = p.bigint().primaryKey().generated();
    else if (spec.key === 'uuid') properties.id = p.uuid().primaryKey().generated();
    else {
      properties.id = p.integer().primaryKey();
      properties.code = p.string({ length: 8 }).primaryKey();
    }
    spec.columns.forEach((c, n) => {
      let b = c.withDefault ? (DEFAULTS[c.kind] as () => Builder)() : (PLAIN[c.kind] as () => Builder)();
      if (c.nullable) b = b.nullable() as unknown as Builder;
      if (c.unique) b = b.unique();
      if (c.index) b = b.index();
      properties[`c${n}`] = b;
    });
    spec.parents.forEach((r, n) => {
      const target = classes[r.target] as new () => object;
      let b = p.manyToOne(() => target, r.onDelete ? { onDelete: r.onDelete } : {});
      if (r.nullable) b = b.nullable() as unknown as typeof b;
      properties[`parent${n}`] = b;
    });
    spec.manyToMany.forEach((target, n) => {
      properties[`tags${n}`] = p.manyToMany(() => classes[target] as new () => object, {
        pivotTable: `t_pp_${i}_pivot${n}`,
      });
    });
    // biome-ignore lint/suspicious/noExplicitAny: generated mappers are checked at run time by the registry
    return defineEntity(classes[i] as new () => object, { table: `t_pp_${i}`, properties } as any) as AnyEntityMapper;
  });
}

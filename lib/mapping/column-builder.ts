/**
 * The column builder: what `p.string()`, `p.integer()`, … return. Each call returns a new frozen
 * builder; the type parameters carry the JS type (`J`) and whether the column is nullable (`N`)
 * so that `defineEntity` can check them against the class's property types.
 */
import type { ColumnType } from '../types/index.js';
import type { NameOverride } from './naming-strategy.js';

/** How a key is generated: by the database (identity / auto-increment) or by Tabula (UUID v7). */
export type GenerationStrategy = 'identity' | 'uuidv7';

/**
 * A default the database computes: raw SQL written as-is into the column's DEFAULT clause, or the
 * current instant in the column's datetime format on each dialect ({@link sqlDefault}).
 */
export type SqlDefault = { readonly kind: 'sql'; readonly sql: string } | { readonly kind: 'current-timestamp' };

/** Typed database-side defaults for `.defaultSql(…)`. */
export const sqlDefault = Object.freeze({
  /**
   * The current instant, for a datetime column, in the format Tabula stores: `CURRENT_TIMESTAMP`
   * on PostgreSQL, `CURRENT_TIMESTAMP(3)` on MariaDB/MySQL (DATETIME(3)), a millisecond
   * `strftime` on SQLite.
   */
  now: (): SqlDefault => Object.freeze({ kind: 'current-timestamp' as const }),
  /** SQL text written verbatim after DEFAULT (`'gen_random_uuid()'`; on SQLite wrap expressions in parentheses). */
  raw: (sql: string): SqlDefault => Object.freeze({ kind: 'sql' as const, sql }),
});

/** What a column builder recorded: plain data, read by the MetadataRegistry. */
export interface ColumnDefinition {
  readonly kind: 'column';
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly primaryKey: boolean;
  /** `'default'` means identity for integer/bigint and uuidv7 for uuid, decided by the registry. */
  readonly generated?: GenerationStrategy | 'default';
  /** A JS value the DDL writes as the column's DEFAULT (and inserts leave out when unset). */
  readonly default?: { readonly value: unknown };
  /** Called once per new entity whose property is undefined when its INSERT is planned; never in the DDL. */
  readonly defaultFn?: () => unknown;
  /** Called once per changed managed entity when its UPDATE is planned. */
  readonly onUpdate?: () => unknown;
  /** The database computes the value (DEFAULT clause); the flush reads it back after the INSERT. */
  readonly defaultSql?: SqlDefault;
  /** `true` or the constraint's name. */
  readonly unique: boolean | string;
  /** `true` or the index's name. */
  readonly index: boolean | string;
  readonly column?: NameOverride;
  readonly version: boolean;
  /** The column's previous name: the schema diff renames it instead of dropping and adding. */
  readonly renamedFrom?: string | undefined;
}

/**
 * A column of JS type `J`; `N` is `true` once `.nullable()` was called.
 * @example p.string({ length: 100 }).nullable().column('display_name')
 */
export class ColumnBuilder<J, N extends boolean = false> {
  /** Type-level only: makes `J` invariant so a `string` column never fits a `number` property. */
  declare readonly __js: (value: J) => J;
  declare readonly __nullable: N;
  readonly kind = 'column' as const;

  constructor(readonly definition: ColumnDefinition) {
    Object.freeze(this);
  }

  private with(change: Partial<ColumnDefinition>): ColumnDefinition {
    return Object.freeze({ ...this.definition, ...change });
  }

  /** The column accepts NULL; the property must then accept `null` or be optional. */
  nullable(): ColumnBuilder<J, true> {
    return new ColumnBuilder<J, true>(this.with({ nullable: true }));
  }

  /** Part of the primary key (call it on several properties for a composite key). */
  primaryKey(): ColumnBuilder<J, N> {
    return new ColumnBuilder<J, N>(this.with({ primaryKey: true }));
  }

  /**
   * The value is generated on insert: `identity` (the database's identity / auto-increment, for
   * integer and bigint) or `uuidv7` (a time-ordered UUID made by Tabula, for uuid). Without an
   * argument the strategy follows the column kind.
   */
  generated(strategy?: GenerationStrategy): ColumnBuilder<J, N> {
    return new ColumnBuilder<J, N>(this.with({ generated: strategy ?? 'default' }));
  }

  /**
   * The value a new entity gets when its property is undefined at insert.
   *
   * A function is called once per new entity, when its INSERT is planned (so `em.plan()` shows
   * the value), and never reaches the DDL: `.default(() => new Date())`. A constant is also the
   * column's DEFAULT in the DDL; a mutable constant (a Date, Buffer, array or object) is refused
   * at start-up, since every entity would share one instance.
   */
  default(value: J | (() => J)): ColumnBuilder<J, N> {
    if (typeof value === 'function') {
      const { default: _constant, ...rest } = this.definition;
      return new ColumnBuilder<J, N>(Object.freeze({ ...rest, defaultFn: value as () => J }));
    }
    const { defaultFn: _fn, ...rest } = this.definition;
    return new ColumnBuilder<J, N>(Object.freeze({ ...rest, default: Object.freeze({ value }) }));
  }

  /**
   * A value written by every UPDATE of an entity that has other changes in the flush (an entity
   * with nothing else changed is not updated for it), unless the program changed this property
   * itself. Not called on insert: pair it with `.default(fn)`.
   * @example updatedAt: p.datetime().default(() => new Date()).onUpdate(() => new Date())
   */
  onUpdate(fn: () => J): ColumnBuilder<J, N> {
    return new ColumnBuilder<J, N>(this.with({ onUpdate: fn }));
  }

  /**
   * A default the database computes: the schema writes it as the column's DEFAULT, an insert
   * leaves the column out when the property is undefined, and the flush reads the value back into
   * the entity (RETURNING, or a SELECT by key in the same transaction where there is none).
   * @example createdAt: p.datetime().defaultSql(sqlDefault.now())
   */
  defaultSql(sql: string | SqlDefault): ColumnBuilder<J, N> {
    return new ColumnBuilder<J, N>(
      this.with({ defaultSql: typeof sql === 'string' ? sqlDefault.raw(sql) : Object.freeze({ ...sql }) }),
    );
  }

  /** A UNIQUE constraint on this column alone (for several columns use the mapper's `indexes`). */
  unique(name?: string): ColumnBuilder<J, N> {
    return new ColumnBuilder<J, N>(this.with({ unique: name ?? true }));
  }

  /** An index on this column alone. */
  index(name?: string): ColumnBuilder<J, N> {
    return new ColumnBuilder<J, N>(this.with({ index: name ?? true }));
  }

  /** The column's name, instead of the naming strategy's: `'PublishedAt'` or `(n) => n.columnName('published')`. */
  column(name: NameOverride): ColumnBuilder<J, N> {
    return new ColumnBuilder<J, N>(this.with({ column: name }));
  }

  /**
   * The column was called `previous` in the database: the schema diff renames it (the data kept)
   * instead of dropping it and adding this one. Remove it once every database is migrated.
   * @example bio: p.text().nullable().renamedFrom('bio_old')
   */
  renamedFrom(previous: string): ColumnBuilder<J, N> {
    return new ColumnBuilder<J, N>(this.with({ renamedFrom: previous }));
  }

  /**
   * The exact SQL type of the column in DDL, instead of the dialect's own for this kind: for a
   * database made by a script (`p.string({ length: 160 }).sqlType('NVARCHAR(160)')`). Values still
   * convert as the kind says. Per dialect, pick it from the dialect you map (a mapper set per script).
   */
  sqlType(text: string): ColumnBuilder<J, N> {
    return new ColumnBuilder<J, N>(this.with({ type: Object.freeze({ ...this.definition.type, sqlType: text }) }));
  }

  /** The optimistic-lock version (integer, bigint or datetime), checked on every UPDATE and DELETE. */
  version(): ColumnBuilder<J, N> {
    return new ColumnBuilder<J, N>(this.with({ version: true }));
  }
}

export function columnBuilder<J>(type: ColumnType): ColumnBuilder<J, false> {
  return new ColumnBuilder<J, false>(
    Object.freeze({
      kind: 'column',
      type: Object.freeze(type),
      nullable: false,
      primaryKey: false,
      unique: false,
      index: false,
      version: false,
    }),
  );
}

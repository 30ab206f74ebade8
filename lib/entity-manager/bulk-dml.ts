/**
 * `em.updateWhere` / `em.deleteWhere`: one UPDATE or DELETE for every row a typed filter matches,
 * with the identity map kept true. The managed instances that match are found in SQL, not in
 * memory, because the database alone evaluates a filter exactly as the statement will
 * (collations, NULL logic, relation paths, rows this EntityManager never loaded): the statement
 * returns the keys it changed (`RETURNING`, one statement, no transaction of its own) where the
 * server can, else a `SELECT key … WHERE filter` runs first, in the same transaction (locking the
 * rows where the server has row locks). MariaDB has DELETE … RETURNING but no UPDATE … RETURNING,
 * so its updateWhere keeps the SELECT; a filter through relations (joins) keeps it everywhere.
 */
import type { Database, DialectCapabilities, Queryable } from '../dialects/index.js';
import type { CompileError } from '../errors/index.js';
import type {
  ColumnMetadata,
  DataKeys,
  EntityMetadata,
  ForeignKeyPropertyMetadata,
  HotPaths,
  PropertyMetadata,
} from '../mapping/index.js';
import type { Filter, KeyValue, ScalarValue } from '../query/index.js';
import { discriminatorCondition } from '../query/index.js';
import { compileFilter, propertyOf } from '../query/index.js';
import { QueryError } from '../query/index.js';
import {
  type AndNode,
  type AssignmentInput,
  and,
  arithmetic,
  column,
  deleteFrom,
  type Expression,
  inList,
  type NotNode,
  type OrNode,
  row,
  type SelectItem,
  select,
  table,
  update,
} from '../sql/index.js';
import type { DialectTypes } from '../types/index.js';
import { type EntityEntry, rootOf } from '../unit-of-work/index.js';
import { identityKey, keyValues } from '../unit-of-work/index.js';
import { nextVersion } from '../flush/index.js';
import type { UnitOfWork } from '../unit-of-work/index.js';
import type { FilterOptions } from '../loading/index.js';

type Bag = Record<string, unknown>;

/**
 * What `changes` accepts for a property `K` of type `V`: scalars their value; to-one relations the
 * entity or its key; a to-many relation nothing: its array type branded with the sentence saying
 * what to do instead (the `V &` makes `tsc` lead with "Type 'Album[]' is not assignable to …").
 */
export type ChangeValue<V, K extends string = string> = unknown extends V
  ? V
  : [NonNullable<V>] extends [ScalarValue]
    ? V
    : NonNullable<V> extends readonly unknown[]
      ? V &
          CompileError<`${K} is a to-many relation, which updateWhere cannot set: change the members on loaded entities and flush`>
      : V | KeyValue;

/**
 * The assignments of `em.updateWhere`: mapped scalar properties and to-one relations (as an entity
 * or its key). Keys, versions, to-many relations and embeddables are refused.
 */
export type UpdateChanges<T> = { readonly [K in DataKeys<T>]?: ChangeValue<T[K], K> };

/** Options of `updateWhere` / `deleteWhere`. */
export interface BulkOptions extends FilterOptions {
  /**
   * Required to run with a filter that has no condition (`{}`): every row of the table (every
   * row the active global filters let through). Default false.
   */
  readonly all?: boolean | undefined;
  /**
   * `deleteWhere` on a soft-deletable class: DELETE the rows instead of setting their soft-delete
   * column. Default false.
   */
  readonly hard?: boolean | undefined;
}

/** What a bulk statement needs from its EntityManager (never the EntityManager itself). */
export interface BulkContext {
  /** The transaction of `em.transactional`, when one runs. */
  readonly tx: Queryable | undefined;
  readonly db: Database;
  readonly types: DialectTypes;
  readonly capabilities: DialectCapabilities;
  readonly uow: UnitOfWork;
  readonly hotPaths: (meta: EntityMetadata) => HotPaths;
  /** The managed instance of a key, or a reference holding it. */
  reference(meta: EntityMetadata, key: readonly unknown[]): object;
  /** The conditions of `meta`'s active global filters for these options (undefined: none). */
  conditions(meta: EntityMetadata, options: FilterOptions): object[] | undefined;
}

/** One column assigned by `updateWhere`, and what the instance's property becomes. */
interface PlannedChange {
  readonly property: string;
  readonly memory: unknown;
  readonly columns: readonly AssignmentInput[];
}

/** Runs one UPDATE for the rows `filter` matches; returns the number of rows it changed. */
export async function updateWhere(
  ctx: BulkContext,
  meta: EntityMetadata,
  filter: Filter<unknown>,
  changes: Readonly<Bag>,
  options: BulkOptions,
): Promise<number> {
  const planned = Object.entries(changes).map(([name, value]) => planChange(ctx, meta, name, value));
  if (planned.length === 0) throw QueryError.invalid(meta.name, '(changes)', 'updateWhere needs at least one change.');
  const set = planned.flatMap((c) => c.columns);
  const version = meta.version;
  // A datetime version cannot be `+ 1` in portable SQL: every matched row gets the same new time.
  const newTime = version?.type.kind === 'datetime' ? new Date() : undefined;
  if (version) {
    set.push({
      column: version.name,
      value: newTime ?? arithmetic(column(version.name, { type: version.type }), '+', 1),
      type: version.type,
    });
  }
  const { affected, entries } = await run(ctx, meta, filter, options, 'update', (where, returning) =>
    update({ table: meta.table, set, where, returning }),
  );
  const columns = set.map((s) => s.column);
  for (const entry of entries) {
    const bag = entry.entity as Bag;
    for (const change of planned) bag[change.property] = change.memory;
    if (entry.meta.foreignKeyProperties) mirrorScalars(bag, entry.meta.foreignKeyProperties, planned);
    if (version) bag[version.property] = newTime ?? nextVersion(version, entry.snapshot?.[version.name]);
    // Only the assigned columns take the new values: other unflushed changes stay dirty.
    const fresh = ctx.hotPaths(entry.meta).snapshot(entry.entity);
    const merged: Bag = { ...entry.snapshot };
    for (const c of columns) merged[c] = fresh[c];
    entry.snapshot = merged;
  }
  return affected;
}

/** The scalar foreign keys of the relations `updateWhere` set take their new key. */
function mirrorScalars(bag: Bag, scalars: readonly ForeignKeyPropertyMetadata[], planned: readonly PlannedChange[]) {
  for (const scalar of scalars) {
    const relation = scalar.foreignKeyOf;
    if (!planned.some((c) => c.property === relation.name)) continue;
    const target = bag[relation.name] as Bag | null | undefined;
    bag[scalar.name] = target == null ? null : target[(relation.target.primaryKey[0] as ColumnMetadata).property];
  }
}

/** Runs one DELETE for the rows `filter` matches and detaches their managed instances. */
export async function deleteWhere(
  ctx: BulkContext,
  meta: EntityMetadata,
  filter: Filter<unknown>,
  options: BulkOptions,
): Promise<number> {
  // A soft-deletable class's rows are soft-deleted here too, as em.remove does: one instant for all.
  if (meta.softDelete && !options.hard) {
    return updateWhere(ctx, meta, filter, { [meta.softDelete.property]: new Date() }, options);
  }
  const { affected, entries } = await run(ctx, meta, filter, options, 'delete', (where, returning) =>
    deleteFrom({ table: meta.table, where, returning }),
  );
  for (const entry of entries) ctx.uow.detach(entry.entity);
  return affected;
}

type Statement = ReturnType<typeof update> | ReturnType<typeof deleteFrom>;

/**
 * SELECT the matching keys, then run the statement, in one transaction (the caller's, or one of
 * its own). Without joins the statement repeats the filter on the unaliased table; with joins
 * (relation paths) it takes the key list, since MySQL refuses a subquery on the table it changes.
 */
async function run(
  ctx: BulkContext,
  meta: EntityMetadata,
  filter: Filter<unknown>,
  options: BulkOptions,
  kind: 'update' | 'delete',
  statement: (where: Expression | undefined, returning: SelectItem[] | undefined) => Statement,
): Promise<{ affected: number; entries: EntityEntry[] }> {
  const compiled = compileFilter(meta, filter, { alias: meta.table, types: ctx.types });
  // `{}` needs `{ all: true }` even when global filters narrow it: the caller's filter says nothing.
  if (isTrivial(compiled.where) && !options.all) {
    throw QueryError.invalid(
      meta.name,
      '(filter)',
      'the filter has no condition, so every row would change.\n  Pass { all: true } to mean it, or add a condition.',
    );
  }
  const restrictions = meta.filters.length === 0 ? undefined : ctx.conditions(meta, options);
  const { where, joins } = restrictions
    ? compileFilter(meta, { $and: [filter, ...restrictions] }, { alias: meta.table, types: ctx.types })
    : compiled;
  const isEmpty = isTrivial(where);
  const discriminator = discriminatorCondition(meta, (c) => column(c.name, { type: c.type, table: meta.table }));
  const conditions = [...(isEmpty ? [] : [where]), ...(discriminator ? [discriminator] : [])];
  const keyColumns = meta.primaryKey.map((c) => column(c.name, { type: c.type, table: meta.table }));
  const keysOf = (rows: readonly Bag[]) =>
    rows.map((r) => meta.primaryKey.map((c, i) => ctx.types.fromDriver(c.type, r[`k${i}`])));
  const returns = kind === 'update' ? ctx.capabilities.hasUpdateReturning : ctx.capabilities.hasDeleteReturning;
  if (returns && joins.length === 0) {
    // One statement reports the keys it changed: atomic alone, so no SELECT and no transaction.
    const returning = meta.primaryKey.map((c, i) => ({ expression: column(c.name, { type: c.type }), alias: `k${i}` }));
    const dml = statement(conditions.length > 0 ? and(...conditions) : undefined, returning);
    const rows = await (ctx.tx ?? ctx.db).query(dml);
    return { affected: rows.length, entries: managedEntries(ctx, meta, keysOf(rows)) };
  }
  const keySelect = select({
    columns: keyColumns.map((c, i) => ({ expression: c, alias: `k${i}` })),
    from: table(meta.table),
    joins,
    ...(conditions.length > 0 ? { where: and(...conditions) } : {}),
    ...(ctx.capabilities.supportsRowLocks && joins.length === 0 ? { lock: { strength: 'update' as const } } : {}),
  });
  const body = async (q: Queryable) => {
    const keys = keysOf(await q.query(keySelect));
    if (joins.length > 0 && keys.length === 0) return { affected: 0, keys };
    const dmlWhere =
      joins.length === 0
        ? conditions.length > 0
          ? and(...conditions)
          : undefined
        : keyColumns.length === 1
          ? inList(
              keyColumns[0] as Expression,
              keys.map((k) => k[0]),
            )
          : inList(row(...keyColumns), keys);
    const result = await q.execute(statement(dmlWhere, undefined));
    return { affected: result.affectedRows, keys };
  };
  const { affected, keys } = ctx.tx ? await body(ctx.tx) : await ctx.db.transaction(body);
  return { affected, entries: managedEntries(ctx, meta, keys) };
}

/** The managed, loaded instances of `keys` (the rows the statement changed). */
function managedEntries(ctx: BulkContext, meta: EntityMetadata, keys: readonly (readonly unknown[])[]): EntityEntry[] {
  const entries: EntityEntry[] = [];
  for (const key of keys) {
    const entry = ctx.uow.identityMap.get(rootOf(meta), identityKey(key));
    if (entry?.isInitialized && entry.state !== 'new') entries.push(entry);
  }
  return entries;
}

/** `{}`, `{ $and: [] }`, `{ $and: [{}] }`: an AND of nothing says nothing. */
/**
 * True when `where` holds for every row, however it is nested: an AND of nothing (`{}`), an AND of
 * such conditions, an OR with one such branch (`{ $or: [{}, …] }`), a NOT of a condition that never
 * holds. Such a filter changes every row, so it needs `{ all: true }` as `{}` does.
 */
function isTrivial(where: Expression): boolean {
  switch (where.kind) {
    case 'and':
      return (where as AndNode).operands.every(isTrivial);
    case 'or':
      return (where as OrNode).operands.some(isTrivial);
    case 'not':
      return neverHolds((where as NotNode).operand);
    default:
      return false;
  }
}

/** True when `where` holds for no row: an OR of nothing, an AND with such a part, a NOT of an always-true one. */
function neverHolds(where: Expression): boolean {
  switch (where.kind) {
    case 'or':
      return (where as OrNode).operands.every(neverHolds);
    case 'and':
      return (where as AndNode).operands.some(neverHolds);
    case 'not':
      return isTrivial((where as NotNode).operand);
    default:
      return false;
  }
}

/** The assignments of one property of `changes`, and the value its instances take. */
function planChange(ctx: BulkContext, meta: EntityMetadata, name: string, value: unknown): PlannedChange {
  const property: PropertyMetadata = propertyOf(meta, name, name);
  if (value === undefined)
    throw QueryError.invalid(meta.name, name, 'undefined is not a value: leave it out, or use null.');
  // A scalar foreign key (p.foreignKey) sets its relation's column: planned as the relation by key.
  if (property.kind === 'column' && property.foreignKeyOf) {
    return planChange(ctx, meta, property.foreignKeyOf.name, value);
  }
  if (property.kind === 'column') {
    const c = property.column;
    if (c.isVersion || meta.primaryKey.includes(c)) {
      throw QueryError.invalid(
        meta.name,
        name,
        `${c.isVersion ? 'the version' : 'a key'} cannot be set by updateWhere.`,
      );
    }
    return { property: name, memory: value, columns: [{ column: c.name, value, type: c.type }] };
  }
  if (property.kind === 'relation' && property.relation.joinColumns.length > 0) {
    const { relation } = property;
    const target = relation.target;
    if (value === null) {
      return {
        property: name,
        memory: null,
        columns: relation.joinColumns.map((c) => ({ column: c.name, value: null, type: c.type })),
      };
    }
    const isEntity = typeof value === 'object' && !Array.isArray(value);
    const key = isEntity ? keyValues(target, value as object) : Array.isArray(value) ? [...value] : [value];
    if (key.length !== relation.joinColumns.length || key.some((k) => k === undefined || k === null)) {
      throw QueryError.invalid(
        meta.name,
        name,
        `needs a ${target.className} with its key, or the key itself (flush new entities first).`,
      );
    }
    return {
      property: name,
      memory: isEntity ? value : ctx.reference(target, key),
      columns: relation.joinColumns.map((c: ColumnMetadata, i) => ({ column: c.name, value: key[i], type: c.type })),
    };
  }
  throw QueryError.invalid(
    meta.name,
    name,
    'updateWhere sets columns and to-one relations only; change collections and embeddables on the entities and flush.',
  );
}

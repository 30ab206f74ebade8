/**
 * `em.upsert(Entity, data, { conflict })`: INSERT … ON CONFLICT (…) DO UPDATE (PostgreSQL, SQLite)
 * or ON DUPLICATE KEY UPDATE (MariaDB/MySQL) — one statement per chunk of rows under the bind
 * limit, all chunks in one transaction — and the rows as stored come back (RETURNING, or a SELECT
 * by the conflict key in the same transaction where there is none) into managed entities: an
 * instance already in the identity map is updated in place, and every snapshot is the row, so the
 * next flush has nothing to write for them.
 */
import { ValueError } from '../errors/index.js';
import type { Database, Queryable } from '../dialects/index.js';
import { filterConditions, type ManagedMaterializer } from '../loading/index.js';
import type { ColumnMetadata, DataKeys, EntityClass, EntityMetadata } from '../mapping/index.js';
import { uuidV7 } from '../mapping/index.js';
import { QueryError } from '../query/index.js';
import { column, type Expression, inList, insert, row, select, table } from '../sql/index.js';
import { identityKey, newEntry, rootOf, type UnitOfWork } from '../unit-of-work/index.js';
import { type AssignData, assignTo } from './assign.js';
import type { BulkContext } from './bulk-dml.js';
import type { EntityManagerContext } from './em-context.js';

/** An item of `em.upsert`: an entity instance, or its data as `em.assign` takes it (no constructor runs). */
export type UpsertData<T> = NoInfer<T> | AssignData<NoInfer<T>>;

/** Options of `em.upsert`. */
export interface UpsertOptions<T> {
  /**
   * The properties of the unique key a row may collide on: the primary key, a `.unique()` column, or
   * the properties of a unique index of the mapper. On MariaDB/MySQL the database decides by any
   * unique key of the row (ON DUPLICATE KEY has no conflict target); these columns are still checked.
   */
  readonly conflict: readonly DataKeys<T>[];
  /** The properties written when the row exists (default: every written property but the key and the conflict ones). */
  readonly update?: readonly DataKeys<T>[] | undefined;
}

/** What upsert needs of its EntityManager: a bulk context, and the materializer of its unit of work. */
export interface UpsertContext extends BulkContext {
  readonly managed: ManagedMaterializer;
  readonly meta: (cls: Function) => EntityMetadata;
}

type Bag = Record<string, unknown>;

/** The context of the EntityManager's writes outside a flush (updateWhere, deleteWhere, assign, upsert). */
export function writeContext(
  context: EntityManagerContext,
  db: Database,
  uow: UnitOfWork,
  managed: ManagedMaterializer,
  tx: Queryable | undefined,
  params: (name: string) => object | undefined,
): UpsertContext {
  const { capabilities, hotPaths, meta } = context;
  return {
    tx,
    db,
    types: db.dialect.types,
    capabilities,
    uow,
    hotPaths,
    meta,
    managed,
    reference: (m, key) => managed.reference(m, key),
    conditions: (m, options) => filterConditions(m, options, params),
  };
}

/** A column an upsert writes, and how a row's value for it is read from its entity. */
interface Written {
  readonly column: ColumnMetadata;
  readonly property: string;
  read(entity: Bag): unknown;
  /** A FK column with a scalar foreign key beside its relation: given when either is. */
  readonly scalar?: string | undefined;
}

function writtenColumns(meta: EntityMetadata): Written[] {
  const out: Written[] = [];
  for (const p of meta.properties) {
    // A scalar foreign key is written through its relation's column, below.
    if (p.kind === 'column' && p.foreignKeyOf) continue;
    if (p.kind === 'column') out.push({ column: p.column, property: p.name, read: (e) => e[p.name] });
    else if (p.kind === 'embedded') {
      for (const f of p.fields) {
        out.push({
          column: f.column,
          property: p.name,
          read: (e) => (e[p.name] === null ? null : (e[p.name] as Bag | undefined)?.[f.property]),
        });
      }
    } else if (p.relation.joinColumns.length > 0) {
      // Without the relation set, a scalar foreign key beside it (p.foreignKey) gives the key.
      const scalar = meta.foreignKeyProperties?.find((f) => f.foreignKeyOf === p.relation)?.name;
      p.relation.joinColumns.forEach((c, i) => {
        const key = (p.relation.target.primaryKey[i] as ColumnMetadata).property;
        out.push({
          column: c,
          property: p.name,
          scalar,
          read: (e) => {
            const target = e[p.name] as Bag | null | undefined;
            if (target == null) return scalar !== undefined && e[scalar] != null ? e[scalar] : target;
            return target[key] ?? missingKey(meta, p.name);
          },
        });
      });
    }
  }
  const d = meta.inheritance?.discriminatorColumn;
  if (d) out.push({ column: d, property: '', read: () => meta.inheritance?.discriminatorValue ?? null });
  return out;
}

function missingKey(meta: EntityMetadata, property: string): never {
  throw new ValueError(
    `em.upsert(${meta.className}): ${property} refers to an entity without a key yet.\n  Flush it first, or give its key.`,
    property,
  );
}

/** The unique keys of `meta`, as property-name sets: the primary key, `.unique()` columns, unique indexes. */
function uniqueKeys(meta: EntityMetadata): string[][] {
  const keys = [meta.primaryKey.map((c) => c.property)];
  for (const c of meta.columns) if (c.unique !== false && c.source === 'property') keys.push([c.property]);
  for (let m: EntityMetadata['mapper'] | undefined = meta.mapper; m; m = m.definition.extends) {
    for (const index of m.definition.indexes ?? []) if (index.unique) keys.push([...index.properties]);
  }
  return keys;
}

function checkConflict(meta: EntityMetadata, conflict: readonly string[]): void {
  const wanted = new Set(conflict);
  const keys = uniqueKeys(meta);
  if (wanted.size > 0 && keys.some((k) => k.length === wanted.size && k.every((p) => wanted.has(p)))) return;
  throw QueryError.invalid(
    meta.name,
    'conflict',
    `(${conflict.join(', ')}) is not a unique key, so the database cannot tell which row an upsert meets.\n` +
      `  Name one of ${meta.className}'s unique keys: ${keys.map((k) => `(${k.join(', ')})`).join(', ')}.`,
  );
}

/** The entity a data item stands for: the instance itself, or a new one assigned the data (checked). */
function entityOf(ctx: UpsertContext, meta: EntityMetadata, item: unknown, index: number): Bag {
  if (item instanceof meta.entityClass) {
    const entry = ctx.uow.entryOf(item);
    if (entry?.state === 'new' || entry?.state === 'removed') {
      throw new ValueError(
        `em.upsert(${meta.className}): item ${index} is ${entry.state === 'new' ? 'persisted and not yet inserted' : 'removed'} in this EntityManager.\n  Flush first, or upsert the data instead.`,
      );
    }
    return item as Bag;
  }
  const entity = Object.create(meta.entityClass.prototype) as Bag;
  try {
    assignTo(ctx, entity, item);
  } catch (e) {
    if (!(e instanceof ValueError)) throw e;
    throw new ValueError(e.message.replace('em.assign(', `em.upsert(`).replace('):', `) item ${index}:`), e.column);
  }
  return entity;
}

/** The value a column gets when its property was not given: the mapper's default, a UUID v7, or null. */
function defaultOf(meta: EntityMetadata, w: Written): unknown {
  const c = w.column;
  if (c.defaultFn) return c.defaultFn();
  if (c.default) return c.default.value;
  if (c.generated === 'uuidv7') return uuidV7();
  if (c.nullable || c.generated === 'identity' || c.defaultSql) return undefined;
  throw new ValueError(
    `em.upsert(${meta.className}): ${w.property || c.name} is missing, and its column is NOT NULL.`,
    w.property,
  );
}

/**
 * Writes `items` with one INSERT … ON CONFLICT per chunk, in one transaction, and returns their
 * managed entities in the order given.
 */
export async function upsert(
  ctx: UpsertContext,
  cls: EntityClass,
  data: unknown,
  options: UpsertOptions<unknown>,
): Promise<object[] | object> {
  const entities = await upsertItems(ctx, cls, Array.isArray(data) ? data : [data], options);
  return Array.isArray(data) ? entities : (entities[0] as object);
}

async function upsertItems(
  ctx: UpsertContext,
  cls: EntityClass,
  items: readonly unknown[],
  options: UpsertOptions<unknown>,
): Promise<object[]> {
  const meta = ctx.meta(cls);
  if (meta.version) {
    throw QueryError.invalid(
      meta.name,
      meta.version.property,
      'is a version column: an upsert would overwrite the row without the version check.\n  Load the entity, change it and flush.',
    );
  }
  const conflict = options.conflict as readonly string[];
  checkConflict(meta, conflict);
  const entities = items.map((item, i) => entityOf(ctx, meta, item, i));
  const all = writtenColumns(meta);
  const values = entities.map((e) =>
    all.map((w) =>
      e[w.property] === undefined && w.property && (w.scalar === undefined || e[w.scalar] === undefined)
        ? defaultOf(meta, w)
        : w.read(e),
    ),
  );
  // A column no row gives (an identity key, a defaultSql column) is left to the database; one that
  // some rows give and others not cannot be one multi-row INSERT.
  const kept = all.map((_, i) => values.some((v) => v[i] !== undefined));
  all.forEach((w, i) => {
    if (kept[i] && values.some((v) => v[i] === undefined) && !w.column.nullable) {
      throw new ValueError(
        `em.upsert(${meta.className}): ${w.property} is given for some items and not others.\n  Give it for every item, or for none.`,
        w.property,
      );
    }
  });
  const written = all.filter((_, i) => kept[i]);
  const rows = values.map((v) => v.filter((_, i) => kept[i]).map((x) => (x === undefined ? null : x)));
  const conflictColumns = written.filter((w) => conflict.includes(w.property)).map((w) => w.column.name);
  if (conflictColumns.length === 0) {
    throw QueryError.invalid(meta.name, 'conflict', 'no item gives the conflict properties: give them in every item.');
  }
  checkDistinct(
    meta,
    rows,
    written.map((w) => conflict.includes(w.property)),
  );
  const keyProps = new Set(meta.primaryKey.map((c) => c.property));
  const updated = options.update as readonly string[] | undefined;
  const missing = updated?.filter((name) => !written.some((w) => w.property === name)) ?? [];
  if (missing.length > 0) {
    throw QueryError.invalid(
      meta.name,
      'update',
      `names ${missing.join(', ')}, which no item gives (or which is not a mapped column or to-one).\n  Give the property in the items, or leave it out of update.`,
    );
  }
  let update = written
    .filter((w) =>
      updated ? updated.includes(w.property) : !conflict.includes(w.property) && !keyProps.has(w.property),
    )
    .map((w) => w.column.name);
  // DO NOTHING would return no row for an existing one: a no-op assignment returns it as stored.
  if (update.length === 0) update = [conflictColumns[0] as string];
  const specs = written.map((w) => ({ name: w.column.name, type: w.column.type }));
  const returning = ctx.capabilities.hasReturning ? meta.columns.map((c) => column(c.name, { type: c.type })) : [];
  const perStatement = Math.max(1, Math.floor(ctx.capabilities.maxBindParameters / Math.max(1, specs.length)));
  const body = async (q: NonNullable<BulkContext['tx']>) => {
    const stored: Bag[] = [];
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      const node = insert({
        table: meta.table,
        columns: specs,
        rows: chunk,
        returning,
        onConflict: { columns: conflictColumns, action: { update } },
      });
      if (returning.length > 0) stored.push(...(await q.query(node)));
      else {
        await q.execute(node);
        stored.push(...(await readBack(q, meta, written, chunk, conflict)));
      }
    }
    return stored;
  };
  const stored = ctx.tx ? await body(ctx.tx) : await ctx.db.transaction(body);
  return manage(ctx, meta, entities, items, stored, written, conflict);
}

/** Two items with one conflict key would make one statement meet its own row twice: refused first. */
function checkDistinct(meta: EntityMetadata, rows: readonly unknown[][], isConflict: readonly boolean[]): void {
  const seen = new Set<string>();
  for (const r of rows) {
    const key = identityKey(r.filter((_, i) => isConflict[i]));
    const text = typeof key === 'string' ? key : `${typeof key}:${String(key)}`;
    if (seen.has(text)) {
      throw new ValueError(
        `em.upsert(${meta.className}): two items have the same conflict key ${text}.\n  Merge them first.`,
      );
    }
    seen.add(text);
  }
}

/** Without RETURNING: the rows by their conflict key, in the upsert's transaction. */
async function readBack(
  q: NonNullable<BulkContext['tx']>,
  meta: EntityMetadata,
  written: readonly Written[],
  chunk: readonly unknown[][],
  conflict: readonly string[],
): Promise<Bag[]> {
  const at = written.map((w, i) => (conflict.includes(w.property) ? i : -1)).filter((i) => i >= 0);
  const keyColumns = at.map((i) =>
    column((written[i] as Written).column.name, { type: (written[i] as Written).column.type }),
  );
  const keys = chunk.map((r) => at.map((i) => r[i]));
  const where: Expression =
    keyColumns.length === 1
      ? inList(
          keyColumns[0] as Expression,
          keys.map((k) => k[0]),
        )
      : inList(row(...keyColumns), keys);
  return q.query(
    select({
      columns: meta.columns.map((c) => column(c.name, { type: c.type })),
      from: table(meta.table),
      where,
    }),
  );
}

/** The stored rows into managed entities: an existing instance is refreshed in place, a given one becomes managed. */
function manage(
  ctx: UpsertContext,
  meta: EntityMetadata,
  entities: readonly Bag[],
  items: readonly unknown[],
  stored: readonly Bag[],
  written: readonly Written[],
  conflict: readonly string[],
): object[] {
  const conflictCols = written.filter((w) => conflict.includes(w.property)).map((w) => w.column);
  const keyOfRow = (r: Bag) => identityKey(conflictCols.map((c) => ctx.types.fromDriver(c.type, r[c.name])));
  const byConflict = new Map(stored.map((r) => [keyOfRow(r), r]));
  return entities.map((entity, i) => {
    const values = conflictCols.map((c) => written.find((w) => w.column === c)?.read(entity));
    // By key; by position when the database changed the key's text (a case-insensitive collation
    // meeting 'Ann@x' stored as 'ann@x'): the rows come back in the order of the VALUES.
    const found = byConflict.get(identityKey(values)) ?? stored[i];
    if (!found) throw new ValueError(`em.upsert(${meta.className}): item ${i}'s row was not found after the upsert.`);
    const key = identityKey(meta.primaryKey.map((c) => ctx.types.fromDriver(c.type, found[c.name])));
    const existing = ctx.uow.identityMap.get(rootOf(meta), key);
    if (existing) {
      ctx.managed.fill(existing, found);
      return existing.entity;
    }
    const item = items[i];
    if (item instanceof meta.entityClass && ctx.uow.entryOf(item) === undefined) {
      const entry = ctx.uow.register(newEntry('managed', item, meta, key, false));
      ctx.managed.fill(entry, found);
      return item;
    }
    return ctx.managed.entity(meta, found);
  });
}

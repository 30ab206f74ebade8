/**
 * `populate`, select-in: after a find, each relation level of the requested paths is loaded with
 * one query per chunk of keys (`WHERE key IN (…)`, chunked under the dialect's bind limit), and
 * the rows are matched to their owners in memory. Paths are checked against the metadata before
 * any SQL runs.
 */
import type { Queryable } from '../dialects/index.js';
import type { ColumnMetadata, EntityMetadata, RelationMetadata } from '../mapping/index.js';
import { buildSelect, columnOf, compileFilter, QueryError } from '../query/index.js';
import { and, column, type Expression, eq, inList, row, select, table, ValueRows } from '../sql/index.js';
import type { DialectTypes } from '../types/index.js';
import { identityOf, keyValues } from '../unit-of-work/index.js';
import type { Materializer } from './materializer.js';

type Bag = Record<string, unknown>;
type Row = Record<string, unknown>;
/** The requested paths as a tree of relation names. */
export type PathTree = Map<string, PathTree>;

/** What a populate needs from its EntityManager. */
export interface PopulateContext {
  readonly queryable: Queryable;
  readonly types: DialectTypes;
  readonly maxBindParameters: number;
  readonly materializer: Materializer;
  /** The global-filter conditions on a related class's rows (undefined: none apply). */
  readonly conditions?: ((meta: EntityMetadata) => object[] | undefined) | undefined;
}

/** The pivot's owner-key columns come back under these labels (no mapped column is named so). */
const OWNER_LABEL = 'tabula_owner_';

/** Checks `paths` against `meta` and returns them as a tree; a QueryError names the bad segment. */
export function populateTree(meta: EntityMetadata, paths: readonly string[]): PathTree {
  const tree: PathTree = new Map();
  for (const path of paths) {
    let node = tree;
    let at = meta;
    const walked: string[] = [];
    for (const segment of String(path).split('.')) {
      walked.push(segment);
      const property = at.properties.find((p) => p.name === segment);
      const relations = at.relations.map((r) => r.name);
      if (!property) {
        throw new QueryError(
          `${at.name} has no relation ${JSON.stringify(segment)} to populate (at ${walked.join('.')}).\n` +
            `  Populate one of: ${relations.join(', ') || 'none (it has no relations)'}.`,
          walked.join('.'),
        );
      }
      if (property.kind !== 'relation') {
        const kind = property.kind === 'embedded' ? 'an embeddable' : 'a column';
        throw new QueryError(
          `${at.name}.${segment} is ${kind}, not a relation (at ${walked.join('.')}).\n` +
            `  Populate one of: ${relations.join(', ') || 'none (it has no relations)'}.`,
          walked.join('.'),
        );
      }
      const next = node.get(segment) ?? new Map();
      node.set(segment, next);
      node = next;
      at = property.relation.target;
    }
  }
  return tree;
}

/** The populated to-ones that hold their FK here: `fields` must load it for `populate` to follow it. */
export function populatedForeignKeys(meta: EntityMetadata, tree: PathTree): string[] {
  return [...tree.keys()].filter((name) =>
    meta.relations.some((r) => r.name === name && r.kind !== 'many-to-many' && r.joinColumns.length > 0),
  );
}

/** Loads the relations of `tree` into `entities` (all of class `meta` or its subclasses). */
export async function populate(
  ctx: PopulateContext,
  meta: EntityMetadata,
  entities: readonly object[],
  tree: PathTree,
): Promise<void> {
  for (const [name, children] of tree) {
    const relation = meta.relations.find((r) => r.name === name) as RelationMetadata;
    const related = await loadRelation(ctx, meta, relation, entities, children.size > 0);
    if (children.size > 0 && related.length > 0) await populate(ctx, relation.target, related, children);
  }
}

/**
 * Loads one relation of `owners`; returns the distinct related entities (the next level's owners),
 * which a to-one collects only when `nested` says a next level asks for them.
 */
function loadRelation(
  ctx: PopulateContext,
  meta: EntityMetadata,
  relation: RelationMetadata,
  owners: readonly object[],
  nested: boolean,
): Promise<object[]> {
  if (relation.kind === 'many-to-many') return loadManyToMany(ctx, meta, relation, owners);
  if (relation.joinColumns.length > 0) return loadToOne(ctx, relation, owners, nested);
  return loadInverse(ctx, meta, relation, owners);
}

/** Owning to-one: the references the rows hold, filled by one `pk IN (…)` per chunk. */
async function loadToOne(
  ctx: PopulateContext,
  relation: RelationMetadata,
  owners: readonly object[],
  nested: boolean,
): Promise<object[]> {
  const target = relation.target;
  const { materializer } = ctx;
  const name = relation.name;
  const pending: object[] = [];
  for (let i = 0; i < owners.length; i++) {
    const value = (owners[i] as Bag)[name];
    if (isObject(value) && !materializer.isLoaded(value)) pending.push(value);
  }
  const rows = await selectByKeys(
    ctx,
    target,
    target.primaryKey,
    distinct(pending, target).map((p) => keyValues(target, p)),
  );
  const fetched = materializer.entities(target, rows);
  // A managed reference is filled in place by the materializer; only a read-only stub (or a
  // reference another unit of work made) is swapped for the instance its row became.
  let byKey: Map<unknown, object> | undefined;
  const related = nested ? new Set<object>() : undefined;
  for (let i = 0; i < owners.length; i++) {
    const owner = owners[i] as Bag;
    const value = owner[name];
    if (!isObject(value)) continue;
    let entity = value;
    if (!materializer.isLoaded(value)) {
      byKey ??= new Map(fetched.map((e) => [identityOf(target, e), e]));
      entity = byKey.get(identityOf(target, value)) ?? value;
      owner[name] = entity;
    }
    related?.add(entity);
  }
  return related ? [...related] : [];
}

/** One-to-many and inverse one-to-one: the target rows whose FK is among the owners' keys. */
async function loadInverse(
  ctx: PopulateContext,
  meta: EntityMetadata,
  relation: RelationMetadata,
  owners: readonly object[],
) {
  const target = relation.target;
  const owning = target.relations.find((r) => r.name === relation.mappedBy) as RelationMetadata;
  const parents = distinct(pendingOwners(ctx.materializer, relation, owners), meta);
  const rows = await selectByKeys(
    ctx,
    target,
    owning.joinColumns,
    parents.map((p) => keyValues(meta, p)),
  );
  const groups = new Map<unknown, object[]>();
  for (const r of rows) {
    const child = ctx.materializer.entity(target, r);
    const parent = (child as Bag)[owning.name];
    if (!isObject(parent)) continue;
    const key = identityOf(meta, parent);
    const group = groups.get(key) ?? [];
    if (!group.includes(child)) group.push(child);
    groups.set(key, group);
  }
  return assign(ctx.materializer, relation, owners, (p) => groups.get(identityOf(meta, p)) ?? []);
}

/** Many-to-many: the targets joined to the pivot, with the owner's key columns alongside. */
async function loadManyToMany(
  ctx: PopulateContext,
  meta: EntityMetadata,
  relation: RelationMetadata,
  owners: readonly object[],
) {
  const target = relation.target;
  const pivot = relation.pivot as NonNullable<RelationMetadata['pivot']>;
  const ownerColumns = relation.isOwner ? pivot.joinColumns : pivot.inverseJoinColumns;
  const targetColumns = relation.isOwner ? pivot.inverseJoinColumns : pivot.joinColumns;
  const parents = distinct(pendingOwners(ctx.materializer, relation, owners), meta);
  const root = { alias: 't0' };
  const pivotColumn = (name: string, i: number, of: EntityMetadata) =>
    column(name, { table: 'p', type: (of.primaryKey[i] as ColumnMetadata).type });
  const owner = ownerColumns.map((name, i) => pivotColumn(name, i, meta));
  const groups = new Map<string, object[]>();
  const filtered = ctx.conditions?.(target);
  const restricted = filtered && compileFilter(target, { $and: filtered }, { alias: root.alias, types: ctx.types });
  for (const keys of chunks(
    parents.map((p) => keyValues(meta, p)),
    ctx.maxBindParameters,
    owner.length,
  )) {
    const node = select({
      columns: [
        ...target.columns.map((c) => columnOf(root, c)),
        ...owner.map((expression, i) => ({ expression, alias: `${OWNER_LABEL}${i}` })),
      ],
      from: table(target.table, root.alias),
      joins: [
        {
          type: 'inner',
          table: table(pivot.table, 'p'),
          on: and(
            ...targetColumns.map((name, i) =>
              eq(pivotColumn(name, i, target), columnOf(root, target.primaryKey[i] as ColumnMetadata)),
            ),
          ),
        },
        ...(restricted?.joins ?? []),
      ],
      where: restricted ? and(keyCondition(owner, keys), restricted.where) : keyCondition(owner, keys),
      orderBy: [...owner, ...target.primaryKey.map((c) => columnOf(root, c))],
    });
    for (const r of await ctx.queryable.query(node)) {
      const key = ownerColumns.map((_, i) => String(r[`${OWNER_LABEL}${i}`])).join('\u0000');
      const group = groups.get(key) ?? [];
      group.push(ctx.materializer.entity(target, r));
      groups.set(key, group);
    }
  }
  const keyOf = (p: object) => keyValues(meta, p).map(String).join('\u0000');
  return assign(ctx.materializer, relation, owners, (p) => groups.get(keyOf(p)) ?? []);
}

/**
 * Sets each owner's relation to its loaded members. A managed to-many that was loaded before keeps
 * its array (it may hold unflushed changes); a fresh one becomes the members snapshot.
 */
function assign(
  materializer: Materializer,
  relation: RelationMetadata,
  owners: readonly object[],
  membersOf: (owner: object) => object[],
): object[] {
  const related = new Set<object>();
  for (const owner of new Set(owners)) {
    const members = membersOf(owner);
    if (relation.kind === 'one-to-one') {
      const held = (owner as Bag)[relation.name];
      if (isObject(held) && materializer.isLoaded(held)) {
        related.add(held);
        continue;
      }
      (owner as Bag)[relation.name] = members[0] ?? null;
      if (members[0]) related.add(members[0]);
      continue;
    }
    if (materializer.hasMembers(owner, relation.name)) {
      for (const m of (owner as Bag)[relation.name] as object[]) related.add(m);
      continue;
    }
    (owner as Bag)[relation.name] = members;
    materializer.loadedMembers(owner, relation.name, members);
    for (const m of members) related.add(m);
  }
  return [...related];
}

/**
 * The owners whose inverse relation is not loaded yet: a loaded to-many array or inverse one-to-one
 * is answered from memory (it may hold unflushed changes, and a SELECT could not change it).
 */
function pendingOwners(materializer: Materializer, relation: RelationMetadata, owners: readonly object[]): object[] {
  return owners.filter((owner) => {
    if (relation.kind !== 'one-to-one') return !materializer.hasMembers(owner, relation.name);
    const held = (owner as Bag)[relation.name];
    return !(isObject(held) && materializer.isLoaded(held));
  });
}

/** The rows of `target` whose `columns` hold one of `keys`, one SELECT per chunk, ordered by key. */
async function selectByKeys(
  ctx: PopulateContext,
  target: EntityMetadata,
  columns: readonly ColumnMetadata[],
  keys: readonly unknown[][],
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const chunk of chunks(keys, ctx.maxBindParameters, columns.length)) {
    const filtered = ctx.conditions?.(target);
    const node = buildSelect(target, {
      types: ctx.types,
      ...(filtered ? { where: { $and: filtered } } : {}),
      conditions: (root) => [
        keyList(
          columns.map((c) => columnOf(root, c)),
          columns,
          chunk,
        ),
      ],
    });
    rows.push(...(await ctx.queryable.query(node)));
  }
  return rows;
}

/**
 * `k IN (…)` for the keys of one column held flat, bound with the column's type: no parameter node
 * per key (W7 asks for 10,000 authors at once). A composite key is a list of row values.
 */
function keyList(left: readonly Expression[], columns: readonly ColumnMetadata[], keys: readonly unknown[][]) {
  const only = columns.length === 1 ? (columns[0] as ColumnMetadata) : undefined;
  if (only === undefined) return keyCondition(left, keys);
  const cells = new Array<unknown>(keys.length);
  for (let i = 0; i < keys.length; i++) cells[i] = (keys[i] as unknown[])[0];
  return inList(left[0] as Expression, ValueRows.flat([{ name: only.name, type: only.type }], cells, 'populate'));
}

export function keyCondition(columns: readonly Expression[], keys: readonly unknown[][]): Expression {
  if (columns.length === 1)
    return inList(
      columns[0] as Expression,
      keys.map((k) => k[0]),
    );
  return inList(row(...columns), keys);
}

/** Key lists cut so that no statement binds more than `maxBindParameters` values. */
export function chunks<K>(keys: readonly K[], maxBindParameters: number, perKey: number): K[][] {
  const size = Math.max(1, Math.floor(maxBindParameters / Math.max(1, perKey)));
  const out: K[][] = [];
  for (let i = 0; i < keys.length; i += size) out.push(keys.slice(i, i + size));
  return out;
}

/** Entities without repeats (by instance, then by key: read-only stubs of one row are distinct objects). */
function distinct(entities: readonly object[], meta: EntityMetadata): object[] {
  const seen = new Map<unknown, object>();
  for (const e of entities) {
    const key = identityOf(meta, e);
    if (!seen.has(key)) seen.set(key, e);
  }
  return [...seen.values()];
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/**
 * Insert rows of a flush: their values (client UUIDs, initial versions and defaults decided here),
 * the references between them as order edges, and pending keys where a row references a row whose
 * key the database has yet to generate.
 */
import type { ColumnMetadata, EntityMetadata, RelationMetadata } from '../mapping';
import { uuidV7 } from '../mapping';
import type { ClassEdge } from './class-order';
import { localIndexes } from './class-order';
import type { OrderEdge } from './commit-order';
import { type ColumnAccess, columnAccess, targetKeyProperty } from './column-access';
import type { InsertCandidate } from './collect-changes';
import type { PendingId, PlannedInsert } from './flush-plan';

type Bag = Record<string, unknown>;

/** One insert row before grouping: its written columns and values. */
export interface InsertDraft extends PlannedInsert {
  /** Shared by every draft of the same class and generated-key set (so steps group by identity). */
  readonly columns: readonly ColumnMetadata[];
  /** The generated key columns read back; shared like `columns`. */
  readonly returning: readonly ColumnMetadata[];
  /** Mutable until ordering decides which references are deferred (written NULL, then updated). */
  readonly values: unknown[];
  /** Key values: known, or pending for generated keys. */
  readonly key: readonly unknown[];
}

/** The value a FK column gets, given the rows being inserted in the same flush. */
export type ReferenceValue = (access: Extract<ColumnAccess, { kind: 'reference' }>, entity: object) => unknown;

export function newLabel(meta: EntityMetadata, index: number): string {
  return `${meta.className}(new #${index + 1})`;
}

/** The first version of a versioned row. */
export function initialVersion(column: ColumnMetadata): unknown {
  if (column.type.kind === 'datetime') return new Date();
  return column.type.kind === 'bigint' && !column.type.bigintAsNumber ? 1n : 1;
}

/** The version written by an UPDATE of a row whose version was `old`. */
export function nextVersion(column: ColumnMetadata, old: unknown): unknown {
  if (column.type.kind === 'datetime') return new Date(Math.max(Date.now(), (old as Date).getTime() + 1));
  return typeof old === 'bigint' ? old + 1n : Number(old) + 1;
}

/** Keys and assigned values of every insert row (references are resolved later, by `referenceValue`). */
export function draftInserts(candidates: readonly InsertCandidate[]): {
  drafts: InsertDraft[];
  index: Map<object, number>;
  referenceValue: ReferenceValue;
} {
  const index = new Map<object, number>();
  candidates.forEach((c, i) => {
    index.set(c.entity, i);
  });
  const keys: unknown[][] = [];
  const shells = candidates.map((c, i) => {
    const label = newLabel(c.meta, i);
    const assigned: Bag = {};
    const generatedKeys: number[] = [];
    const key = c.meta.primaryKey.map((column, k) => {
      const current = (c.entity as Bag)[column.property];
      if (current !== undefined || column.source !== 'property') return current;
      if (column.generated === 'uuidv7') return (assigned[column.property] = uuidV7());
      if (column.generated === 'identity') {
        generatedKeys.push(k);
        return { kind: 'pending-id', insert: i, keyIndex: k, label } satisfies PendingId;
      }
      return current;
    });
    keys.push(key);
    return { label, assigned, generatedKeys, key };
  });
  const referenceValue: ReferenceValue = (access, entity) => {
    const target = access.target(entity);
    if (target == null) return null;
    const i = index.get(target);
    if (i !== undefined) return (keys[i] as unknown[])[access.keyIndex];
    return (target as Bag)[targetKeyProperty(access.relation, access.keyIndex)];
  };
  const layouts = new Map<EntityMetadata, Map<string, InsertLayout>>();
  const drafts = candidates.map((c, i): InsertDraft => {
    const shell = shells[i] as (typeof shells)[number];
    const layout = insertLayout(layouts, c.meta, shell.generatedKeys);
    const values: unknown[] = new Array(layout.accesses.length);
    for (let a = 0; a < layout.accesses.length; a++) {
      const access = layout.accesses[a] as ColumnAccess;
      const { column } = access;
      const k = layout.keyIndexes[a] as number;
      if (k >= 0) values[a] = shell.key[k];
      else if (access.kind === 'reference') values[a] = referenceValue(access, c.entity);
      else values[a] = insertValue(column, access.read(c.entity), shell.assigned);
    }
    return {
      entity: c.entity,
      meta: c.meta,
      label: shell.label,
      assigned: shell.assigned,
      generatedKeys: shell.generatedKeys,
      key: shell.key,
      columns: layout.columns,
      returning: layout.returning,
      values,
    };
  });
  return { drafts, index, referenceValue };
}

/** The columns an insert of `meta` writes when the keys at `generated` come from the database. */
interface InsertLayout {
  readonly accesses: readonly ColumnAccess[];
  readonly columns: readonly ColumnMetadata[];
  /** Per written column: its index in the primary key when it is a key property, else -1. */
  readonly keyIndexes: readonly number[];
  readonly returning: readonly ColumnMetadata[];
}

function insertLayout(
  cache: Map<EntityMetadata, Map<string, InsertLayout>>,
  meta: EntityMetadata,
  generated: readonly number[],
): InsertLayout {
  let byMask = cache.get(meta);
  if (!byMask) cache.set(meta, (byMask = new Map()));
  const mask = generated.join(',');
  let layout = byMask.get(mask);
  if (!layout) {
    const accesses: ColumnAccess[] = [];
    const keyIndexes: number[] = [];
    for (const access of columnAccess(meta)) {
      const { column } = access;
      const k = column.primaryKey && column.source === 'property' ? meta.primaryKey.indexOf(column) : -1;
      if (k >= 0 && generated.includes(k)) continue;
      accesses.push(access);
      keyIndexes.push(k);
    }
    layout = {
      accesses,
      columns: accesses.map((a) => a.column),
      keyIndexes,
      returning: generated.map((k) => meta.primaryKey[k] as ColumnMetadata),
    };
    byMask.set(mask, layout);
  }
  return layout;
}

function insertValue(column: ColumnMetadata, current: unknown, assigned: Bag): unknown {
  if (current !== undefined) return current;
  if (column.isVersion && column.source === 'property') return (assigned[column.property] = initialVersion(column));
  if (column.default !== undefined && column.source === 'property') {
    return (assigned[column.property] = column.default.value);
  }
  return null;
}

/** An order edge between insert rows, with the relation whose foreign key it is. */
export interface InsertEdge extends OrderEdge {
  readonly relation: RelationMetadata;
}

/**
 * Parent → child edges between the insert rows `rows` (global indexes), one per to-one relation
 * whose target is among them; `from` and `to` are positions in `rows`.
 */
export function insertEdges(
  drafts: readonly InsertDraft[],
  index: ReadonlyMap<object, number>,
  rows: readonly number[],
): InsertEdge[] {
  const local = localIndexes(drafts.length, rows);
  const edges: InsertEdge[] = [];
  rows.forEach((row, child) => {
    const draft = drafts[row] as InsertDraft;
    for (const relation of draft.meta.relations) {
      if (relation.joinColumns.length === 0) continue;
      const target = (draft.entity as Bag)[relation.name];
      const at = target == null ? undefined : index.get(target as object);
      const parent = at === undefined ? -1 : (local[at] as number);
      if (parent < 0) continue;
      const label = `${draft.meta.table}.${relation.joinColumns.map((c) => c.name).join(',')}`;
      edges.push({ from: parent, to: child, deferrable: relation.nullable, label, relation });
    }
  });
  return edges;
}

/**
 * Class-level edges for `orderByClass`: a class that references another class (or its
 * hierarchy) by a foreign key comes after it on insert, before it on delete.
 */
export function referenceEdges(
  classes: ReadonlySet<EntityMetadata>,
  parentFirst: boolean,
): ClassEdge<EntityMetadata>[] {
  const edges: ClassEdge<EntityMetadata>[] = [];
  for (const child of classes) {
    for (const relation of child.relations) {
      if (relation.joinColumns.length === 0) continue;
      const root = relation.target.inheritance?.root ?? relation.target;
      for (const parent of classes) {
        if ((parent.inheritance?.root ?? parent) !== root) continue;
        edges.push(parentFirst ? { before: parent, after: child } : { before: child, after: parent });
      }
    }
  }
  return edges;
}

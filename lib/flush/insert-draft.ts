/**
 * The rows a flush inserts: keys (client UUIDs made here, database-generated keys pending),
 * initial versions and defaults, and every written value in column order. A draft is itself the
 * row of its insert step and the record `apply` writes back from: a flush of 10,000 authors used
 * to make four objects and two label strings per row before any SQL ran.
 */
import type { ColumnMetadata, EntityMetadata } from '../mapping/index.js';
import { holdShapeModels, uuidV7 } from '../mapping/index.js';
import { type ColumnAccess, columnAccess, targetKeyProperty } from './column-access.js';
import type { ForeignKeyWrite, PendingId, PlannedInsert, PlannedRow, RowReason } from './flush-plan.js';
import { insertForeignKey } from './foreign-key-writes.js';
import { NONE, type StepShape } from './group-steps.js';
import { sqlDefaultColumns } from './computed-values.js';

type Bag = Record<string, unknown>;

const NEW: RowReason = Object.freeze({ kind: 'new' });
const NO_VALUES: readonly unknown[] = Object.freeze([]);
const NOTHING_ASSIGNED: Readonly<Bag> = Object.freeze({});

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

/** A key the database generates for insert row `insert`; named only when a plan is described. */
class PendingKey implements PendingId {
  readonly kind = 'pending-id' as const;
  constructor(
    readonly insert: number,
    readonly keyIndex: number,
    private readonly meta: EntityMetadata,
  ) {}

  get label(): string {
    return newLabel(this.meta, this.insert);
  }
}

/** The columns an insert of `meta` writes when the keys in `generated` come from the database. */
interface InsertLayout {
  readonly accesses: readonly ColumnAccess[];
  /** Per written column: its index in the primary key when it is a key property, else -1. */
  readonly keyIndexes: readonly number[];
  readonly generated: readonly number[];
  /** Which key columns the database generates, one bit per key column. */
  readonly mask: number;
  /** Shared by every row of the layout, so rows group into steps by identity. */
  readonly shape: StepShape;
}

/** One insert row: a row of its insert step and what `apply` writes back after COMMIT. */
export class InsertDraft implements PlannedInsert, PlannedRow {
  readonly reason = NEW;
  readonly match = NO_VALUES;
  /** Values the plan decided (UUIDs, initial versions, defaults), by property. */
  assigned: Bag = NOTHING_ASSIGNED;
  /** Written values in column order; filled once every row's key is known, then final but for deferred references. */
  values: unknown[] = [];

  constructor(
    readonly entity: object,
    readonly meta: EntityMetadata,
    /** Position in the flush's inserts (names the row: `Author(new #1)`). */
    readonly index: number,
    readonly key: unknown[],
    readonly layout: InsertLayout,
  ) {}

  get label(): string {
    return newLabel(this.meta, this.index);
  }
  get generatedKeys(): readonly number[] {
    return this.layout.generated;
  }
  get columns(): readonly ColumnMetadata[] {
    return this.layout.shape.columns;
  }
  get returning(): readonly ColumnMetadata[] {
    return this.layout.shape.returning;
  }

  assign(property: string, value: unknown): unknown {
    if (this.assigned === NOTHING_ASSIGNED) this.assigned = {};
    this.assigned[property] = value;
    return value;
  }
}

// Made by every flush that inserts, and dropped after it (shape-models.ts).
const NO_META = null as unknown as EntityMetadata;
holdShapeModels(new PendingKey(0, 0, NO_META), new InsertDraft({}, NO_META, 0, [], null as unknown as InsertLayout));

/** The value a FK column gets, given the rows being inserted in the same flush. */
export type ReferenceValue = (access: Extract<ColumnAccess, { kind: 'reference' }>, entity: object) => unknown;

/**
 * The drafts of `inserts` (whose positions `index` gives by entity), and how a foreign key to any
 * entity reads given these drafts (an inserted target's key may still be pending).
 */
export function draftInserts(
  inserts: readonly { readonly entity: object; readonly meta: EntityMetadata }[],
  index: ReadonlyMap<object, number>,
  /** Receives the rows writing a scalar foreign key's column (foreign-key-writes.ts). */
  foreignKeyWrites: ForeignKeyWrite[] = [],
): { drafts: InsertDraft[]; referenceValue: ReferenceValue } {
  const layouts = new Map<EntityMetadata, Map<number, InsertLayout>>();
  // Rows of one class come together: the last layout answers most rows without a lookup.
  let last: InsertLayout | undefined;
  let lastMeta: EntityMetadata | undefined;
  let dbDefaults: readonly ColumnMetadata[] = NONE;
  const drafts = inserts.map(({ entity, meta }, i) => {
    let mask = 0;
    if (meta !== lastMeta) {
      lastMeta = meta;
      dbDefaults = sqlDefaultColumns(meta);
    }
    // A database default left to the database is a different column list (bits after the key's).
    for (let d = 0; d < dbDefaults.length; d++) {
      const column = dbDefaults[d] as ColumnMetadata;
      if ((entity as Bag)[column.property] === undefined) mask |= 1 << (meta.primaryKey.length + d);
    }
    let assigned: Bag | undefined;
    const key = meta.primaryKey.map((column, k) => {
      const current = (entity as Bag)[column.property];
      if (current !== undefined || column.source !== 'property') return current;
      if (column.generated === 'uuidv7') return ((assigned ??= {})[column.property] = uuidV7());
      if (column.defaultFn) return ((assigned ??= {})[column.property] = column.defaultFn());
      if (column.generated !== 'identity') return current;
      mask |= 1 << k;
      return new PendingKey(i, k, meta);
    });
    if (last === undefined || last.shape.meta !== meta || last.mask !== mask) last = insertLayout(layouts, meta, mask);
    const draft = new InsertDraft(entity, meta, i, key, last);
    if (assigned) draft.assigned = assigned;
    return draft;
  });
  const referenceValue: ReferenceValue = (access, entity) => {
    const target = access.target(entity);
    if (target == null) return null;
    const i = index.get(target);
    if (i !== undefined) return (drafts[i] as InsertDraft).key[access.keyIndex];
    return (target as Bag)[targetKeyProperty(access.relation, access.keyIndex)];
  };
  for (const draft of drafts) draft.values = rowValues(draft, referenceValue, foreignKeyWrites);
  return { drafts, referenceValue };
}

function rowValues(draft: InsertDraft, referenceValue: ReferenceValue, foreignKeyWrites: ForeignKeyWrite[]): unknown[] {
  const { accesses, keyIndexes } = draft.layout;
  const values: unknown[] = new Array(accesses.length);
  for (let a = 0; a < accesses.length; a++) {
    const access = accesses[a] as ColumnAccess;
    const k = keyIndexes[a] as number;
    if (k >= 0) values[a] = draft.key[k];
    else if (access.kind === 'reference')
      values[a] =
        access.scalar === undefined
          ? referenceValue(access, draft.entity)
          : insertForeignKey(draft.meta, access, draft.entity, referenceValue, foreignKeyWrites);
    else values[a] = insertValue(access.column, access.read(draft.entity), draft);
  }
  return values;
}

function insertValue(column: ColumnMetadata, current: unknown, draft: InsertDraft): unknown {
  if (current !== undefined) return current;
  if (column.source !== 'property') return null;
  if (column.isVersion) return draft.assign(column.property, initialVersion(column));
  if (column.default !== undefined) return draft.assign(column.property, column.default.value);
  if (column.defaultFn !== undefined) return draft.assign(column.property, column.defaultFn());
  return null;
}

function insertLayout(cache: Map<EntityMetadata, Map<number, InsertLayout>>, meta: EntityMetadata, mask: number) {
  let byMask = cache.get(meta);
  if (!byMask) cache.set(meta, (byMask = new Map()));
  let layout = byMask.get(mask);
  if (!layout) {
    const generated = meta.primaryKey.map((_, k) => k).filter((k) => (mask & (1 << k)) !== 0);
    const readBack = sqlDefaultColumns(meta).filter((_, d) => (mask & (1 << (meta.primaryKey.length + d))) !== 0);
    const accesses: ColumnAccess[] = [];
    const keyIndexes: number[] = [];
    for (const access of columnAccess(meta)) {
      const { column } = access;
      const k = column.primaryKey && column.source === 'property' ? meta.primaryKey.indexOf(column) : -1;
      if (k >= 0 && generated.includes(k)) continue;
      if (readBack.includes(column)) continue;
      accesses.push(access);
      keyIndexes.push(k);
    }
    const shape: StepShape = {
      kind: 'insert',
      meta,
      columns: accesses.map((a) => a.column),
      key: NONE,
      match: NONE,
      returning: generated.map((k) => meta.primaryKey[k] as ColumnMetadata),
      ...(readBack.length > 0 ? { readBack } : {}),
    };
    layout = { accesses, keyIndexes, generated, mask, shape };
    byMask.set(mask, layout);
  }
  return layout;
}

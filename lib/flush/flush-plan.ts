/**
 * The FlushPlan: what a flush will write, as plain data. Ordered steps (table, operation, rows,
 * columns, the SQL of each chunk and its bind count) and, for every entity, why it is there.
 * `em.plan()` returns it without touching the database or the tracked state; `em.flush()`
 * executes exactly such a plan.
 */
import type { EntityMetadata, ForeignKeyPropertyMetadata } from '../mapping/index.js';
import type { ColumnSpec } from '../sql/index.js';

export type StepKind = 'insert' | 'break-cycle' | 'update' | 'unlink' | 'link' | 'delete';

/** A value known only once an earlier INSERT of the same flush returned it: a generated key. */
export interface PendingId {
  readonly kind: 'pending-id';
  /** Index into `FlushPlan.inserts` of the row whose key this is. */
  readonly insert: number;
  /** Which column of that row's primary key. */
  readonly keyIndex: number;
  /** `Author(new #1)`, for describe(). */
  readonly label: string;
}

export function isPendingId(value: unknown): value is PendingId {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'pending-id';
}

/** One changed field, old → new (to-one relations show the referenced key). */
export interface FieldChange {
  readonly property: string;
  readonly column: string;
  readonly old: unknown;
  readonly new: unknown;
}

/** Why an entity is written. */
export type RowReason =
  | { readonly kind: 'new' }
  | { readonly kind: 'changed'; readonly changes: readonly FieldChange[] }
  | { readonly kind: 'removed' }
  | {
      readonly kind: 'soft-deleted';
      /** The soft-delete column set instead of deleting the row. */
      readonly column: string;
      readonly because:
        | { readonly kind: 'removed' }
        | { readonly kind: 'orphaned'; readonly parent: string; readonly relation: string };
    }
  | { readonly kind: 'orphaned'; readonly parent: string; readonly relation: string }
  | { readonly kind: 'cycle-break'; readonly columns: readonly string[] }
  | { readonly kind: 'link' | 'unlink'; readonly relation: string; readonly owner: string; readonly member: string }
  | {
      /** Written before another row because it gives up a unique value that row takes. */
      readonly kind: 'frees-unique';
      /** By its DELETE, by its UPDATE, or by a temporary NULL its own UPDATE overwrites later (a swap). */
      readonly how: 'deleted' | 'updated' | 'nulled';
      /** The constraint: `accounts.email`, `seats (room, place)`. */
      readonly unique: string;
      /** The columns set to NULL first (`how: 'nulled'`), else empty. */
      readonly columns: readonly string[];
      /** `the insert of Account(new #1)`, `the update of Account#2`. */
      readonly takenBy: string;
    };

/** One row of a step: its entity, why, and its values (in the step's column order). */
export interface PlannedRow {
  readonly entity: object;
  readonly label: string;
  readonly reason: RowReason;
  /** Primary-key values (update, break-cycle, delete). */
  readonly key: readonly unknown[];
  /** Written values in `FlushStep.columns` order (insert, update, break-cycle, link). */
  readonly values: readonly unknown[];
  /** Old values of `FlushStep.match` (the optimistic-lock version). */
  readonly match: readonly unknown[];
}

/** One statement of a step: rows [start, end) of the step, chunked under the bind ceiling. */
export interface PlannedStatement {
  readonly sql: string;
  /** The bound values as the plan compiled them (pending keys as placeholders of their type). */
  readonly params: readonly unknown[];
  readonly bindCount: number;
  readonly start: number;
  readonly end: number;
  /** True when some values are generated keys of earlier inserts, bound at execution. */
  readonly hasPendingValues: boolean;
  /**
   * False in the plan a flush makes for itself: the executor compiles each statement once, with
   * generated keys resolved, instead of compiling it twice (`sql` and `params` are then empty).
   */
  readonly isCompiled: boolean;
}

export interface FlushStep {
  readonly kind: StepKind;
  readonly table: string;
  /** The entity whose rows these are; undefined for pivot rows. */
  readonly entity?: EntityMetadata;
  readonly columns: readonly ColumnSpec[];
  readonly key: readonly ColumnSpec[];
  readonly match: readonly ColumnSpec[];
  /** Insert: the generated key columns the statement returns (empty when the keys are known). */
  readonly returning: readonly ColumnSpec[];
  /** Insert: columns left to their database DEFAULT (`.defaultSql`), read back into the entities. */
  readonly readBack?: readonly ColumnSpec[];
  readonly rows: readonly PlannedRow[];
  readonly statements: readonly PlannedStatement[];
  /** Update and delete: true when a row count short of `rows.length` is a stale version. */
  readonly isVersioned: boolean;
}

/** A row inserted by this flush, and what to write back into its entity after COMMIT. */
export interface PlannedInsert {
  readonly entity: object;
  readonly meta: EntityMetadata;
  readonly label: string;
  /** Values the plan decided (client UUIDs, initial versions, defaults), by property. */
  readonly assigned: Readonly<Record<string, unknown>>;
  /** Key columns the database generates, in primary-key order (indexes into meta.primaryKey). */
  readonly generatedKeys: readonly number[];
}

/**
 * A row that writes the FK column of a scalar foreign key (`companyId` beside `company`): which
 * side's value it writes; the other side follows after COMMIT.
 */
export interface ForeignKeyWrite {
  readonly entity: object;
  readonly property: ForeignKeyPropertyMetadata;
  readonly side: 'relation' | 'scalar';
}

/** Why each entity is in the plan. */
export interface EntityReason {
  readonly label: string;
  readonly entity: object;
  readonly reasons: readonly RowReason[];
}

export interface FlushPlan {
  readonly steps: readonly FlushStep[];
  readonly inserts: readonly PlannedInsert[];
  /** Updated rows: the new version value to write back after COMMIT, by entity. */
  readonly versions: ReadonlyMap<object, unknown>;
  /** Updated rows: values the plan decided (`.onUpdate`), by property, written back after COMMIT. */
  readonly assigned?: ReadonlyMap<object, Readonly<Record<string, unknown>>>;
  /** Entities deleted by this flush (removed, orphaned or cascaded; soft-deleted ones too): detached after COMMIT. */
  readonly deletes: readonly object[];
  /** Soft-deleted entities: the property and instant written into each after COMMIT. */
  readonly softDeleted: ReadonlyMap<object, { readonly property: string; readonly value: Date }>;
  /** Entities whose snapshot is refreshed after COMMIT: the inserted ones (in `inserts` order), then the updated ones. */
  readonly touched: readonly object[];
  /** Rows writing a scalar foreign key's column, and which side (absent when none): synced after COMMIT. */
  readonly foreignKeyWrites?: readonly ForeignKeyWrite[] | undefined;
  /** Entities not necessarily written whose to-many arrays changed; their members are recorded after COMMIT. */
  readonly membersChanged: readonly object[];
  readonly entities: readonly EntityReason[];
  /** True when the flush has nothing to write. */
  readonly isEmpty: boolean;
  /** Statement count over every step. */
  readonly statementCount: number;
  /** A plan for a person: steps, SQL, rows, and why. */
  describe(): string;
}

/**
 * Soft delete in the plan: a removed (or orphaned, or cascaded) entity whose mapper names a
 * `softDelete` property is written as `UPDATE … SET deleted_at = ? WHERE key (and version)`
 * instead of a DELETE. The rows stay; the built-in `softDelete` filter hides them from reads.
 */
import type { EntityMetadata } from '../mapping/index.js';
import type { DeleteCandidate } from '../unit-of-work/index.js';
import type { FlushStep } from './flush-plan.js';
import { group, NONE, type StepShape } from './group-steps.js';
import { bumpVersion } from './plan-updates.js';
import { KeyedRow } from './keyed-row.js';
import type { PlanTarget } from './plan-target.js';

type Bag = Record<string, unknown>;

/** What a committed soft delete writes back into its entity: the property and the instant. */
export interface SoftDeleted {
  readonly property: string;
  readonly value: Date;
}

/** The deletes split into hard ones (DELETE) and soft ones (UPDATE); no allocation when no class soft-deletes. */
export function splitSoftDeletes(deletes: readonly DeleteCandidate[]): {
  hard: readonly DeleteCandidate[];
  soft: readonly DeleteCandidate[];
} {
  if (!deletes.some((d) => d.entry.meta.softDelete)) return { hard: deletes, soft: [] };
  return {
    hard: deletes.filter((d) => !d.entry.meta.softDelete),
    soft: deletes.filter((d) => d.entry.meta.softDelete),
  };
}

/**
 * The UPDATE steps of soft deletes, one instant for the whole flush. Each entity's instant goes
 * into `stamped` and its next version into `versions`, both written back after COMMIT only.
 */
export function softDeleteSteps(
  soft: readonly DeleteCandidate[],
  versions: Map<object, unknown>,
  stamped: Map<object, SoftDeleted>,
  target: PlanTarget,
): FlushStep[] {
  if (soft.length === 0) return [];
  const now = new Date();
  const shapes = new Map<EntityMetadata, StepShape>();
  const rows = soft.map((d) => {
    const { meta, entity } = d.entry;
    const softDelete = meta.softDelete as NonNullable<EntityMetadata['softDelete']>;
    let shape = shapes.get(meta);
    if (!shape) {
      const columns = meta.version ? [softDelete.column, meta.version] : [softDelete.column];
      const match = meta.version ? [meta.version] : NONE;
      shape = { kind: 'update', meta, columns, key: meta.primaryKey, match, returning: NONE };
      shapes.set(meta, shape);
    }
    const snapshot = (d.entry.snapshot ?? {}) as Bag;
    const values: unknown[] = [now];
    const match = bumpVersion(meta, snapshot, entity, versions, values);
    stamped.set(entity, { property: softDelete.property, value: now });
    const key = meta.primaryKey.map((c) => snapshot[c.name]);
    const reason = { kind: 'soft-deleted', column: softDelete.column.name, because: d.reason } as const;
    return { shape, row: new KeyedRow(entity, meta, reason, key, values, match) };
  });
  return group(
    rows,
    (r) => r.shape,
    (r) => r.row,
    target,
  );
}

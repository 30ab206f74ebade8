/**
 * A row of an update, break-cycle or delete step: an existing row found by its key. Its label
 * (`Author#3`) is made only when someone reads it — describe() or an error — not for every row of
 * every flush.
 */
import { type EntityMetadata, holdShapeModels } from '../mapping/index.js';
import { describeEntity } from '../unit-of-work/index.js';
import type { PlannedRow, RowReason } from './flush-plan.js';

export class KeyedRow implements PlannedRow {
  constructor(
    readonly entity: object,
    private readonly meta: EntityMetadata,
    readonly reason: RowReason,
    readonly key: readonly unknown[],
    readonly values: readonly unknown[],
    readonly match: readonly unknown[],
  ) {}

  get label(): string {
    return describeEntity(this.meta, this.key);
  }
}

// Made for every updated or deleted row of a flush, and dropped after it (shape-models.ts).
holdShapeModels(new KeyedRow({}, null as unknown as EntityMetadata, { kind: 'removed' }, [], [], []));

/**
 * Plans a flush: change sets, row-level commit order, statements grouped by (table, operation,
 * column set) and chunked under the bind ceiling, each compiled so the plan shows its SQL.
 * Pure: no SQL runs and no tracked state changes.
 */
import { EntityStateError } from '../errors/index.js';
import { type ChangeSource, collectChanges, describeEntity, keyValues } from '../unit-of-work/index.js';
import { describePlan } from './describe-plan.js';
import type { FlushPlan, FlushStep, PlannedRow, RowReason } from './flush-plan.js';
import { deleteSteps } from './plan-deletes.js';
import { type SoftDeleted, softDeleteSteps, splitSoftDeletes } from './plan-soft-deletes.js';
import { draftInserts, type InsertDraft } from './insert-draft.js';
import { insertSteps } from './plan-inserts.js';
import { pivotEnds, planPivots } from './plan-pivots.js';
import type { PlanTarget } from './plan-target.js';
import { updateSteps } from './plan-updates.js';
import { type OrderNote, orderUniques } from './unique-order.js';

const NO_NOTES: readonly OrderNote[] = Object.freeze([]);
const noNotes = () => NO_NOTES;

/** Plans the next flush of `source` for `target`. Throws CommitOrderError for a NOT NULL cycle. */
export function planFlush(source: ChangeSource, target: PlanTarget): FlushPlan {
  // A flush with nothing uncertain (every flush but the ones after a lost COMMIT) walks no entry here.
  if (source.hadUnknownCommit) refuseOutcomeUnknown(source);
  const changes = collectChanges(source);
  const index = changes.insertIndex;
  const { drafts, referenceValue } = draftInserts(changes.inserts, index);
  const versions = new Map<object, unknown>();
  const assigned = new Map<object, Record<string, unknown>>();
  const { hard, soft } = splitSoftDeletes(changes.deletes);
  const stamped = new Map<object, SoftDeleted>();
  // Soft deletes first: they write no key or reference anything else needs, and where unique
  // indexes are partial (live rows only) they free values the inserts and updates may take.
  const steps = softDeleteSteps(soft, versions, stamped, target);
  steps.push(...insertSteps(drafts, index, target));
  steps.push(...updateSteps(changes.updates, referenceValue, versions, target, assigned));
  const pivots = planPivots(changes.pivots, pivotEnds(source, drafts, index), target);
  steps.push(...pivots.unlinks, ...pivots.links);
  const deletesFrom = steps.length;
  steps.push(...deleteSteps(hard, target));
  const snapshotOf = (entity: object) => source.entryOf(entity)?.snapshot;
  const unique = orderUniques({ steps, deletesFrom, drafts, insertIndex: index, snapshotOf }, target);
  return finishPlan(
    unique?.steps ?? steps,
    drafts,
    versions,
    assigned,
    changes.deletes.map((d) => d.entry.entity),
    stamped,
    [...changes.updates.map((u) => u.entry.entity), ...pivots.owners],
    changes.membersChanged,
    unique?.notes ?? noNotes,
  );
}

/** Refuses entries marked by a flush whose COMMIT outcome is unknown (runFlush), before any SQL. */
function refuseOutcomeUnknown(source: ChangeSource): void {
  let unknown: string[] | undefined;
  const { entries } = source;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as (typeof entries)[number];
    if (!entry.commitOutcomeUnknown) continue;
    const { meta, entity } = entry;
    (unknown ??= []).push(
      entry.state === 'new' ? `${meta.className}(new)` : describeEntity(meta, keyValues(meta, entity)),
    );
  }
  if (unknown) throw EntityStateError.commitOutcomeUnknown(unknown);
}

/** A pivot row is labelled by its pair; the entity it belongs to is its owner. */
function entityLabel(row: PlannedRow): string {
  return row.reason.kind === 'link' || row.reason.kind === 'unlink' ? row.reason.owner : row.label;
}

function finishPlan(
  steps: FlushStep[],
  drafts: readonly InsertDraft[],
  versions: Map<object, unknown>,
  assigned: Map<object, Record<string, unknown>>,
  deletes: readonly object[],
  softDeleted: ReadonlyMap<object, SoftDeleted>,
  updated: readonly object[],
  membersChanged: readonly object[],
  notes: () => readonly OrderNote[],
): FlushPlan {
  // Why each entity is in the plan: only describe() and readers of `entities` need it, so it is
  // gathered on first use (a flush never pays for it).
  let entities: FlushPlan['entities'] | undefined;
  const gatherReasons = (): FlushPlan['entities'] => {
    const reasons = new Map<object, { label: string; entity: object; reasons: RowReason[] }>();
    for (const step of steps) {
      for (const row of step.rows) {
        const found = reasons.get(row.entity);
        if (found) found.reasons.push(row.reason);
        else reasons.set(row.entity, { label: entityLabel(row), entity: row.entity, reasons: [row.reason] });
      }
    }
    for (const note of notes()) reasons.get(note.entity)?.reasons.push(note.reason);
    return [...reasons.values()];
  };
  const plan: FlushPlan = {
    steps,
    inserts: drafts,
    versions,
    assigned,
    deletes,
    softDeleted,
    touched: [...drafts.map((d) => d.entity), ...updated],
    membersChanged,
    get entities() {
      entities ??= gatherReasons();
      return entities;
    },
    isEmpty: steps.length === 0,
    statementCount: steps.reduce((n, s) => n + s.statements.length, 0),
    describe: () => describePlan(plan),
  };
  return plan;
}

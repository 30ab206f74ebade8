/**
 * Pivot steps of a flush: `unlink` (DELETE by a row-value list of both keys) and `link`
 * (multi-row INSERT), one step per (kind, pivot table), chunked under the bind ceiling. Keys of
 * rows inserted by the same flush are pending ids, bound at execution like any other.
 */
import type { EntityMetadata } from '../mapping/index.js';
import type { ColumnSpec } from '../sql/index.js';
import type { ChangeSource } from '../unit-of-work/index.js';
import type { PivotChange } from '../unit-of-work/index.js';
import { describeEntity, keyValues } from '../unit-of-work/index.js';
import type { FlushStep, PlannedRow, RowReason } from './flush-plan.js';
import type { PlanTarget } from './plan-target.js';
import type { InsertDraft } from './insert-draft.js';
import { chunkStatements } from './chunk-statements.js';

/** How a pivot row names an end: its key (known or pending) and its label. */
export type EndOf = (
  entity: object,
  meta: EntityMetadata,
) => { readonly key: readonly unknown[]; readonly label: string };

export interface PivotSteps {
  /** Run after updates and before deletes, so a deleted end still has its rows to unlink. */
  readonly unlinks: readonly FlushStep[];
  /** Run after every insert, so both ends' keys exist. */
  readonly links: readonly FlushStep[];
  /** Owners with pivot rows written: their member snapshots are refreshed after COMMIT. */
  readonly owners: readonly object[];
}

interface Group {
  readonly kind: 'link' | 'unlink';
  readonly table: string;
  readonly specs: readonly ColumnSpec[];
  readonly rows: PlannedRow[];
}

/** The pivot's columns with the types of the key columns they reference. */
function pivotSpecs(change: PivotChange): ColumnSpec[] {
  const pivot = change.relation.pivot;
  if (!pivot) return [];
  const typed = (names: readonly string[], meta: EntityMetadata) =>
    names.map((name, i) => ({ name, type: meta.primaryKey[i]?.type }));
  return [...typed(pivot.joinColumns, change.ownerMeta), ...typed(pivot.inverseJoinColumns, change.relation.target)];
}

/** Pivot ends: a row inserted by this flush by its draft (pending key), any other by its key as last read. */
export function pivotEnds(
  source: ChangeSource,
  drafts: readonly InsertDraft[],
  index: ReadonlyMap<object, number>,
): EndOf {
  return (entity, meta) => {
    const i = index.get(entity);
    const draft = i === undefined ? undefined : drafts[i];
    if (draft) return { key: draft.key, label: draft.label };
    const entry = source.entryOf(entity);
    const snapshot = entry?.snapshot;
    const key = snapshot ? meta.primaryKey.map((c) => snapshot[c.name]) : keyValues(meta, entity);
    return { key, label: describeEntity(entry?.meta ?? meta, key) };
  };
}

export function planPivots(changes: readonly PivotChange[], endOf: EndOf, target: PlanTarget): PivotSteps {
  const groups = new Map<string, Group>();
  const owners = new Set<object>();
  for (const change of changes) {
    const table = change.relation.pivot?.table as string;
    const id = `${change.kind},${table}`;
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { kind: change.kind, table, specs: pivotSpecs(change), rows: [] }));
    const owner = endOf(change.owner, change.ownerMeta);
    const member = endOf(change.member, change.relation.target);
    const values = [...owner.key, ...member.key];
    const reason: RowReason = {
      kind: change.kind,
      relation: change.relation.name,
      owner: owner.label,
      member: member.label,
    };
    const isLink = change.kind === 'link';
    group.rows.push({
      entity: change.owner,
      label: isLink
        ? `linked ${member.label} to ${owner.label}.${change.relation.name}`
        : `unlinked ${member.label} from ${owner.label}.${change.relation.name}`,
      reason,
      key: isLink ? [] : values,
      values: isLink ? values : [],
      match: [],
    });
    owners.add(change.owner);
  }
  const steps = [...groups.values()].map((g) => pivotStep(g, target));
  return {
    unlinks: steps.filter((s) => s.kind === 'unlink'),
    links: steps.filter((s) => s.kind === 'link'),
    owners: [...owners],
  };
}

function pivotStep(group: Group, target: PlanTarget): FlushStep {
  const isLink = group.kind === 'link';
  const base = {
    kind: group.kind,
    table: group.table,
    columns: isLink ? group.specs : [],
    key: isLink ? [] : group.specs,
    match: [],
    returning: [],
    rows: group.rows,
    isVersioned: false,
  };
  const statements = chunkStatements(base, group.rows, target);
  return { ...base, statements };
}

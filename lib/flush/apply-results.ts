/**
 * Writes a committed flush back into the unit of work: generated keys, assigned values and versions
 * into entities; inserted and updated entries get fresh snapshots and enter the identity map;
 * deleted ones are detached. Called only after COMMIT, so a failed flush leaves everything as it was.
 */
import { membersOf, newEntry, identityOf, type EntityEntry, type UnitOfWork } from '../unit-of-work/index.js';
import type { ExecutionResult } from './execute-plan.js';
import type { FlushPlan } from './flush-plan.js';

type Bag = Record<string, unknown>;

export function applyResults(uow: UnitOfWork, plan: FlushPlan, result: ExecutionResult): void {
  const inserted: EntityEntry[] = [];
  // Empty unless a class has .defaultSql columns: no lookup per row otherwise.
  const readBack = result.readBack.size > 0 ? result.readBack : undefined;
  plan.inserts.forEach((insert, i) => {
    const bag = insert.entity as Bag;
    Object.assign(bag, insert.assigned);
    if (readBack) Object.assign(bag, readBack.get(insert.entity));
    for (const k of insert.generatedKeys) {
      bag[(insert.meta.primaryKey[k] as { property: string }).property] = result.generated.get(i, k);
    }
    const entry =
      uow.entryOf(insert.entity) ?? uow.register(newEntry('new', insert.entity, insert.meta, undefined, true));
    entry.state = 'managed';
    entry.key = identityOf(insert.meta, insert.entity);
    uow.identityMap.set(entry);
    inserted.push(entry);
  });
  for (const [entity, version] of plan.versions) {
    const entry = uow.entryOf(entity);
    if (entry?.meta.version) (entity as Bag)[entry.meta.version.property] = version;
  }
  if (plan.assigned) for (const [entity, values] of plan.assigned) Object.assign(entity, values);
  for (const [entity, { property, value }] of plan.softDeleted) (entity as Bag)[property] = value;
  for (const entity of plan.deletes) uow.detach(entity);
  // Snapshots once every generated key is in place (a row may reference one inserted after it).
  for (const entry of inserted) uow.snapshot(entry);
  // `touched` lists the inserted entities first (snapshotted just above), then the updated ones.
  for (let i = plan.inserts.length; i < plan.touched.length; i++) {
    const entry = uow.entryOf(plan.touched[i] as object);
    if (entry?.state === 'managed' && entry.isInitialized) uow.snapshot(entry);
  }
  // An entity not written can still have had its arrays changed (a member moved to another
  // parent, an orphan taken out): what was flushed is now what it holds. Arrays changed without
  // anything to write (no cascade, no orphan removal) keep their old record: comparing them again
  // next time finds nothing to write again.
  for (const entity of plan.membersChanged) {
    const entry = uow.entryOf(entity);
    if (entry?.state === 'managed' && entry.isInitialized) entry.members = membersOf(entity, entry.meta, entry.members);
  }
}

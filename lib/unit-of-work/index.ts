export type { ChangeSet, DeleteCandidate, DeleteReason, FailedComparison, InsertCandidate } from './change-set';
export { type ChangeSource, type CollectedChanges, collectChanges } from './collect-changes';
export type { PivotChange } from './collect-pivots';
export { type EntityEntry, type EntityState, newEntry, rootOf } from './entity-entry';
export { describeEntity, identityKey, identityOf, keyInput, keyValues } from './entity-key';
export { membersOf, NO_MEMBERS, UnitOfWork } from './unit-of-work';

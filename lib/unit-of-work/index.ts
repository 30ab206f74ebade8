export type { ChangeSet, DeleteCandidate, DeleteReason, FailedComparison, InsertCandidate } from './change-set.js';
export { type ChangeSource, type CollectedChanges, collectChanges } from './collect-changes.js';
export type { PivotChange } from './collect-pivots.js';
export { type EntityEntry, type EntityState, newEntry, rootOf } from './entity-entry.js';
export { describeEntity, identityKey, identityOf, keyInput, keyValues } from './entity-key.js';
export { carryInverseSides, type InverseCarried, type InverseSync, syncInverseSides } from './inverse-sides.js';
export type { ScanFound } from './flush-scan.js';
export { membersOf, NO_MEMBERS, UnitOfWork } from './unit-of-work.js';
export { markedEntry, stampModel } from './entity-owner.js';

/**
 * The pass of every flush that looks for inverse-side changes (inverse-sides.ts), generated per
 * entity class like the flush's scan: a loop over a run of entries of one class whose checks read
 * each inverse relation as a plain property, so the common flush — no inverse array changed —
 * costs a few monomorphic reads per entry. A class without inverse relations gets no check at
 * all: its run is skipped by comparing metadata only.
 *
 * The check is a superset of what needs carrying over; each entry it picks is handed to `carry`
 * at once, in registration order, so the result is the same as looking at every entry in turn.
 */
import { type EntityMetadata, GeneratedSource, literal, member, type RelationMetadata } from '../mapping/index.js';
import type { EntityEntry } from './entity-entry.js';
import { sameMembers } from './flush-scan.js';

/** An inverse relation of a class and the owning relation it mirrors. */
export interface InverseRelation {
  readonly relation: RelationMetadata;
  readonly owning: RelationMetadata;
}

/** Walks `entries[from]` onwards while they belong to one class, handing each entry that may need carrying over to `carry`; returns the next index. */
export type InverseCheck = (
  entries: readonly EntityEntry[],
  from: number,
  carry: (entry: EntityEntry) => void,
) => number;

/** The run of a class without inverse relations: nothing to look at but where it ends. */
const skipRun: InverseCheck = (entries, from) => {
  const meta = (entries[from] as EntityEntry).meta;
  let i = from + 1;
  while (i < entries.length && (entries[i] as EntityEntry).meta === meta) i++;
  return i;
};

/** The condition under which one inverse relation of `e` (entry `entry`, state `state`) may need carrying over. */
function mayNeedCarry(inverse: InverseRelation): string {
  const value = member('e', inverse.relation.name);
  if (inverse.relation.kind === 'one-to-one') {
    return `((v = ${value}) !== null && typeof v === 'object' && ${member('v', inverse.owning.name)} !== e)`;
  }
  const members = `entry.members.get(${literal(inverse.relation.name)})`;
  // Not loaded (no record) and empty on a managed entity: nothing to carry, nothing to refuse.
  return `(Array.isArray(v = ${value}) && ((m = ${members}) === undefined ? state === 'new' || v.length > 0 : !same(m, v)))`;
}

/** The printable source of a class's inverse check (for review; the compiled one runs exactly this). */
export function inverseCheckSource(meta: EntityMetadata, relations: readonly InverseRelation[]): string {
  const s = checkSource(meta, relations);
  return s.source.print(s.title, s.signature);
}

/** Compiles the inverse check of one class (`skipRun` when it has no inverse relations). */
export function compileInverseCheck(meta: EntityMetadata, relations: readonly InverseRelation[]): InverseCheck {
  if (relations.length === 0) return skipRun;
  const s = checkSource(meta, relations);
  return s.source.compile<InverseCheck>(s.title, s.signature);
}

function checkSource(meta: EntityMetadata, relations: readonly InverseRelation[]) {
  const src = new GeneratedSource();
  src.constant('META', meta, `the metadata of ${meta.className}`);
  if (relations.some((r) => r.relation.kind !== 'one-to-one')) src.constant('same', sameMembers, 'sameMembers');
  src.line('let i = from, entry, state, e, v, m;');
  src.line('for (; i < entries.length; i++) {');
  src.nested(1, () => {
    src.line('entry = entries[i];');
    src.line('if (entry.meta !== META) break;');
    src.line('state = entry.state;');
    src.line("if (state === 'removed' || !entry.isInitialized) continue;");
    src.line('e = entry.entity;');
    src.line(`if (${relations.map(mayNeedCarry).join(' || ')}) carry(entry);`);
  });
  src.line('}');
  src.line('return i;');
  const name = `inverseCheck${meta.className}`;
  return {
    source: src,
    title: `${name}: the ${meta.className} entries of a run whose inverse sides may need carrying over (${meta.name})`,
    signature: `${name}(entries, from, carry)`,
  };
}

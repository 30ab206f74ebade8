/**
 * The commands of the flush property, as plain data: a shrunk list prints as JSON and pastes
 * into a regression spec as it is. Targets are indices, resolved when the command runs against
 * the entities that exist then (modulo their number), so any list is meaningful.
 */
import fc from 'fast-check';

/** A to-one target: none, the entity itself (self-reference), or the i-th candidate. */
export type Pick = null | 'self' | number;
export type Kind = 'person' | 'team' | 'skill';
/** The to-one relations, and which kinds hold them. */
export type Rel = 'manager' | 'team' | 'lead';
export const RELS: Record<Kind, readonly Rel[]> = { person: ['manager', 'team'], team: ['lead'], skill: [] };

export type Op =
  | { op: 'person'; name: string; email: string | null; manager: Pick; team: Pick; skills: number[] }
  | { op: 'team'; name: string; lead: Pick }
  | { op: 'skill' }
  | { op: 'name'; kind: 'person' | 'team'; at: number; name: string }
  | { op: 'email'; at: number; email: string | null }
  | { op: 'manager'; at: number; to: Pick }
  | { op: 'team-of'; at: number; to: Pick }
  | { op: 'lead'; at: number; to: Pick }
  | { op: 'add-skill'; at: number; skill: number }
  | { op: 'drop-skill'; at: number; index: number }
  | { op: 'label'; at: number }
  /** `fix`: first clear the references to it, as an application should; without, the flush must refuse. */
  | { op: 'remove'; kind: Kind; at: number; fix: boolean }
  /** `undo`: after a foreign-key refusal, take the removal back instead of clearing the references. */
  | { op: 'flush'; undo: boolean };

const index = fc.nat(7);
const target: fc.Arbitrary<Pick> = fc.oneof(fc.constant(null), index);
const selfTarget: fc.Arbitrary<Pick> = fc.oneof(fc.constant(null), fc.constant('self' as const), index);
// Quotes, backslashes and non-ASCII in names; a small pool of emails, so that unique values collide.
const name = fc.oneof(fc.constantFrom('Ann', "O'Neil", 'Zoë', 'a\\b'), fc.string({ maxLength: 40 }));
const email = fc.constantFrom(null, null, 'a@x.io', 'b@x.io', 'c@x.io');
const kind = fc.constantFrom<Kind>('person', 'person', 'team', 'skill');

export const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('person' as const),
      name,
      email,
      manager: selfTarget,
      team: target,
      skills: fc.array(index, { maxLength: 3 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('team' as const), name, lead: target }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('skill' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('name' as const),
      kind: fc.constantFrom('person', 'team'),
      at: index,
      name,
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('email' as const), at: index, email }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('manager' as const), at: index, to: selfTarget }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('team-of' as const), at: index, to: target }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('lead' as const), at: index, to: target }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('add-skill' as const), at: index, skill: index }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('drop-skill' as const), at: index, index }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('label' as const), at: index }) },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant('remove' as const), kind, at: index, fix: fc.boolean() }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('flush' as const), undo: fc.boolean() }) },
);

/** One run: up to 20 commands, lengths spread over the whole range (a final flush always follows). */
export const opsArbitrary = fc.array(opArbitrary, { maxLength: 20, size: 'max' });

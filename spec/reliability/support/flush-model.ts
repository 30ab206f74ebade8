/**
 * The model of the flush property: what each entity holds in memory (`cur`), what Tabula last
 * wrote or read for it (`snap`, which decides what is dirty and when a version moves) and what
 * the database holds (`db`, which differs from `snap` where ON DELETE SET NULL acted behind the
 * EntityManager's back). A flush is predicted — success, or which typed refusals may answer — and
 * checked: on success the model advances and a fresh EntityManager must read back exactly `db`;
 * on a refusal the database and the EntityManager must be as they were, and the model then does
 * what the docs tell an application to do (clear the references, take the removal back, clear a
 * clashing email) before the next flush.
 */
import { expect } from 'chai';
import type { EntityManager, Tabula as TabulaType } from '../../../lib';
import {
  EntityStateError,
  ForeignKeyConstraintError,
  TabulaError,
  UniqueConstraintError,
  UniqueOrderError,
} from '../../../lib/errors';
import { Person, Skill, Team } from './flush-graph';
import { type Kind, type Op, type Pick, RELS, type Rel } from './flush-ops';
import { emState, verifyGraph } from './flush-verify';

export type State = 'new' | 'managed' | 'removed' | 'gone';
/** The to-one relations whose foreign key has no ON DELETE action: a deleted target still referenced is refused. */
const RESTRICTING: readonly Rel[] = ['manager', 'lead'];

export interface Fields {
  name: string;
  email: string | null;
  label: string;
  manager: Model | null;
  team: Model | null;
  lead: Model | null;
  skills: Model[];
}

export interface Model {
  readonly mid: string;
  readonly kind: Kind;
  readonly obj: Person | Team | Skill;
  state: State;
  /** True while the database holds its row. */
  inDb: boolean;
  cur: Fields;
  snap: Fields | undefined;
  db: Fields | undefined;
  version: number;
}

export interface FlushStats {
  commands: number;
  flushes: number;
  refusals: Record<string, number>;
}

/** An error class, for `instanceof`. */
type ErrorClass = abstract new (...args: never[]) => TabulaError;

const copy = (f: Fields): Fields => ({ ...f, skills: [...f.skills] });

function columnsChanged(kind: Kind, a: Fields, b: Fields): boolean {
  if (kind === 'person')
    return a.name !== b.name || a.email !== b.email || a.manager !== b.manager || a.team !== b.team;
  if (kind === 'team') return a.name !== b.name || a.lead !== b.lead;
  return a.label !== b.label;
}

export class FlushModel {
  readonly ents: Model[] = [];
  #labels = 0;

  constructor(
    readonly orm: TabulaType,
    readonly em: EntityManager,
    readonly stats: FlushStats,
  ) {}

  private live(kind: Kind, withRemoved = false): Model[] {
    return this.ents.filter(
      (e) => e.kind === kind && (e.state === 'new' || e.state === 'managed' || (withRemoved && e.state === 'removed')),
    );
  }

  private nth(kind: Kind, i: number, withRemoved = false): Model | undefined {
    const c = this.live(kind, withRemoved);
    return c.length ? c[i % c.length] : undefined;
  }

  /** A relation target: pending removals are fair game (the flush then decides), gone entities are not. */
  private resolve(pick: Pick, kind: Kind, self: Model): Model | null {
    if (pick === null) return null;
    if (pick === 'self') return kind === self.kind ? self : null;
    return this.nth(kind, pick, true) ?? null;
  }

  private setRef(e: Model, rel: Rel, to: Model | null): void {
    e.cur[rel] = to;
    (e.obj as unknown as Record<Rel, object | null>)[rel] = to ? to.obj : null;
  }

  private setScalar(e: Model, field: 'name' | 'email' | 'label', value: string | null): void {
    (e.cur as unknown as Record<string, unknown>)[field] = value;
    (e.obj as unknown as Record<string, unknown>)[field] = value;
  }

  private create(kind: Kind, obj: Person | Team | Skill, fields: Partial<Fields>): Model {
    const e: Model = {
      mid: `${kind[0]}${this.ents.length}`,
      kind,
      obj,
      state: 'new',
      inDb: false,
      cur: { name: '', email: null, label: '', manager: null, team: null, lead: null, skills: [], ...fields },
      snap: undefined,
      db: undefined,
      version: 0,
    };
    this.ents.push(e);
    return e;
  }

  /** Runs one command against the EntityManager and the model alike. */
  async run(op: Op): Promise<void> {
    this.stats.commands++;
    if (op.op === 'flush') return this.flush(op.undo);
    this.apply(op);
  }

  private apply(op: Exclude<Op, { op: 'flush' }>): void {
    switch (op.op) {
      case 'person': {
        const e = this.create('person', new Person(op.name, op.email), { name: op.name, email: op.email });
        this.setRef(e, 'manager', this.resolve(op.manager, 'person', e));
        this.setRef(e, 'team', this.resolve(op.team, 'team', e));
        for (const i of op.skills) {
          const s = this.nth('skill', i);
          if (s && !e.cur.skills.includes(s)) {
            e.cur.skills.push(s);
            (e.obj as Person).skills.push(s.obj as Skill);
          }
        }
        this.em.persist(e.obj);
        return;
      }
      case 'team': {
        const e = this.create('team', new Team(op.name), { name: op.name });
        this.setRef(e, 'lead', this.resolve(op.lead, 'person', e));
        this.em.persist(e.obj);
        return;
      }
      case 'skill': {
        const label = `skill ${++this.#labels}`;
        this.em.persist(this.create('skill', new Skill(label), { label }).obj);
        return;
      }
      case 'name': {
        const e = this.nth(op.kind, op.at);
        if (e) this.setScalar(e, 'name', op.name);
        return;
      }
      case 'email': {
        const e = this.nth('person', op.at);
        if (e) this.setScalar(e, 'email', op.email);
        return;
      }
      case 'label': {
        const e = this.nth('skill', op.at);
        if (e) this.setScalar(e, 'label', `skill ${++this.#labels}`);
        return;
      }
      case 'manager':
      case 'team-of':
      case 'lead': {
        const [kind, rel, targetKind]: [Kind, Rel, Kind] =
          op.op === 'manager'
            ? ['person', 'manager', 'person']
            : op.op === 'team-of'
              ? ['person', 'team', 'team']
              : ['team', 'lead', 'person'];
        const e = this.nth(kind, op.at);
        if (e) this.setRef(e, rel, this.resolve(op.to, targetKind, e));
        return;
      }
      case 'add-skill': {
        const e = this.nth('person', op.at);
        const s = this.nth('skill', op.skill);
        if (e && s && !e.cur.skills.includes(s)) {
          e.cur.skills.push(s);
          (e.obj as Person).skills.push(s.obj as Skill);
        }
        return;
      }
      case 'drop-skill': {
        const e = this.nth('person', op.at);
        if (e?.cur.skills.length) {
          const at = op.index % e.cur.skills.length;
          e.cur.skills.splice(at, 1);
          (e.obj as Person).skills.splice(at, 1);
        }
        return;
      }
      case 'remove':
        this.remove(op.kind, op.at, op.fix);
        return;
    }
  }

  private remove(kind: Kind, at: number, fix: boolean): void {
    const x = this.nth(kind, at);
    if (!x) return;
    for (const e of this.ents) {
      if (e.state === 'gone') continue;
      // A removed skill is taken out of the owners' arrays, as docs/unit-of-work.md asks.
      const i = e.cur.skills.indexOf(x);
      if (i >= 0) {
        e.cur.skills.splice(i, 1);
        (e.obj as Person).skills.splice(i, 1);
      }
      if (fix) for (const rel of RELS[e.kind]) if (e.cur[rel] === x) this.setRef(e, rel, null);
    }
    this.em.remove(x.obj);
    if (x.state === 'new') x.state = 'gone';
    else x.state = 'removed';
  }

  private alive(): Model[] {
    return this.ents.filter((e) => e.state === 'new' || e.state === 'managed');
  }

  /** New entities, and managed ones with a changed column: the flush checks every to-one reference of these. */
  private checked(e: Model): boolean {
    return e.snap === undefined || columnsChanged(e.kind, e.cur, e.snap);
  }

  /**
   * References the flush refuses before any SQL (EntityStateError): from an entity it writes to
   * one that is removed, or no longer tracked — removed while new, or deleted by an earlier flush
   * while this entity kept pointing at it (ON DELETE SET NULL changed the row, not the entity).
   */
  private untracked(): [Model, Rel][] {
    return this.alive().flatMap((e) =>
      this.checked(e)
        ? RELS[e.kind]
            .filter((r) => e.cur[r]?.state === 'gone' || e.cur[r]?.state === 'removed')
            .map((r): [Model, Rel] => [e, r])
        : [],
    );
  }

  /** References left unchanged to a row the flush deletes, through a foreign key without ON DELETE: the database refuses. */
  private dangling(): [Model, Rel][] {
    return this.alive().flatMap((e) =>
      this.checked(e)
        ? []
        : RESTRICTING.filter((r) => RELS[e.kind].includes(r) && e.cur[r]?.state === 'removed').map(
            (r): [Model, Rel] => [e, r],
          ),
    );
  }

  private duplicateEmails(): Model[] {
    const seen = new Set<string>();
    return this.live('person').filter((e) => {
      if (e.cur.email === null) return false;
      if (seen.has(e.cur.email)) return true;
      seen.add(e.cur.email);
      return false;
    });
  }

  /** People taking an email another row frees in the same flush (the planner orders them, or says it cannot). */
  private takers(): Model[] {
    const freed = new Set(
      this.ents
        .filter((e) => e.kind === 'person' && e.inDb && e.snap?.email != null)
        .filter((e) => e.state === 'removed' || e.cur.email !== e.snap?.email)
        .map((e) => e.snap?.email as string),
    );
    return this.live('person').filter(
      (e) => e.cur.email !== null && freed.has(e.cur.email) && e.cur.email !== e.snap?.email,
    );
  }

  private async flush(undo: boolean): Promise<void> {
    this.stats.flushes++;
    const untracked = this.untracked();
    const dangling = this.dangling();
    const duplicates = this.duplicateEmails();
    const takers = this.takers();
    const required: ErrorClass[] = untracked.length ? [EntityStateError] : [];
    if (!untracked.length) {
      if (dangling.length) required.push(ForeignKeyConstraintError);
      if (duplicates.length) required.push(UniqueConstraintError);
    }
    const allowed = untracked.length || !takers.length ? required : [...required, UniqueOrderError];
    const emBefore = this.emState();
    let error: unknown;
    try {
      await this.em.flush();
    } catch (e) {
      error = e;
    }
    if (error === undefined) {
      expect(
        required.map((c) => c.name),
        'the flush succeeded, but the model expected a refusal',
      ).to.deep.equal([]);
      this.committed();
      await this.verify();
      return;
    }
    const name = (error as Error).constructor?.name;
    expect(
      allowed.some((c) => error instanceof c),
      `refused with ${name} (${(error as Error).message}); the model allowed ${allowed.map((c) => c.name).join(', ') || 'nothing'}`,
    ).to.equal(true);
    expect(error).to.be.instanceOf(TabulaError);
    this.stats.refusals[name] = (this.stats.refusals[name] ?? 0) + 1;
    expect(this.emState(), `the EntityManager after a refused flush (${name})`).to.deep.equal(emBefore);
    await this.verify();
    this.recover([...untracked, ...dangling], duplicates, takers, undo);
  }

  /** What the docs tell an application to do: clear the reference or take the removal back, clear a clashing email. */
  private recover(refs: [Model, Rel][], dups: Model[], takers: Model[], undo: boolean) {
    for (const [e, r] of refs) {
      const x = e.cur[r] as Model;
      if (undo && x.state === 'removed') {
        this.em.persist(x.obj);
        x.state = 'managed';
      } else if (!undo || x.state === 'gone') this.setRef(e, r, null);
    }
    for (const e of [...dups, ...takers]) this.setScalar(e, 'email', null);
  }

  /** The model after a committed flush. */
  private committed(): void {
    for (const e of this.ents) {
      if (e.state === 'removed') {
        e.state = 'gone';
        e.inDb = false;
      } else if (e.state === 'new') {
        e.state = 'managed';
        e.inDb = true;
        e.version = 1;
        e.snap = copy(e.cur);
        e.db = copy(e.cur);
      } else if (e.state === 'managed') {
        if (columnsChanged(e.kind, e.cur, e.snap as Fields)) {
          if (e.kind === 'person') e.version++;
          e.snap = copy(e.cur);
          e.db = copy(e.cur);
        }
        (e.db as Fields).skills = [...e.cur.skills];
      }
    }
    // ON DELETE SET NULL: the database forgets deleted teams; snapshots and entities keep them.
    for (const e of this.ents) if (e.inDb && e.db?.team?.state === 'gone') e.db.team = null;
  }

  async verify(): Promise<void> {
    await verifyGraph(this.orm, this.ents);
  }

  emState(): unknown[] {
    return emState(this.em);
  }

  /** The last flush of a run: refusals are recovered from until one commits (a few rounds at most). */
  async settle(): Promise<void> {
    for (let round = 0; round < 4; round++) {
      const before = this.stats.flushes;
      const refusals = Object.values(this.stats.refusals).reduce((a, b) => a + b, 0);
      await this.flush(false);
      if (Object.values(this.stats.refusals).reduce((a, b) => a + b, 0) === refusals && this.stats.flushes > before)
        return;
    }
    expect.fail('four flushes in a row were refused');
  }
}

/** What the flush property checks after each flush: the database read back, the entities, the EntityManager's state. */
import { expect } from 'chai';
import type { EntityManager, Tabula as TabulaType } from '../../../lib';
import { unitOfWorkOf } from '../../support/internals';
import { type GraphRows, reloadGraph } from './flush-graph';
import type { Fields, Model } from './flush-model';
import { type Kind, RELS } from './flush-ops';

/** The rows the database must hold, by the model. */
export function expectedRows(ents: readonly Model[]): GraphRows {
  const id = (m: Model | null) => (m ? (m.obj.id as number) : null);
  const rows = (kind: Kind) =>
    ents.filter((e) => e.kind === kind && e.inDb).sort((a, b) => (a.obj.id as number) - (b.obj.id as number));
  return {
    people: rows('person').map((e) => {
      const d = e.db as Fields;
      const skills = d.skills.map((s) => s.obj.id as number).sort((a, b) => a - b);
      return {
        id: id(e) as number,
        version: e.version,
        name: d.name,
        email: d.email,
        manager: id(d.manager),
        team: id(d.team),
        skills,
      };
    }),
    teams: rows('team').map((e) => ({
      id: id(e) as number,
      name: (e.db as Fields).name,
      lead: id((e.db as Fields).lead),
    })),
    skills: rows('skill').map((e) => ({ id: id(e) as number, label: (e.db as Fields).label })),
  };
}

/** The database read by a fresh EntityManager equals the model; the entities hold what the commands set. */
export async function verifyGraph(orm: TabulaType, ents: readonly Model[]): Promise<void> {
  expect(await reloadGraph(orm), 'the database, read back').to.deep.equal(expectedRows(ents));
  for (const e of ents) {
    if (e.state === 'gone') continue;
    const o = e.obj as unknown as Record<string, unknown>;
    const want: Record<string, unknown> = {};
    const got: Record<string, unknown> = {};
    for (const f of e.kind === 'person' ? ['name', 'email'] : e.kind === 'team' ? ['name'] : ['label']) {
      want[f] = (e.cur as unknown as Record<string, unknown>)[f];
      got[f] = o[f];
    }
    for (const r of RELS[e.kind]) {
      want[r] = e.cur[r]?.mid ?? null;
      got[r] = ents.find((m) => m.obj === o[r])?.mid ?? (o[r] == null ? null : 'unknown');
    }
    if (e.kind === 'person') {
      want.skills = e.cur.skills.map((s) => s.mid);
      got.skills = (o.skills as object[]).map((s) => ents.find((m) => m.obj === s)?.mid);
      want.version = e.inDb ? e.version : undefined;
      got.version = o.version;
    }
    expect(got, `entity ${e.mid}`).to.deep.equal(want);
  }
}

/** Everything an EntityManager tracks, as data: entries, states, keys, snapshots, members, and the entities' ids. */
export function emState(em: EntityManager): unknown[] {
  return [...unitOfWorkOf(em).entries].map((x) => [
    x.state,
    JSON.stringify(x.key),
    JSON.stringify(x.snapshot),
    [...x.members.entries()].map(([k, v]) => [k, v.length]),
    (x.entity as { id?: number }).id,
    (x.entity as { version?: number }).version,
  ]);
}

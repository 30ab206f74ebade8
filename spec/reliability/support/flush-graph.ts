/**
 * The graph of the flush property (tables t_fp_*): people with a nullable self-reference
 * (`manager`), a nullable unique email and a version; teams whose nullable `lead` is a person
 * while a person's nullable `team` is a team (a cycle of classes, ON DELETE SET NULL on the
 * person's side); skills linked to people through a pivot (unique NOT NULL labels).
 */
import type { Tabula as TabulaType } from '../../../lib';
import { Tabula } from '../../../lib';
import { defineEntity, p } from '../../../lib/mapping';
import { sql } from '../../../lib/sql';

export class Person {
  id?: number;
  version?: number;
  manager: Person | null = null;
  team: Team | null = null;
  skills: Skill[] = [];
  constructor(
    public name: string,
    public email: string | null,
  ) {}
}

export class Team {
  id?: number;
  lead: Person | null = null;
  constructor(public name: string) {}
}

export class Skill {
  id?: number;
  constructor(public label: string) {}
}

export const PersonMapper = defineEntity(Person, {
  table: 't_fp_people',
  properties: {
    id: p.integer().primaryKey().generated(),
    version: p.integer().version(),
    name: p.string({ length: 40 }),
    email: p.string({ length: 60 }).unique().nullable(),
    manager: p.manyToOne(() => Person).nullable(),
    // The database forgets a deleted team for its people; the EntityManager does not (see the model).
    team: p.manyToOne(() => Team, { onDelete: 'set null' }).nullable(),
    skills: p.manyToMany(() => Skill, { pivotTable: 't_fp_person_skills' }),
  },
});

export const TeamMapper = defineEntity(Team, {
  table: 't_fp_teams',
  properties: {
    id: p.integer().primaryKey().generated(),
    name: p.string({ length: 40 }),
    lead: p.manyToOne(() => Person).nullable(),
  },
});

export const SkillMapper = defineEntity(Skill, {
  table: 't_fp_skills',
  properties: {
    id: p.integer().primaryKey().generated(),
    label: p.string({ length: 40 }).unique(),
  },
});

export const graphMappers = [PersonMapper, TeamMapper, SkillMapper] as const;

export async function openGraph(url: string): Promise<TabulaType> {
  const orm = await Tabula.connect({ url, mappers: [...graphMappers] });
  await orm.schema.drop();
  await orm.schema.create();
  return orm;
}

/** Empties the tables between runs: the person ↔ team cycle and the self-reference are cut first. */
export async function emptyGraph(orm: TabulaType): Promise<void> {
  await orm.db.execute(sql`delete from t_fp_person_skills`);
  await orm.db.execute(sql`update t_fp_teams set lead_id = null`);
  await orm.db.execute(sql`update t_fp_people set manager_id = null, team_id = null`);
  await orm.db.execute(sql`delete from t_fp_people`);
  await orm.db.execute(sql`delete from t_fp_teams`);
  await orm.db.execute(sql`delete from t_fp_skills`);
}

export interface PersonRow {
  id: number;
  version: number;
  name: string;
  email: string | null;
  manager: number | null;
  team: number | null;
  skills: number[];
}
export interface TeamRow {
  id: number;
  name: string;
  lead: number | null;
}
export interface SkillRow {
  id: number;
  label: string;
}
export interface GraphRows {
  people: PersonRow[];
  teams: TeamRow[];
  skills: SkillRow[];
}

/** Everything the database holds, read through a fresh EntityManager (hydration and populate included). */
export async function reloadGraph(orm: TabulaType): Promise<GraphRows> {
  const em = orm.em.fork();
  const people = await em.find(Person, {}, { populate: ['skills'] });
  const teams = await em.find(Team);
  const skills = await em.find(Skill);
  return {
    people: people.map((x) => ({
      id: x.id as number,
      version: x.version as number,
      name: x.name,
      email: x.email,
      manager: x.manager?.id ?? null,
      team: x.team?.id ?? null,
      skills: x.skills.map((s) => s.id as number).sort((a, b) => a - b),
    })),
    teams: teams.map((t) => ({ id: t.id as number, name: t.name, lead: t.lead?.id ?? null })),
    skills: skills.map((s) => ({ id: s.id as number, label: s.label })),
  };
}

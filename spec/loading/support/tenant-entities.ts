/**
 * Tenant-scoped entities for the global-filter specs (tables t_gf_*): projects with tasks
 * (one-to-many) and tags (many-to-many), every class filtered by a default-enabled `tenant`
 * filter that needs parameters, and projects with an opt-in `named` filter.
 */
import { defineEntity, p } from '../../../lib/mapping';

export class Project {
  id?: number;
  tasks: Task[] = [];
  tags: Tag[] = [];
  constructor(
    public tenantId: number,
    public name: string,
  ) {}
}

export class Task {
  id?: number;
  constructor(
    public tenantId: number,
    public title: string,
    public project: Project,
  ) {}
}

export class Tag {
  id?: number;
  constructor(
    public tenantId: number,
    public name: string,
  ) {}
}

export const ProjectMapper = defineEntity(Project, {
  table: 't_gf_projects',
  properties: {
    id: p.integer().primaryKey().generated(),
    tenantId: p.integer(),
    name: p.string({ length: 100 }),
    tasks: p.oneToMany(() => Task, 'project'),
    tags: p.manyToMany(() => Tag, { pivotTable: 't_gf_project_tags' }),
  },
  filters: {
    tenant: (params: { id: number }) => ({ tenantId: params.id }),
    named: { cond: (params: { name: string }) => ({ name: params.name }), default: false },
  },
});

export const TaskMapper = defineEntity(Task, {
  table: 't_gf_tasks',
  properties: {
    id: p.integer().primaryKey().generated(),
    tenantId: p.integer(),
    title: p.string({ length: 100 }),
    project: p.manyToOne(() => Project),
  },
  filters: { tenant: (params: { id: number }) => ({ tenantId: params.id }) },
});

export const TagMapper = defineEntity(Tag, {
  table: 't_gf_tags',
  properties: {
    id: p.integer().primaryKey().generated(),
    tenantId: p.integer(),
    name: p.string({ length: 100 }),
  },
  filters: { tenant: (params: { id: number }) => ({ tenantId: params.id }) },
});

export const tenantMappers = [ProjectMapper, TaskMapper, TagMapper] as const;

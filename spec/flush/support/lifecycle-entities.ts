/**
 * The entities of the lifecycle specs (tables t_life_*): a post whose hooks stamp and log, its
 * comments (cascade persist, for populate and cascaded inserts), and an audit row written by an
 * onFlush subscriber. Every hook records its call in `probe.log` and throws where `probe.throwAt` says.
 */
import type { EntityManager } from '../../../lib';
import { defineEntity, p } from '../../../lib/mapping';

export class Post {
  id?: number;
  createdAt: Date | null = null;
  updatedAt: Date | null = null;
  edits = 0;
  comments: Remark[] = [];
  constructor(public title: string) {}
}

export class Remark {
  id?: number;
  loadedAt?: string;
  constructor(
    public body: string,
    public post: Post,
  ) {}
}

export class AuditRow {
  id?: number;
  constructor(
    public action: string,
    public subject: string,
  ) {}
}

/** What the hooks record, and where they are told to throw. */
export const probe: { log: string[]; throwAt: string | undefined; ems: EntityManager[] } = {
  log: [],
  throwAt: undefined,
  ems: [],
};

export const FIXED = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));

function record(point: string, subject: string, em: EntityManager): void {
  probe.log.push(`${point} ${subject}`);
  probe.ems.push(em);
  if (probe.throwAt === point) throw new Error(`hook ${point} failed`);
}

export const PostMapper = defineEntity(Post, {
  table: 't_life_posts',
  properties: {
    id: p.integer().primaryKey().generated(),
    title: p.string({ length: 100 }).unique(),
    createdAt: p.datetime().nullable(),
    updatedAt: p.datetime().nullable(),
    edits: p.integer(),
    comments: p.oneToMany(() => Remark, 'post', { cascade: ['persist', 'remove'] }),
  },
  hooks: {
    beforeCreate(post, { em }) {
      post.createdAt = FIXED;
      record('beforeCreate', post.title, em);
    },
    beforeUpdate(post, { em, changed }) {
      post.updatedAt = FIXED;
      post.edits += 1;
      record('beforeUpdate', `${post.title} [${changed.join(',')}]`, em);
    },
    beforeDelete(post, { em }) {
      record('beforeDelete', post.title, em);
    },
    afterLoad(post, { em }) {
      record('afterLoad', post.title, em);
    },
    afterCommit(post, { em, operation }) {
      record('afterCommit', `${post.title} ${operation}`, em);
    },
  },
});

export const RemarkMapper = defineEntity(Remark, {
  table: 't_life_remarks',
  properties: {
    id: p.integer().primaryKey().generated(),
    loadedAt: p.transient(),
    body: p.string({ length: 100 }),
    post: p.manyToOne(() => Post),
  },
  hooks: {
    beforeCreate(remark, { em }) {
      record('beforeCreate', remark.body, em);
    },
    afterLoad(remark, { em }) {
      remark.loadedAt = 'yes';
      record('afterLoad', remark.body, em);
    },
  },
});

export const AuditRowMapper = defineEntity(AuditRow, {
  table: 't_life_audit',
  properties: {
    id: p.integer().primaryKey().generated(),
    action: p.string({ length: 20 }),
    subject: p.string({ length: 200 }),
  },
});

export const lifecycleMappers = [PostMapper, RemarkMapper, AuditRowMapper] as const;

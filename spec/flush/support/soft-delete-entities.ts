/**
 * Entities of the soft-delete specs (tables t_sd_*): a versioned, soft-deletable post with a
 * unique slug; its comments (soft-deletable, cascade remove and orphan removal) and its notes
 * (hard-deleted, cascade remove).
 */
import { defineEntity, p } from '../../../lib/mapping';

export class Post {
  id?: number;
  version?: number;
  deletedAt: Date | null = null;
  comments: Comment[] = [];
  notes: Note[] = [];
  constructor(public slug: string) {}
}

export class Comment {
  id?: number;
  deletedAt: Date | null = null;
  constructor(
    public body: string,
    public post: Post,
  ) {}
}

export class Note {
  id?: number;
  constructor(
    public text: string,
    public post: Post,
  ) {}
}

export const PostMapper = defineEntity(Post, {
  table: 't_sd_posts',
  properties: {
    id: p.integer().primaryKey().generated(),
    version: p.integer().version(),
    slug: p.string({ length: 100 }).unique(),
    deletedAt: p.datetime().nullable(),
    comments: p.oneToMany(() => Comment, 'post', { cascade: ['persist', 'remove'], orphanRemoval: true }),
    notes: p.oneToMany(() => Note, 'post', { cascade: ['persist', 'remove'] }),
  },
  softDelete: 'deletedAt',
});

export const CommentMapper = defineEntity(Comment, {
  table: 't_sd_comments',
  properties: {
    id: p.integer().primaryKey().generated(),
    body: p.string({ length: 100 }),
    deletedAt: p.datetime().nullable(),
    post: p.manyToOne(() => Post),
  },
  softDelete: 'deletedAt',
});

export const NoteMapper = defineEntity(Note, {
  table: 't_sd_notes',
  properties: {
    id: p.integer().primaryKey().generated(),
    text: p.string({ length: 100 }),
    post: p.manyToOne(() => Post),
  },
});

/** A reaction to a post, with no inverse side and no cascade: it outlives a soft-deleted post. */
export class Reaction {
  id?: number;
  constructor(
    public kind: string,
    public post: Post,
  ) {}
}

export const ReactionMapper = defineEntity(Reaction, {
  table: 't_sd_reactions',
  properties: {
    id: p.integer().primaryKey().generated(),
    kind: p.string({ length: 20 }),
    post: p.manyToOne(() => Post),
  },
});

export const softDeleteMappers = [PostMapper, CommentMapper, NoteMapper, ReactionMapper] as const;

/** A small blog (users, posts, comments, tags) for the serialize, assign and upsert suites. */
import { Tabula } from '../../../lib';
import { defineEmbeddable, defineEntity, p } from '../../../lib/mapping';

export class BlogAddress {
  constructor(
    public city: string,
    public zip: string | null = null,
  ) {}
}

export class BlogUser {
  id?: number;
  balance = 0n;
  birthday: string | null = null;
  avatar: Buffer | null = null;
  settings: { theme: string } = { theme: 'light' };
  address: BlogAddress | null = null;
  resetToken: string | null = null;
  joinedAt = new Date('2024-01-02T03:04:05.678Z');
  posts: BlogPost[] = [];
  constructor(
    public email: string,
    public name: string,
    public password = 'secret-hash',
  ) {}
}

export class BlogPost {
  id?: number;
  price = '0.00';
  comments: BlogComment[] = [];
  tags: BlogTag[] = [];
  constructor(
    public title: string,
    public author: BlogUser,
  ) {}
}

export class BlogComment {
  id?: number;
  constructor(
    public body: string,
    public post: BlogPost,
    public author: BlogUser | null = null,
  ) {}
}

export class BlogTag {
  id?: number;
  posts: BlogPost[] = [];
  constructor(public name: string) {}
}

export const BlogAddressEmbeddable = defineEmbeddable(BlogAddress, {
  properties: { city: p.string({ length: 60 }), zip: p.string({ length: 10 }).nullable() },
});

export const BlogUserMapper = defineEntity(BlogUser, {
  table: 't_blog_users',
  hidden: ['resetToken'],
  properties: {
    id: p.integer().primaryKey().generated(),
    email: p.string({ length: 100 }).unique(),
    name: p.string({ length: 100 }),
    password: p.string({ length: 100 }).hidden(),
    balance: p.bigint(),
    birthday: p.date().nullable(),
    avatar: p.blob().nullable(),
    settings: p.json<{ theme: string }>(),
    address: p.embedded(BlogAddressEmbeddable).nullable(),
    resetToken: p.string({ length: 100 }).nullable(),
    joinedAt: p.datetime(),
    posts: p.oneToMany(() => BlogPost, 'author'),
  },
});

export const BlogPostMapper = defineEntity(BlogPost, {
  table: 't_blog_posts',
  properties: {
    id: p.integer().primaryKey().generated(),
    title: p.string({ length: 200 }).unique(),
    price: p.decimal({ precision: 10, scale: 2 }),
    author: p.manyToOne(() => BlogUser),
    comments: p.oneToMany(() => BlogComment, 'post'),
    tags: p.manyToMany(() => BlogTag, { pivotTable: 't_blog_post_tags' }),
  },
});

export const BlogCommentMapper = defineEntity(BlogComment, {
  table: 't_blog_comments',
  properties: {
    id: p.integer().primaryKey().generated(),
    body: p.text(),
    post: p.manyToOne(() => BlogPost),
    author: p.manyToOne(() => BlogUser).nullable(),
  },
});

export const BlogTagMapper = defineEntity(BlogTag, {
  table: 't_blog_tags',
  properties: {
    id: p.integer().primaryKey().generated(),
    name: p.string({ length: 40 }).unique(),
    posts: p.manyToMany(() => BlogPost, 'tags'),
  },
});

export const blogMappers = [BlogUserMapper, BlogPostMapper, BlogCommentMapper, BlogTagMapper] as const;

/** A Tabula on the blog tables, created fresh for the suite. */
export function useBlog(ctx: { readonly url: string }): () => Tabula {
  let orm: Tabula | undefined;
  before(async () => {
    orm = await Tabula.connect({ url: ctx.url, mappers: [...blogMappers] });
    await orm.schema.drop();
    await orm.schema.create();
  });
  after(async () => {
    if (!orm) return;
    await orm.schema.drop();
    await orm.close();
  });
  return () => orm as Tabula;
}

/**
 * Mappers that use every feature the schema writes, for the no-phantom specs: each column kind
 * with and without a default, a composite key, an embeddable, single-table inheritance, a
 * many-to-many pivot, indexes, a foreign-key cycle, a soft-deletable table's live-row unique, and
 * database-side defaults (`defaultSql`). Tables are prefixed `t_ph_`.
 */
import { defineEmbeddable, defineEntity, p, sqlDefault } from '../../../lib/mapping';

export class Money {
  constructor(
    public amount: string,
    public currency: string,
  ) {}
}
export class AllKinds {
  id?: number;
  i = 0;
  big = 0n;
  dec = '0';
  fl = 0;
  dbl = 0;
  flag = false;
  str = '';
  txt = '';
  uid = '';
  day = '';
  at = new Date(0);
  doc: unknown = null;
  mood: 'happy' | 'sad' = 'happy';
  bytes: Buffer = Buffer.alloc(0);
  maybe: string | null = null;
  price = new Money('0', 'EUR');
  created?: Date;
  counted?: number;
}
export class Pair {
  constructor(
    public left: number,
    public right: string,
    public note: string | null,
  ) {}
}
export class Shape {
  id?: number;
  name = '';
}
export class Circle extends Shape {
  radius: number | null = null;
}
export class Square extends Shape {
  side: number | null = null;
}
export class Tag {
  id?: number;
  label = '';
}
export class Post {
  id?: number;
  title = '';
  tags: Tag[] = [];
  pinned: Comment | null = null;
}
export class Comment {
  id?: number;
  body = '';
  post!: Post;
  /** A scalar foreign key beside `post`: one column (post_id) in the table, no phantom. */
  postId?: number;
}
export class Member {
  id?: number;
  email = '';
  deletedAt: Date | null = null;
}

const MoneyEmbeddable = defineEmbeddable(Money, {
  properties: { amount: p.decimal({ precision: 12, scale: 2 }), currency: p.string({ length: 3 }) },
});

export const AllKindsMapper = defineEntity(AllKinds, {
  table: 't_ph_all_kinds',
  properties: {
    id: p.integer().primaryKey().generated(),
    i: p.integer().default(7),
    big: p.bigint().default(-5n),
    dec: p.decimal({ precision: 10, scale: 2 }).default('10.50'),
    fl: p.float().default(1.5),
    dbl: p.double(),
    flag: p.boolean().default(true),
    str: p.string({ length: 80 }).default("it's"),
    txt: p.text(),
    uid: p.uuid().unique(),
    day: p.date().default('2024-02-29'),
    at: p.datetime().index(),
    doc: p.json(),
    mood: p.enum(['happy', 'sad'] as const).default('happy'),
    bytes: p.blob(),
    maybe: p.string({ length: 10 }).nullable(),
    price: p.embedded(MoneyEmbeddable),
    created: p.datetime().defaultSql(sqlDefault.now()),
    counted: p.integer().defaultSql('0'),
  },
  indexes: [{ properties: ['str', 'i'] }, { properties: ['big', 'day'], unique: true, name: 'ux_ph_big_day' }],
});

export const PairMapper = defineEntity(Pair, {
  table: 't_ph_pairs',
  properties: {
    left: p.integer().primaryKey(),
    right: p.string({ length: 20 }).primaryKey(),
    note: p.text().nullable(),
  },
});

export const ShapeMapper = defineEntity(Shape, {
  table: 't_ph_shapes',
  discriminator: { column: 'kind', length: 16 },
  discriminatorValue: 'shape',
  properties: { id: p.bigint({ asNumber: true }).primaryKey().generated(), name: p.string({ length: 30 }) },
});
export const CircleMapper = defineEntity(Circle, {
  extends: ShapeMapper,
  discriminatorValue: 'circle',
  properties: { radius: p.double().nullable() },
});
export const SquareMapper = defineEntity(Square, {
  extends: ShapeMapper,
  discriminatorValue: 'square',
  properties: { side: p.integer().nullable() },
});

export const TagMapper = defineEntity(Tag, {
  table: 't_ph_tags',
  properties: { id: p.integer().primaryKey().generated(), label: p.string({ length: 40 }).unique() },
});
export const PostMapper = defineEntity(Post, {
  table: 't_ph_posts',
  properties: {
    id: p.integer().primaryKey().generated(),
    title: p.string({ length: 100 }),
    tags: p.manyToMany(() => Tag, { pivotTable: 't_ph_post_tags' }),
    // The cycle: posts → comments (pinned, nullable) and comments → posts.
    pinned: p.manyToOne(() => Comment, { onDelete: 'set null' }).nullable(),
  },
});
export const CommentMapper = defineEntity(Comment, {
  table: 't_ph_comments',
  properties: {
    id: p.integer().primaryKey().generated(),
    body: p.text(),
    post: p.manyToOne(() => Post, { onDelete: 'cascade' }),
    postId: p.foreignKey('post'),
  },
});

export const MemberMapper = defineEntity(Member, {
  table: 't_ph_members',
  softDelete: 'deletedAt',
  properties: {
    id: p.integer().primaryKey().generated(),
    email: p.string({ length: 120 }).unique(),
    deletedAt: p.datetime().nullable(),
  },
});

export const phantomMappers = [
  AllKindsMapper,
  PairMapper,
  ShapeMapper,
  CircleMapper,
  SquareMapper,
  TagMapper,
  PostMapper,
  CommentMapper,
  MemberMapper,
];

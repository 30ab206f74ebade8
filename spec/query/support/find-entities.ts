/**
 * The entities of the EntityManager query specs (tables t_find_*): authors with books (one-to-many,
 * cascade persist), books with tags (many-to-many through t_find_book_tags), tags seeing books
 * inversely, and a flat reading table for streaming.
 */
import { Tabula } from '../../../lib';
import type { DialectCapabilities } from '../../../lib/dialects';
import { defineEntity, p } from '../../../lib/mapping';
import { sql } from '../../../lib/sql';
import type { MatrixContext } from '../../support/matrix';

export class Author {
  id?: number;
  books: Book[] = [];
  constructor(
    public name: string,
    public born: number,
  ) {}
}

export class Book {
  id?: number;
  tags: Tag[] = [];
  constructor(
    public title: string,
    public pages: number,
    public author: Author,
  ) {}
}

export class Tag {
  id?: number;
  books: Book[] = [];
  constructor(public name: string) {}
}

export class Reading {
  id?: number;
  constructor(
    public label: string,
    public value: number,
  ) {}
}

export const AuthorMapper = defineEntity(Author, {
  table: 't_find_authors',
  properties: {
    id: p.integer().primaryKey().generated(),
    name: p.string({ length: 100 }),
    born: p.integer(),
    books: p.oneToMany(() => Book, 'author', { cascade: ['persist'] }),
  },
});

export const BookMapper = defineEntity(Book, {
  table: 't_find_books',
  properties: {
    id: p.integer().primaryKey().generated(),
    title: p.string({ length: 100 }),
    pages: p.integer(),
    author: p.manyToOne(() => Author),
    tags: p.manyToMany(() => Tag, { pivotTable: 't_find_book_tags', cascade: ['persist'] }),
  },
});

export const TagMapper = defineEntity(Tag, {
  table: 't_find_tags',
  properties: {
    id: p.integer().primaryKey().generated(),
    name: p.string({ length: 100 }),
    books: p.manyToMany(() => Book, 'tags'),
  },
});

export const ReadingMapper = defineEntity(Reading, {
  table: 't_find_readings',
  properties: {
    id: p.integer().primaryKey().generated(),
    label: p.string({ length: 40 }),
    value: p.integer(),
  },
});

export const findMappers = [AuthorMapper, BookMapper, TagMapper, ReadingMapper] as const;

/** A Tabula on the matrix database with the t_find_* tables created fresh. */
export async function openFind(url: string): Promise<Tabula> {
  const orm = await Tabula.connect({ url, mappers: [...findMappers] });
  await orm.schema.drop();
  await orm.schema.create();
  return orm;
}

/** A second Tabula on the same tables with capabilities overridden (no DDL). */
export function connectFind(url: string, capabilities: Partial<DialectCapabilities>): Promise<Tabula> {
  return Tabula.connect({ url, mappers: [...findMappers], capabilities });
}

export async function closeFind(orm: Tabula | undefined): Promise<void> {
  if (!orm) return;
  await orm.schema.drop();
  await orm.close();
}

/** Ann (1970) wrote A1 (100 p., tags x y) and A2 (200 p.); Bob (1980) wrote B1 (150 p., tag x); Cid (1990) none. */
export async function seedFind(
  orm: Tabula,
): Promise<Record<'ann' | 'bob' | 'cid' | 'a1' | 'a2' | 'b1' | 'x' | 'y', number>> {
  const em = orm.em.fork();
  const [ann, bob, cid] = [new Author('Ann', 1970), new Author('Bob', 1980), new Author('Cid', 1990)];
  const [x, y] = [new Tag('x'), new Tag('y')];
  const a1 = new Book('A1', 100, ann);
  const a2 = new Book('A2', 200, ann);
  const b1 = new Book('B1', 150, bob);
  a1.tags.push(x, y);
  b1.tags.push(x);
  ann.books.push(a1, a2);
  bob.books.push(b1);
  em.persist(ann, bob, cid);
  await em.flush();
  const id = (e: { id?: number }) => e.id as number;
  return { ann: id(ann), bob: id(bob), cid: id(cid), a1: id(a1), a2: id(a2), b1: id(b1), x: id(x), y: id(y) };
}

/** Empties the tables (children first). */
export async function emptyFind(orm: Tabula): Promise<void> {
  await orm.db.execute(sql`delete from t_find_book_tags`);
  await orm.db.execute(sql`delete from t_find_books`);
  await orm.db.execute(sql`delete from t_find_tags`);
  await orm.db.execute(sql`delete from t_find_authors`);
  await orm.db.execute(sql`delete from t_find_readings`);
}

/** Counts the statements run on `orm` (and keeps their SQL) until `stop()`. */
export function recordQueries(orm: Tabula): { stop: () => string[] } {
  const seen: string[] = [];
  const off = orm.db.onQuery((e) => {
    seen.push(e.sql);
  });
  return {
    stop: () => {
      off();
      return seen;
    },
  };
}

export type FindIds = Awaited<ReturnType<typeof seedFind>>;

/**
 * The hooks of a suite on the seeded t_find_* tables: created once, seeded before each test and
 * emptied after it. `ids` is the current test's seed (read it inside tests only).
 */
export function useSeededFind(ctx: MatrixContext): { db(): Tabula; readonly ids: FindIds } {
  let orm: Tabula | undefined;
  let ids: FindIds | undefined;
  const db = () => orm as Tabula;
  before(async () => {
    orm = await openFind(ctx.url);
  });
  beforeEach(async () => {
    ids = await seedFind(db());
  });
  afterEach(async () => emptyFind(db()));
  after(async () => closeFind(orm));
  return {
    db,
    get ids() {
      return ids as FindIds;
    },
  };
}

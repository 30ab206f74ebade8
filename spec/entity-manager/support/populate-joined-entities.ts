/**
 * The entities of the joined-populate spec (tables t_pj_*): writers with books (one-to-many) and
 * an inverse one-to-one profile; books with a nullable writer, a nullable edition with a composite
 * key, tags (many-to-many) and media of a single-table hierarchy (print, audio).
 */
import { Tabula } from '../../../lib';
import type { DialectCapabilities } from '../../../lib/dialects';
import { defineEntity, p } from '../../../lib/mapping';
import { sql } from '../../../lib/sql';

export class Writer {
  id?: number;
  books: Book[] = [];
  profile: Profile | null = null;
  constructor(public name: string) {}
}

export class Profile {
  id?: number;
  constructor(
    public bio: string,
    public writer: Writer,
  ) {}
}

export class Edition {
  books: Book[] = [];
  constructor(
    public isbn: string,
    public year: number,
    public label: string,
  ) {}
}

export class Book {
  id?: number;
  tags: Tag[] = [];
  media: Media[] = [];
  edition: Edition | null = null;
  constructor(
    public title: string,
    public writer: Writer | null,
  ) {}
}

export class Tag {
  id?: number;
  books: Book[] = [];
  constructor(public name: string) {}
}

export abstract class Media {
  id?: number;
  constructor(
    public book: Book,
    public price: number,
  ) {}
}
export class PrintMedia extends Media {
  pages: number | null = 0;
}
export class AudioMedia extends Media {
  minutes: number | null = 0;
}

const WriterMapper = defineEntity(Writer, {
  table: 't_pj_writers',
  properties: {
    id: p.integer().primaryKey().generated(),
    name: p.string({ length: 50 }),
    books: p.oneToMany(() => Book, 'writer', { cascade: ['persist'] }),
    profile: p.oneToOne(() => Profile, 'writer'),
  },
});

const ProfileMapper = defineEntity(Profile, {
  table: 't_pj_profiles',
  properties: {
    id: p.integer().primaryKey().generated(),
    bio: p.string({ length: 50 }),
    writer: p.oneToOne(() => Writer),
  },
});

const EditionMapper = defineEntity(Edition, {
  table: 't_pj_editions',
  properties: {
    isbn: p.string({ length: 13 }).primaryKey(),
    year: p.integer().primaryKey(),
    label: p.string({ length: 50 }),
    books: p.oneToMany(() => Book, 'edition'),
  },
});

const BookMapper = defineEntity(Book, {
  table: 't_pj_books',
  properties: {
    id: p.integer().primaryKey().generated(),
    title: p.string({ length: 50 }),
    writer: p.manyToOne(() => Writer).nullable(),
    edition: p.manyToOne(() => Edition).nullable(),
    tags: p.manyToMany(() => Tag, { pivotTable: 't_pj_book_tags', cascade: ['persist'] }),
    media: p.oneToMany(() => Media, 'book', { cascade: ['persist'] }),
  },
});

const TagMapper = defineEntity(Tag, {
  table: 't_pj_tags',
  properties: {
    id: p.integer().primaryKey().generated(),
    name: p.string({ length: 50 }),
    books: p.manyToMany(() => Book, 'tags'),
  },
});

const MediaMapper = defineEntity(Media, {
  table: 't_pj_media',
  abstract: true,
  properties: {
    id: p.integer().primaryKey().generated(),
    book: p.manyToOne(() => Book),
    price: p.integer(),
  },
});

const PrintMediaMapper = defineEntity(PrintMedia, {
  extends: MediaMapper,
  discriminatorValue: 'print',
  properties: { pages: p.integer().nullable() },
});

const AudioMediaMapper = defineEntity(AudioMedia, {
  extends: MediaMapper,
  discriminatorValue: 'audio',
  properties: { minutes: p.integer().nullable() },
});

const mappers = [
  WriterMapper,
  ProfileMapper,
  EditionMapper,
  BookMapper,
  TagMapper,
  MediaMapper,
  PrintMediaMapper,
  AudioMediaMapper,
];

/** A Tabula on the matrix database with the t_pj_* tables created fresh. */
export async function openJoined(url: string, capabilities?: Partial<DialectCapabilities>): Promise<Tabula> {
  const orm = await Tabula.connect({ url, mappers, ...(capabilities ? { capabilities } : {}) });
  if (!capabilities) {
    await orm.schema.drop();
    await orm.schema.create();
  }
  return orm;
}

export async function closeJoined(orm: Tabula | undefined): Promise<void> {
  if (!orm) return;
  await orm.schema.drop();
  await orm.close();
}

/**
 * Ann wrote A1 (tags x y, edition E1/2001, print + audio media), A2 (no tag) and A3 (tag y);
 * Bob (profile 'bob bio') wrote B1 (tag x, edition E1/2002); Cid wrote nothing; O1 has no writer.
 */
export async function seedJoined(orm: Tabula): Promise<void> {
  const em = orm.em.fork();
  const [ann, bob, cid] = [new Writer('Ann'), new Writer('Bob'), new Writer('Cid')];
  const [x, y] = [new Tag('x'), new Tag('y')];
  const [e2001, e2002] = [new Edition('E1', 2001, 'first'), new Edition('E1', 2002, 'second')];
  const a1 = new Book('A1', ann);
  const a2 = new Book('A2', ann);
  const a3 = new Book('A3', ann);
  const b1 = new Book('B1', bob);
  const o1 = new Book('O1', null);
  a1.tags.push(x, y);
  a3.tags.push(y);
  b1.tags.push(x);
  a1.edition = e2001;
  b1.edition = e2002;
  const print = Object.assign(new PrintMedia(a1, 20), { pages: 300 });
  const audio = Object.assign(new AudioMedia(a1, 15), { minutes: 600 });
  a1.media.push(print, audio);
  ann.books.push(a1, a2, a3);
  bob.books.push(b1);
  em.persist(e2001, e2002, ann, bob, cid, o1, new Profile('bob bio', bob));
  await em.flush();
}

/** Empties the tables, children first. */
export async function emptyJoined(orm: Tabula): Promise<void> {
  for (const name of ['t_pj_media', 't_pj_book_tags', 't_pj_books', 't_pj_tags', 't_pj_editions', 't_pj_profiles']) {
    await orm.db.execute(sql`delete from ${sql.id(name)}`);
  }
  await orm.db.execute(sql`delete from ${sql.id('t_pj_writers')}`);
}

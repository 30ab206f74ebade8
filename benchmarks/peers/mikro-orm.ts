/**
 * MikroORM 6 through EntitySchema (no decorators): @mikro-orm/better-sqlite on SQLite,
 * @mikro-orm/postgresql on PostgreSQL. Installed only by `npm run bench:peers`.
 * MikroORM wants a `Collection` for a to-many side and the shared entities have plain arrays, so
 * only Book.author is mapped and the books are persisted and removed beside their authors.
 */
import { type EntityManager, EntitySchema, MikroORM, type Options } from '@mikro-orm/core';
import { buildAuthors, type Contender, type ContenderOptions } from '../harness/contender';
import { AUTHORS_TABLE, Author, BOOKS_TABLE, Book } from '../harness/entities';

const AuthorSchema = new EntitySchema<Author, never>({
  class: Author,
  tableName: AUTHORS_TABLE,
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    name: { type: 'string', length: 100 },
    email: { type: 'string', length: 255 },
  },
});

const BookSchema = new EntitySchema<Book>({
  class: Book,
  tableName: BOOKS_TABLE,
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    title: { type: 'string', length: 100 },
    author: { kind: 'm:1', entity: () => Author },
  },
});

const books = (authors: readonly Author[]) => authors.flatMap((a) => a.books);

async function driverOptions(url: string): Promise<Options> {
  if (url.startsWith('sqlite:')) {
    const { BetterSqliteDriver } = await import('@mikro-orm/better-sqlite');
    return { driver: BetterSqliteDriver, dbName: url.slice('sqlite:'.length) };
  }
  const { PostgreSqlDriver } = await import('@mikro-orm/postgresql');
  return { driver: PostgreSqlDriver, clientUrl: url };
}

export async function createContender(options: ContenderOptions): Promise<Contender> {
  const counter = options.counter;
  const orm = await MikroORM.init({
    ...(await driverOptions(options.url)),
    entities: [AuthorSchema, BookSchema],
    discovery: { disableDynamicFileAccess: true },
    allowGlobalContext: true,
    ...(counter
      ? { debug: ['query'], colors: false, logger: (m: string) => counter.count(m.replace(/^\[query\]\s*/, '')) }
      : {}),
  } as Options);
  if (options.url.startsWith('sqlite:')) {
    for (const p of ['journal_mode = WAL', 'synchronous = NORMAL', 'foreign_keys = ON']) {
      await orm.em.getConnection().execute(`PRAGMA ${p}`);
    }
  }
  let em: EntityManager = orm.em.fork();
  let authors: Author[] = [];
  return {
    async setUp() {
      await orm.schema.dropSchema();
      await orm.schema.createSchema();
    },
    async insertAll(n) {
      em = orm.em.fork();
      authors = buildAuthors(
        n,
        (name, email) => new Author(name, email),
        (a, title) => a.books.push(new Book(title, a)),
      );
      em.persist([...authors, ...books(authors)]);
      await em.flush();
    },
    async loadAll() {
      const holder = orm.em.fork();
      return { entities: await holder.find(Author, {}, { orderBy: { id: 'asc' } }), holder };
    },
    async populateBooks() {
      const holder = orm.em.fork();
      // The populate hint is typed from the entity's relations, which EntitySchema<Book> leaves loose.
      return { entities: await holder.find(Book, {}, { populate: ['author'] as never }), holder };
    },
    notes: { W8: 'not supported: @mikro-orm/core 6.6.7 has no streaming API (its `find` buffers every row)' },
    async findOneEach() {
      let found = 0;
      for (const a of authors) if (await em.findOne(Author, a.id as number)) found++;
      return found;
    },
    async flushUnchanged() {
      await em.flush();
    },
    async flushOnePercent() {
      for (let i = 0; i < authors.length; i += 100) (authors[i] as Author).name += ' (1%)';
      await em.flush();
    },
    async updateAll() {
      for (const a of authors) a.name += ' (all)';
      await em.flush();
    },
    async removeAll() {
      em.remove([...books(authors), ...authors]);
      await em.flush();
    },
    async tearDown() {
      await orm.schema.dropSchema();
      await orm.close(true);
    },
  };
}

/**
 * TypeORM 0.3 through EntitySchema (no decorators), better-sqlite3 on SQLite and pg on PostgreSQL.
 * TypeORM has no unit of work: each workload is its idiomatic equivalent, `save` (which reloads
 * the rows and compares) for the flushes, `findOneBy` (a query each, no identity map) for W3.
 * Only Book.author is mapped, as for MikroORM; books are saved and removed beside their authors.
 */
import { DataSource, type DataSourceOptions, EntitySchema, type Logger } from 'typeorm';
import { buildAuthors, type Contender, type ContenderOptions } from '../harness/contender';
import { AUTHORS_TABLE, Author, BOOKS_TABLE, Book } from '../harness/entities';

const AuthorSchema = new EntitySchema<Author>({
  name: 'Author',
  target: Author,
  tableName: AUTHORS_TABLE,
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    name: { type: String, length: 100 },
    email: { type: String, length: 255 },
  },
});

const BookSchema = new EntitySchema<Book>({
  name: 'Book',
  target: Book,
  tableName: BOOKS_TABLE,
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    title: { type: String, length: 100 },
  },
  relations: { author: { type: 'many-to-one', target: 'Author', joinColumn: { name: 'author_id' }, nullable: false } },
});

function countingLogger(count: (sql: string) => void): Logger {
  const ignore = () => undefined;
  return {
    logQuery: (q) => count(q),
    logQueryError: ignore,
    logQuerySlow: ignore,
    logSchemaBuild: ignore,
    logMigration: ignore,
    log: ignore,
  };
}

export async function createContender(options: ContenderOptions): Promise<Contender> {
  const isSqlite = options.url.startsWith('sqlite:');
  const base = isSqlite
    ? {
        type: 'better-sqlite3' as const,
        database: options.url.slice('sqlite:'.length),
        prepareDatabase: (db: { pragma(p: string): unknown }) => {
          for (const p of ['journal_mode = WAL', 'synchronous = NORMAL', 'foreign_keys = ON']) db.pragma(p);
        },
      }
    : { type: 'postgres' as const, url: options.url };
  const ds = new DataSource({
    ...base,
    entities: [AuthorSchema, BookSchema],
    ...(options.counter ? { logger: countingLogger((q) => options.counter?.count(q)) } : {}),
  } as DataSourceOptions);
  await ds.initialize();
  let authors: Author[] = [];
  const books = () => authors.flatMap((a) => a.books);
  return {
    async setUp() {
      await ds.synchronize(true);
    },
    async insertAll(n) {
      authors = buildAuthors(
        n,
        (name, email) => new Author(name, email),
        (a, title) => a.books.push(new Book(title, a)),
      );
      await ds.transaction(async (m) => {
        await m.save(Author, authors);
        await m.save(Book, books());
      });
    },
    async loadAll() {
      return { entities: await ds.manager.find(Author, { order: { id: 'ASC' } }) };
    },
    async findOneEach() {
      let found = 0;
      for (const a of authors) if (await ds.manager.findOneBy(Author, { id: a.id as number })) found++;
      return found;
    },
    async flushUnchanged() {
      await ds.manager.save(Author, authors);
    },
    async flushOnePercent() {
      for (let i = 0; i < authors.length; i += 100) (authors[i] as Author).name += ' (1%)';
      await ds.manager.save(Author, authors);
    },
    async updateAll() {
      for (const a of authors) a.name += ' (all)';
      await ds.manager.save(Author, authors);
    },
    async removeAll() {
      const all = books();
      await ds.transaction(async (m) => {
        // Unchunked, TypeORM's DELETE … WHERE id = ? OR … exceeds SQLite's expression depth (1000).
        await m.remove(Book, all, { chunk: 500 });
        await m.remove(Author, authors, { chunk: 500 });
      });
    },
    async tearDown() {
      await ds.dropDatabase();
      await ds.destroy();
    },
  };
}

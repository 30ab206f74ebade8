/**
 * TypeORM (1.1; 0.3 before issue 20) through EntitySchema (no decorators), better-sqlite3 on SQLite and pg on PostgreSQL.
 * TypeORM has no unit of work: each workload is its idiomatic equivalent, `save` (which reloads
 * the rows and compares) for the flushes, `findOneBy` (a query each, no identity map) for W3.
 * Only Book.author is mapped, as for MikroORM; books are saved and removed beside their authors.
 * W8 streams raw rows (TypeORM's `stream()` hydrates nothing), and only on PostgreSQL, where it
 * needs `pg-query-stream`; its SQLite drivers throw "Stream is not supported by sqlite driver".
 */
import { createRequire } from 'node:module';
import { DataSource, type DataSourceOptions, EntitySchema, type Logger } from 'typeorm';
import { buildAuthors, type Contender, type ContenderOptions } from '../harness/contender';
import { AUTHORS_TABLE, Author, BOOKS_TABLE, Book, STREAM_TABLE } from '../harness/entities';

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

function hasQueryStream(): boolean {
  try {
    createRequire(__filename).resolve('pg-query-stream');
    return true;
  } catch {
    return false;
  }
}

/** W8: TypeORM's own streaming where it has one, or the reason it has none. */
function streaming(ds: DataSource, isSqlite: boolean): Pick<Contender, 'streamRows' | 'notes'> {
  if (isSqlite) return { notes: { W8: 'not supported: TypeORM cannot stream on SQLite (its drivers throw)' } };
  if (!hasQueryStream()) {
    return {
      notes: { W8: 'not supported here: TypeORM streams on PostgreSQL through pg-query-stream, not installed' },
    };
  }
  return {
    async streamRows(visit) {
      const query = ds
        .createQueryBuilder()
        .select('r.id', 'id')
        .addSelect('r.label', 'label')
        .addSelect('r.value', 'value')
        .from(STREAM_TABLE, 'r')
        .orderBy('r.id');
      for await (const row of await query.stream()) visit(Number((row as { value: unknown }).value));
    },
    notes: { W8: '`createQueryBuilder().stream()` (pg-query-stream): raw rows, no entities' },
  };
}

/** TypeORM's drop-everything sync would also drop W8's table, so the contender drops only its own. */
async function dropOwnTables(ds: DataSource): Promise<void> {
  for (const table of [BOOKS_TABLE, AUTHORS_TABLE]) await ds.query(`DROP TABLE IF EXISTS ${table}`);
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
      await dropOwnTables(ds);
      await ds.synchronize();
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
    async populateBooks() {
      return { entities: await ds.manager.find(Book, { relations: { author: true } }) };
    },
    ...streaming(ds, isSqlite),
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
      await dropOwnTables(ds);
      await ds.destroy();
    },
  };
}

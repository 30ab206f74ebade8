/**
 * The raw floor: the bare driver doing each workload's work with the best hand-written SQL, in one
 * transaction. It builds the same objects, keeps its own id → object map (the floor of an identity
 * map lookup) and knows which rows it changed, so it does no change detection at all.
 */
import { buildAuthors, type Contender, type ContenderOptions } from '../harness/contender';
import { AUTHORS_TABLE, Author, BOOKS_TABLE, Book, Reading, STREAM_TABLE } from '../harness/entities';
import { openRawDriver, type RawDriver } from './raw-driver';
import { createTables, deleteIds, dropTables, insertPairs, selectByIds, updateNames } from './raw-sql';

async function transaction(db: RawDriver, work: () => Promise<void>): Promise<void> {
  await db.begin();
  await work();
  await db.commit();
}

/** How the floor streams W8, as the report says it. */
const STREAMING: Record<RawDriver['dialect'], string> = {
  sqlite:
    "sqlite3's `Database#each`, a `Reading` per row; it has no back-pressure: the native side reads ahead and rows queue on the heap",
  postgres: 'a cursor (`DECLARE … CURSOR`, `FETCH FORWARD 1000` in a transaction), a `Reading` per row',
  mysql: "mysql2's `query().stream()` on the callback connection, a `Reading` per row",
};

/** W7's floor: the books, then their authors by key list, linked in memory through an id → Author map. */
async function booksWithAuthors(db: RawDriver): Promise<Book[]> {
  const books = (await db.run(`SELECT id, title, author_id FROM ${BOOKS_TABLE} ORDER BY id`)).rows;
  const authorIds = [...new Set(books.map((r) => r.author_id as number))];
  const authors = new Map<number, Author>();
  for (const r of await selectByIds(db, AUTHORS_TABLE, 'id, name, email', authorIds)) {
    const a = new Author(r.name as string, r.email as string);
    a.id = r.id as number;
    authors.set(a.id, a);
  }
  return books.map((r) => {
    const b = new Book(r.title as string, authors.get(r.author_id as number) as Author);
    b.id = r.id as number;
    return b;
  });
}

export async function createContender(options: ContenderOptions): Promise<Contender> {
  const db = await openRawDriver(options.url, options.counter);
  const streamDb = options.streamUrl === options.url ? db : await openRawDriver(options.streamUrl, options.counter);
  let authors: Author[] = [];
  let bookIds: number[] = [];
  const byId = new Map<number, Author>();
  const rename = (changed: Author[], suffix: string) =>
    updateNames(
      db,
      changed.map((a) => {
        a.name += suffix;
        return [a.id as number, a.name] as const;
      }),
    );
  return {
    async setUp() {
      for (const sql of dropTables) await db.run(sql);
      for (const sql of createTables[db.dialect]) await db.run(sql);
    },
    async insertAll(n) {
      byId.clear(); // a later round's fresh tables reuse the ids
      authors = buildAuthors(
        n,
        (name, email) => new Author(name, email),
        (a, title) => a.books.push(new Book(title, a)),
      );
      await transaction(db, async () => {
        const ids = await insertPairs(
          db,
          AUTHORS_TABLE,
          ['name', 'email'],
          authors.flatMap((a) => [a.name, a.email]),
          ['varchar(100)', 'varchar(255)'],
        );
        authors.forEach((a, i) => {
          a.id = ids[i];
          byId.set(a.id as number, a);
        });
        const books = authors.map((a) => a.books[0] as Book);
        bookIds = await insertPairs(
          db,
          BOOKS_TABLE,
          ['title', 'author_id'],
          books.flatMap((b) => [b.title, b.author.id]),
          ['varchar(100)', 'integer'],
        );
        books.forEach((b, i) => {
          b.id = bookIds[i];
        });
      });
    },
    async loadAll() {
      const { rows } = await db.run(`SELECT id, name, email FROM ${AUTHORS_TABLE} ORDER BY id`);
      const entities = rows.map((r) => {
        const a = new Author(r.name as string, r.email as string);
        a.id = r.id as number;
        return a;
      });
      return { entities };
    },
    async populateBooks() {
      return { entities: await booksWithAuthors(db) };
    },
    async streamRows(visit) {
      await streamDb.each(`SELECT id, label, value FROM ${STREAM_TABLE} ORDER BY id`, (row) => {
        const r = new Reading(row.label as string, row.value as number);
        r.id = row.id as number;
        visit(r.value);
      });
    },
    notes: { W8: STREAMING[streamDb.dialect] },
    async findOneEach() {
      let found = 0;
      // Awaited, as every ORM's findOne is: the floor of an async lookup, not of a Map.get alone.
      for (const a of authors) if (await byId.get(a.id as number)) found++;
      return found;
    },
    async flushUnchanged() {},
    async flushOnePercent() {
      await transaction(db, () =>
        rename(
          authors.filter((_, i) => i % 100 === 0),
          ' (1%)',
        ),
      );
    },
    async updateAll() {
      await transaction(db, () => rename(authors, ' (all)'));
    },
    async removeAll() {
      await transaction(db, async () => {
        await deleteIds(db, BOOKS_TABLE, bookIds);
        await deleteIds(
          db,
          AUTHORS_TABLE,
          authors.map((a) => a.id as number),
        );
      });
    },
    async tearDown() {
      for (const sql of dropTables) await db.run(sql);
      await db.close();
      if (streamDb !== db) await streamDb.close();
    },
  };
}

/** Tabula through its public API: one EntityManager for the writes, a fresh fork for the load. */
import { type EntityManager, Tabula } from '../../lib';
import { defineEntity, p } from '../../lib/mapping';
import { buildAuthors, type Contender, type ContenderOptions } from '../harness/contender';
import { AUTHORS_TABLE, Author, BOOKS_TABLE, Book, Reading, STREAM_TABLE } from '../harness/entities';

const AuthorMapper = defineEntity(Author, {
  table: AUTHORS_TABLE,
  properties: {
    id: p.integer().primaryKey().generated(),
    name: p.string({ length: 100 }),
    email: p.string({ length: 255 }),
    books: p.oneToMany(() => Book, 'author', { cascade: ['persist', 'remove'] }),
  },
});

const BookMapper = defineEntity(Book, {
  table: BOOKS_TABLE,
  properties: {
    id: p.integer().primaryKey().generated(),
    title: p.string({ length: 100 }),
    author: p.manyToOne(() => Author),
  },
});

/** W8's table, made by the harness: mapped here but never created or dropped by this contender. */
const ReadingMapper = defineEntity(Reading, {
  table: STREAM_TABLE,
  properties: {
    id: p.integer().primaryKey(),
    label: p.string({ length: 40 }),
    value: p.integer(),
  },
});

export async function createContender(options: ContenderOptions): Promise<Contender> {
  const orm = await Tabula.connect({ url: options.url, mappers: [AuthorMapper, BookMapper] });
  // A Tabula of its own, so orm.schema.drop() never touches W8's table (and on SQLite it is another file).
  const streamOrm = await Tabula.connect({ url: options.streamUrl, mappers: [ReadingMapper] });
  const counter = options.counter;
  if (counter) {
    orm.db.onQuery((e) => counter.count(e.sql));
    streamOrm.db.onQuery((e) => counter.count(e.sql));
  }
  let em: EntityManager = orm.em.fork();
  let authors: Author[] = [];
  return {
    async setUp() {
      await orm.schema.drop();
      await orm.schema.create();
    },
    async insertAll(n) {
      em = orm.em.fork();
      authors = buildAuthors(
        n,
        (name, email) => new Author(name, email),
        (a, title) => a.books.push(new Book(title, a)),
      );
      em.persist(...authors);
      await em.flush();
    },
    async loadAll() {
      const holder = orm.em.fork();
      return { entities: await holder.find(Author, {}), holder };
    },
    async populateBooks() {
      const holder = orm.em.fork();
      return { entities: await holder.find(Book, {}, { populate: ['author'] }), holder };
    },
    async streamRows(visit) {
      for await (const r of streamOrm.em.fork().stream(Reading)) visit(r.value);
    },
    notes: { W8: '`em.stream(Reading)`: untracked entities, default batch size (1,000)' },
    async findOneEach() {
      let found = 0;
      for (const a of authors) if (await em.findOne(Author, a.id)) found++;
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
      em.remove(...authors);
      await em.flush();
    },
    async tearDown() {
      await orm.schema.drop();
      await orm.close();
      await streamOrm.close();
    },
  };
}

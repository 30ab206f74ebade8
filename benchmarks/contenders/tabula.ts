/** Tabula through its public API: one EntityManager for the writes, a fresh fork for the load. */
import { type EntityManager, Tabula } from '../../lib/entity-manager';
import { defineEntity, p } from '../../lib/mapping';
import { buildAuthors, type Contender, type ContenderOptions } from '../harness/contender';
import { AUTHORS_TABLE, Author, BOOKS_TABLE, Book } from '../harness/entities';

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

export async function createContender(options: ContenderOptions): Promise<Contender> {
  const orm = await Tabula.connect({ url: options.url, mappers: [AuthorMapper, BookMapper] });
  const counter = options.counter;
  if (counter) orm.db.onQuery((e) => counter.count(e.sql));
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
    },
  };
}

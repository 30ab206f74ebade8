/**
 * The bookstore's test data (docs/testing-your-app.md): a factory per entity and the shop every
 * test starts from. Tests build or create through these; `seedShop` writes the same rows each time.
 */
import type { EntityManager, Tabula } from 'tabula-orm';
import { factory, many, seed, seq } from 'tabula-orm/testing';
import { Author, Book, Customer, Tag } from './entities';

export const authors = factory(Author, { name: seq((n) => `Author ${n}`) });

export const tags = factory(Tag, { name: seq((n) => `tag-${n}`) });

export const books = factory(Book, {
  title: seq((n) => `Book ${n}`),
  price: seq((_, random) => `${random.int(5, 30)}.${random.pick(['00', '50', '99'])}`),
  stock: 10,
  author: authors,
});

/** A book with tags, for the catalog's tests. */
export const taggedBooks = books.extend({ tags: many(2, tags) });

export const customers = factory(Customer, {
  name: seq((n) => `Customer ${n}`),
  email: seq((n) => `customer${n}@example.com`),
});

export interface Shop {
  /** The book everyone orders: 3 in stock. */
  readonly hot: Book;
  readonly others: readonly Book[];
  readonly shoppers: readonly Customer[];
}

/** Three books (the first with 3 in stock) and six customers, written in one transaction. */
export function seedShop(target: Tabula | EntityManager): Promise<Shop> {
  return seed(
    target,
    async ({ create, createMany }) => {
      const hot = await create(books, { title: 'The Dispossessed', price: '14.99', stock: 3 });
      const others = await createMany(taggedBooks, 2);
      const shoppers = await createMany(customers, 6);
      return { hot, others, shoppers };
    },
    { seed: 'bookstore' },
  );
}

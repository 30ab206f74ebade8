/** Fixtures: a few authors, tags, books with stock, and customers — written as one unit of work. */
import type { Container } from 'inversify';
import { runInUnitOfWork } from 'tabula-orm/di';
import { CatalogService } from './catalog-service';
import { OrderService } from './order-service';

export interface Seeded {
  readonly bookIds: readonly number[];
  /** Stock of each seeded book at the start, by id. */
  readonly stock: ReadonlyMap<number, number>;
  readonly customerIds: readonly number[];
  readonly authorIds: readonly number[];
}

const AUTHORS = ['Ursula K. Le Guin', 'Italo Calvino', 'Octavia E. Butler', 'Jorge Luis Borges'];
const TITLES = [
  ['The Dispossessed', '14.99', ['sf', 'classic']],
  ['The Left Hand of Darkness', '12.50', ['sf']],
  ['Invisible Cities', '11.00', ['fiction', 'classic']],
  ['If on a winter’s night a traveler', '13.20', ['fiction']],
  ['Kindred', '10.99', ['sf', 'history']],
  ['Parable of the Sower', '9.95', ['sf']],
  ['Ficciones', '12.00', ['fiction', 'classic']],
  ['The Aleph', '11.40', ['fiction']],
] as const;

export async function seed(container: Container, options: { readonly hotStock: number }): Promise<Seeded> {
  return runInUnitOfWork(container, async (scope) => {
    const catalog = scope.get(CatalogService);
    const orders = scope.get(OrderService);
    const authors = AUTHORS.map((name) => catalog.addAuthor(name));
    await scope.em.flush();
    const books = [];
    for (const [i, [title, price, tags]] of TITLES.entries()) {
      const stock = i === 0 ? options.hotStock : 25 + i;
      const authorId = authors[Math.floor(i / 2)]?.id as number;
      books.push(await catalog.addBook({ title, price, stock, authorId, tags }));
      // Flush per book so a tag made for one book is found by the next.
      await scope.em.flush();
    }
    const customers = Array.from({ length: 30 }, (_, i) =>
      orders.addCustomer(`Customer ${i + 1}`, `customer${i + 1}@example.com`),
    );
    await scope.em.flush();
    return {
      bookIds: books.map((b) => b.id as number),
      stock: new Map(books.map((b) => [b.id as number, b.stock])),
      customerIds: customers.map((c) => c.id as number),
      authorIds: authors.map((a) => a.id as number),
    };
  });
}

/** What the API returns for each entity: plain JSON, relations as ids. */
import type { Author, Book, Customer, Order, Tag } from './entities';

export const authorView = (a: Author) => ({ id: a.id, name: a.name });
export const tagView = (t: Tag) => ({ id: t.id, name: t.name });
export const customerView = (c: Customer) => ({ id: c.id, name: c.name, email: c.email });

export const bookView = (b: Book) => ({
  id: b.id,
  title: b.title,
  price: b.price,
  stock: b.stock,
  version: b.version,
  authorId: b.author.id,
  createdAt: b.createdAt?.toISOString(),
  updatedAt: b.updatedAt?.toISOString(),
});

export const orderView = (o: Order) => ({
  id: o.id,
  customerId: o.customer.id,
  bookId: o.book.id,
  quantity: o.quantity,
  total: o.total,
  placedAt: o.placedAt?.toISOString(),
});

import { defineEntity, p, sqlDefault } from 'tabula-orm';
import { Author, Book, Customer, Order, Tag } from './entities';

export const AuthorMapper = defineEntity(Author, {
  table: 'bookstore_authors',
  properties: {
    id: p.integer().primaryKey().generated(),
    name: p.string({ length: 100 }),
    bio: p.text().nullable(),
  },
});

export const TagMapper = defineEntity(Tag, {
  table: 'bookstore_tags',
  properties: {
    id: p.integer().primaryKey().generated(),
    name: p.string({ length: 40 }).unique(),
  },
});

export const BookMapper = defineEntity(Book, {
  table: 'bookstore_books',
  properties: {
    id: p.integer().primaryKey().generated(),
    version: p.integer().version(),
    title: p.string({ length: 200 }),
    price: p.decimal({ precision: 10, scale: 2 }),
    stock: p.integer(),
    // Timestamps in three lines: a new book gets both, each UPDATE of a book (an order taking
    // stock) stamps updatedAt in the same statement.
    createdAt: p.datetime().default(() => new Date()),
    updatedAt: p
      .datetime()
      .default(() => new Date())
      .onUpdate(() => new Date()),
    author: p.manyToOne(() => Author),
    tags: p.manyToMany(() => Tag, { cascade: ['persist'], pivotTable: 'bookstore_book_tags' }),
    deletedAt: p.datetime().nullable(),
  },
  // em.remove(book) sets deleted_at; finds, counts and populate no longer see the book.
  softDelete: 'deletedAt',
});

export const CustomerMapper = defineEntity(Customer, {
  table: 'bookstore_customers',
  properties: {
    id: p.integer().primaryKey().generated(),
    name: p.string({ length: 100 }),
    email: p.string({ length: 200 }).unique(),
  },
});

export const OrderMapper = defineEntity(Order, {
  table: 'bookstore_orders',
  properties: {
    id: p.integer().primaryKey().generated(),
    customer: p.manyToOne(() => Customer),
    book: p.manyToOne(() => Book),
    quantity: p.integer(),
    total: p.decimal({ precision: 12, scale: 2 }),
    // The database's clock, not the app server's: left out of the INSERT, read back after it.
    placedAt: p.datetime().defaultSql(sqlDefault.now()),
  },
});

export const bookstoreMappers = [AuthorMapper, TagMapper, BookMapper, CustomerMapper, OrderMapper];

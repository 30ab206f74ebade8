/**
 * Entities of the flush specs whose classes form no cycle (tables t_flush_*): books reference
 * their author through a NOT NULL foreign key, and nothing references a book. The writer ↔ novel
 * pair of spec/entity-manager/support/entities.ts is a cycle of classes, so its rows are ordered
 * row by row and never reach the by-class order these entities exist to pin.
 */
import { defineEntity, p } from '../../../lib/mapping';

export class Author {
  id?: number;
  constructor(public name: string) {}
}

export class Book {
  id?: number;
  constructor(
    public title: string,
    public author: Author,
  ) {}
}

export const AuthorMapper = defineEntity(Author, {
  table: 't_flush_authors',
  properties: {
    id: p.integer().primaryKey().generated(),
    name: p.string({ length: 100 }),
  },
});

export const BookMapper = defineEntity(Book, {
  table: 't_flush_books',
  properties: {
    id: p.integer().primaryKey().generated(),
    title: p.string({ length: 100 }),
    author: p.manyToOne(() => Author),
  },
});

export const acyclicMappers = [AuthorMapper, BookMapper] as const;

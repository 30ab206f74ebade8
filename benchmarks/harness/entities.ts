/** The plain entity classes every ORM contender maps (each with its own mapping, none with decorators). */
import type { BenchAuthor, BenchBook } from './contender';

export class Author implements BenchAuthor {
  id?: number;
  books: Book[] = [];
  constructor(
    public name: string,
    public email: string,
  ) {}
}

export class Book implements BenchBook {
  id?: number;
  constructor(
    public title: string,
    public author: Author,
  ) {}
}

/** Table names shared by every contender, so the database work is the same. */
export const AUTHORS_TABLE = 't_bench_authors';
export const BOOKS_TABLE = 't_bench_books';

/** A row of W8's streamed table (made by the harness, see stream-table.ts). */
export class Reading {
  id?: number;
  constructor(
    public label: string,
    public value: number,
  ) {}
}

export const STREAM_TABLE = 't_bench_stream';

/** Authors, books and tags. Receives the request's EntityManager; never flushes (the unit of work does). */
import type { EntityManager } from 'tabula-orm';
import type { EntityRepository } from 'tabula-orm/di';
import { Author, Book, Tag } from './entities';

export interface NewBook {
  readonly title: string;
  readonly price: string;
  readonly stock: number;
  readonly authorId: number;
  readonly tags: readonly string[];
}

export interface BookChanges {
  readonly title?: string;
  readonly price?: string;
  readonly stock?: number;
}

export class CatalogService {
  constructor(
    private readonly em: EntityManager,
    private readonly books: EntityRepository<Book>,
  ) {}

  addAuthor(name: string): Author {
    const author = new Author(name);
    this.em.persist(author);
    return author;
  }

  authors(): Promise<Author[]> {
    return this.em.findAll(Author);
  }

  tags(): Promise<Tag[]> {
    return this.em.findAll(Tag);
  }

  async addBook(input: NewBook): Promise<Book> {
    const author = await this.em.findOneOrFail(Author, input.authorId);
    const book = new Book(input.title, input.price, input.stock, author);
    for (const name of input.tags) book.tags.push((await this.em.findOne(Tag, { name })) ?? new Tag(name));
    this.books.persist(book);
    return book;
  }

  listBooks(): Promise<Book[]> {
    return this.books.find();
  }

  book(id: number): Promise<Book> {
    return this.books.findOneOrFail(id);
  }

  async changeBook(id: number, changes: BookChanges): Promise<Book> {
    const book = await this.books.findOneOrFail(id);
    this.em.assign(book, changes);
    return book;
  }

  async removeBook(id: number): Promise<void> {
    this.books.remove(await this.books.findOneOrFail(id));
  }
}

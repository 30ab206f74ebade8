/** The bookstore's entities: plain classes, no Tabula import. */
export class Author {
  id?: number;
  /** Added by the second migration (migrations/<dialect>/…_add_author_bio.ts). */
  bio: string | null = null;
  constructor(public name: string) {}
}

export class Tag {
  id?: number;
  constructor(public name: string) {}
}

export class Book {
  id?: number;
  /** Checked on every UPDATE: two orders that read the same stock cannot both write it. */
  version?: number;
  /** Stamped by the mapper (`.default(fn)` / `.onUpdate(fn)`), never by the services. */
  createdAt?: Date;
  updatedAt?: Date;
  /** Set by `DELETE /books/:id` (soft delete): the row stays for the orders that name it. */
  deletedAt: Date | null = null;
  tags: Tag[] = [];
  constructor(
    public title: string,
    /** Exact decimal, as a string. */
    public price: string,
    public stock: number,
    public author: Author,
  ) {}
}

export class Customer {
  id?: number;
  constructor(
    public name: string,
    public email: string,
  ) {}
}

export class Order {
  id?: number;
  /** The database's clock at INSERT (`.defaultSql(sqlDefault.now())`), read back by the flush. */
  placedAt?: Date;
  constructor(
    public customer: Customer,
    public book: Book,
    public quantity: number,
    public total: string,
  ) {}
}

/**
 * The compile-time checks of `defineEntity`, proven by `tsc` (npm run typecheck covers spec/):
 * each `// @ts-expect-error` line must fail to compile — if a check stopped working, tsc would
 * report the directive as unused — and each positive twin right after it must compile.
 */
import { expect } from 'chai';
import { defineEmbeddable, defineEntity, type EntityOf, p, type PropertiesOf } from '../../lib/mapping';

class Author {
  id?: number;
  nickname: string | null = null;
  books: Book[] = [];
  constructor(public name: string) {}
  greet(): string {
    return `Hello, ${this.name}`;
  }
}

class Book {
  id?: number;
  pages = 0;
  sales = 0;
  author!: Author;
  constructor(public title: string) {}
}

describe('compile-time mapping checks (spec/types/compile-mapping.spec.ts)', () => {
  it('is checked by tsc; at run time it only defines the mappers', () => {
    expect(typeof defineEntity).to.equal('function');
  });
});

// 1. An unknown property name in a mapper.
defineEntity(Author, {
  properties: {
    id: p.integer().primaryKey(),
    // @ts-expect-error 'nmae' is not a property of Author
    nmae: p.string(),
    nickname: p.string().nullable(),
    books: p.oneToMany(() => Book, 'author'),
  },
});
defineEntity(Author, {
  properties: {
    id: p.integer().primaryKey(),
    name: p.string(),
    nickname: p.string().nullable(),
    books: p.oneToMany(() => Book, 'author'),
  },
});

// 2. A string column on a number property.
defineEntity(Book, {
  properties: {
    id: p.integer().primaryKey(),
    title: p.string(),
    // @ts-expect-error a string column does not fit `pages: number`
    pages: p.string(),
    sales: p.integer(),
    author: p.manyToOne(() => Author),
  },
});
defineEntity(Book, {
  properties: {
    id: p.integer().primaryKey(),
    title: p.string(),
    pages: p.integer(),
    sales: p.integer(),
    author: p.manyToOne(() => Author),
  },
});

// 3. A bigint column on a number property without the explicit, typed lossy opt-in.
defineEntity(Book, {
  properties: {
    id: p.integer().primaryKey(),
    title: p.string(),
    pages: p.integer(),
    // @ts-expect-error a bigint column reads bigint, not number
    sales: p.bigint(),
    author: p.manyToOne(() => Author),
  },
});
defineEntity(Book, {
  properties: {
    id: p.integer().primaryKey(),
    title: p.string(),
    pages: p.integer(),
    sales: p.bigint({ asNumber: true }),
    author: p.manyToOne(() => Author),
  },
});

// 4. A nullable column on a property that is neither optional nor `| null`.
defineEntity(Book, {
  properties: {
    id: p.integer().primaryKey(),
    // @ts-expect-error `title: string` cannot hold the NULL a nullable column may return
    title: p.string().nullable(),
    pages: p.integer(),
    sales: p.integer(),
    author: p.manyToOne(() => Author),
  },
});
defineEntity(Author, {
  properties: {
    id: p.integer().primaryKey().generated(),
    name: p.string(),
    nickname: p.string().nullable(),
    books: p.oneToMany(() => Book, 'author'),
  },
});

// 4b. Its mirror: a `| null` property on a NOT NULL column (the column could never store the null).
defineEntity(Author, {
  properties: {
    id: p.integer().primaryKey(),
    name: p.string(),
    // @ts-expect-error `nickname: string | null` needs .nullable()
    nickname: p.string(),
    books: p.oneToMany(() => Book, 'author'),
  },
});

// 5. A property of the class left unmapped and not marked transient.
defineEntity(Author, {
  // @ts-expect-error `nickname` is neither mapped nor p.transient()
  properties: {
    id: p.integer().primaryKey(),
    name: p.string(),
    books: p.oneToMany(() => Book, 'author'),
  },
});
defineEntity(Author, {
  properties: {
    id: p.integer().primaryKey(),
    name: p.string(),
    nickname: p.transient(),
    books: p.oneToMany(() => Book, 'author'),
  },
});

// 6. A relation builder whose target type does not match the property.
defineEntity(Book, {
  properties: {
    id: p.integer().primaryKey(),
    title: p.string(),
    pages: p.integer(),
    sales: p.integer(),
    // @ts-expect-error many-to-one to Book on a property typed Author
    author: p.manyToOne(() => Book),
  },
});
defineEntity(Book, {
  properties: {
    id: p.integer().primaryKey(),
    title: p.string(),
    pages: p.integer(),
    sales: p.integer(),
    author: p.manyToOne(() => Author),
  },
});

// 7. `mappedBy` naming a property the target does not have.
defineEntity(Author, {
  properties: {
    id: p.integer().primaryKey(),
    name: p.string(),
    nickname: p.string().nullable(),
    // @ts-expect-error Book has no property 'writer'
    books: p.oneToMany(() => Book, 'writer'),
  },
});
defineEntity(Author, {
  properties: {
    id: p.integer().primaryKey(),
    name: p.string(),
    nickname: p.string().nullable(),
    books: p.oneToMany(() => Book, 'author'),
  },
});

// 8. The relation's shape must fit the property: to-many needs an array, to-one must not be one.
defineEntity(Author, {
  properties: {
    id: p.integer().primaryKey(),
    name: p.string(),
    nickname: p.string().nullable(),
    // @ts-expect-error `books` is an array: a many-to-one does not fit
    books: p.manyToOne(() => Book),
  },
});
defineEntity(Book, {
  properties: {
    id: p.integer().primaryKey(),
    title: p.string(),
    pages: p.integer(),
    sales: p.integer(),
    // @ts-expect-error `author` is not an array: a one-to-many does not fit
    author: p.oneToMany(() => Author, 'books'),
  },
});

// 9. Embeddables are checked the same way.
class Money {
  constructor(
    public amount: string,
    public currency: string,
  ) {}
}
defineEmbeddable(Money, {
  properties: {
    // @ts-expect-error a double column does not fit `amount: string`
    amount: p.double(),
    currency: p.string({ length: 3 }),
  },
});
const MoneyEmbeddable = defineEmbeddable(Money, {
  properties: { amount: p.decimal({ precision: 12, scale: 2 }), currency: p.string({ length: 3 }) },
});

// 10. A STI subclass maps only its own properties.
class Payment {
  id?: number;
  total!: Money;
}
class CardPayment extends Payment {
  last4!: string;
}
const PaymentMapper = defineEntity(Payment, {
  discriminatorValue: 'payment',
  properties: { id: p.integer().primaryKey(), total: p.embedded(MoneyEmbeddable) },
});
defineEntity(CardPayment, {
  extends: PaymentMapper,
  discriminatorValue: 'card',
  properties: {
    last4: p.string({ length: 4 }),
    // @ts-expect-error `total` belongs to the base mapper
    total: p.embedded(MoneyEmbeddable),
  },
});
const CardPaymentMapper = defineEntity(CardPayment, {
  extends: PaymentMapper,
  discriminatorValue: 'card',
  properties: { last4: p.string({ length: 4 }) },
});

// 11. The mapper's type keeps the class and the builders, for typing filters and populate later.
const AuthorMapper = defineEntity(Author, {
  properties: {
    id: p.integer().primaryKey(),
    name: p.string(),
    nickname: p.string().nullable(),
    books: p.oneToMany(() => Book, 'author'),
  },
});
const entity: EntityOf<typeof AuthorMapper> = new Author('Ann');
const booksKind: PropertiesOf<typeof AuthorMapper>['books']['kind'] = 'one-to-many';
const inherited: keyof PropertiesOf<typeof CardPaymentMapper> = 'total';
// @ts-expect-error 'title' is not a property of the Author mapper
const missing: keyof PropertiesOf<typeof AuthorMapper> = 'title';
void [entity, booksKind, inherited, missing];

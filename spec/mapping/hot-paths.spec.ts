/** The generated hydrate / snapshot / compare functions, with each dialect's real type conversions. */
import { expect } from 'chai';
import sinon from 'sinon';
import { Address } from '../../fixtures/entities/address';
import { Author } from '../../fixtures/entities/author';
import { Book } from '../../fixtures/entities/book';
import { libraryMappers } from '../../fixtures/entities/mappers';
import { BankTransfer, CardPayment, Payment } from '../../fixtures/entities/payment';
import { mysqlTypes } from '../../lib/dialects/mysql/types';
import { postgresTypes } from '../../lib/dialects/postgres/types';
import { sqliteTypes } from '../../lib/dialects/sqlite/types';
import { defineEntity, MappingError, MetadataRegistry, NO_CHANGES, p } from '../../lib/mapping';
import type { DialectTypes } from '../../lib/types/dialect-types';

const registry = new MetadataRegistry(libraryMappers);

function instance<T extends object>(cls: abstract new (...args: never[]) => T, values: Partial<T>): T {
  return Object.assign(Object.create(cls.prototype) as T, values);
}

const publishedAt = new Date('2021-03-14T07:00:00.000Z');
const expectedBook = instance(Book, {
  id: '0190a6b2-7c1e-7a3b-8c4d-5e6f7a8b9c0d',
  title: 'Dune',
  price: '12.50',
  publishedAt,
  sales: 9223372036854775807n,
  rating: 4.25,
  weight: 0.5,
  inPrint: true,
  status: 'published',
  metadata: { isbn: '978-0441013593', languages: ['en'] },
  summary: null,
  author: instance(Author, { id: 3 }),
});

/** One book row as each driver hands it over (see docs/types.md for the driver settings). */
const bookRows: Record<string, { types: DialectTypes; row: Record<string, unknown> }> = {
  sqlite: {
    types: sqliteTypes,
    row: {
      id: '0190A6B2-7C1E-7A3B-8C4D-5E6F7A8B9C0D',
      title: 'Dune',
      price: '12.50',
      published_at: '2021-03-14 07:00:00.000',
      sales: '9223372036854775807',
      rating: 4.25,
      weight: 0.5,
      in_print: 1,
      status: 'published',
      metadata: '{"isbn":"978-0441013593","languages":["en"]}',
      summary: null,
      author_id: 3,
    },
  },
  postgres: {
    types: postgresTypes,
    row: {
      id: '0190a6b2-7c1e-7a3b-8c4d-5e6f7a8b9c0d',
      title: 'Dune',
      price: '12.50',
      published_at: '2021-03-14 07:00:00+00',
      sales: '9223372036854775807',
      rating: 4.25,
      weight: 0.5,
      in_print: true,
      status: 'published',
      metadata: { isbn: '978-0441013593', languages: ['en'] },
      summary: null,
      author_id: 3,
    },
  },
  mysql: {
    types: mysqlTypes,
    row: {
      id: '0190a6b2-7c1e-7a3b-8c4d-5e6f7a8b9c0d',
      title: 'Dune',
      price: '12.50',
      published_at: '2021-03-14 07:00:00.000',
      sales: '9223372036854775807',
      rating: 4.25,
      weight: 0.5,
      in_print: 1,
      status: 'published',
      metadata: '{"isbn": "978-0441013593", "languages": ["en"]}',
      summary: null,
      author_id: 3,
    },
  },
};

describe('generated hydrators', () => {
  for (const [dialect, { types, row }] of Object.entries(bookRows)) {
    it(`hydrates a ${dialect} row into the same Book, converting only what needs it`, () => {
      const book = registry.hotPaths(Book, types).hydrate(row);
      expect(book).to.be.instanceOf(Book);
      expect(book).to.deep.equal(expectedBook);
      expect((book as Book).author).to.be.instanceOf(Author);
    });
  }

  it('creates the instance without running the constructor', () => {
    class Counted {
      static made = 0;
      id!: number;
      constructor() {
        Counted.made += 1;
      }
    }
    const paths = new MetadataRegistry([
      defineEntity(Counted, { properties: { id: p.integer().primaryKey() } }),
    ]).hotPaths(Counted, sqliteTypes);
    const counted = paths.hydrate({ id: 7 });
    expect([counted instanceof Counted, Counted.made, (counted as Counted).id]).to.deep.equal([true, 0, 7]);
  });

  it('asks the reference resolver for to-one relations when one is given', () => {
    const author = new Author('Frank Herbert', 'frank@example.com');
    const reference = sinon.stub().returns(author);
    const book = registry.hotPaths(Book, sqliteTypes).hydrate(bookRows.sqlite!.row, { reference }) as Book;
    expect(book.author).to.equal(author);
    expect(reference.calledOnceWithExactly(registry.get(Author), 3)).to.equal(true);
  });

  it('reads an embeddable whose columns are all NULL as null, and one with some values as an instance', () => {
    const hydrate = registry.hotPaths(Author, postgresTypes).hydrate;
    const base = { id: 1, version: 1, name: 'Ann', email: 'ann@example.com', birth_date: null, followers: '12' };
    const none = hydrate({ ...base, address_street: null, address_city: null, address_postal_code: null }) as Author;
    const some = hydrate({
      ...base,
      address_street: 'Main St 1',
      address_city: 'Oslo',
      address_postal_code: null,
    }) as Author;
    expect(none.address).to.equal(null);
    expect(some.address).to.be.instanceOf(Address);
    expect(some.address).to.deep.equal(instance(Address, { street: 'Main St 1', city: 'Oslo', postalCode: null }));
    expect(some.followers).to.equal(12);
  });

  it('leaves relations without a column on this side unset until they are populated', () => {
    const author = registry.hotPaths(Author, sqliteTypes).hydrate({ id: 1, version: 1, name: 'A', email: 'a@x' });
    expect([Object.hasOwn(author, 'books'), Object.hasOwn(author, 'profile')]).to.deep.equal([false, false]);
  });

  it('hydrates rows of a STI base class into their subclasses', () => {
    const hydrate = registry.hotPaths(Payment, mysqlTypes).hydrate;
    const common = { id: 1, amount: '9.90', paid_at: '2024-01-02 03:04:05.006' };
    const card = hydrate({ ...common, kind: 'card', card_last4: '4242', iban: null, reference: null });
    const bank = hydrate({
      ...common,
      id: 2,
      kind: 'bank',
      card_last4: null,
      iban: 'NO9386011117947',
      reference: 'inv 7',
    });
    const paidAt = new Date('2024-01-02T03:04:05.006Z');
    expect(card).to.be.instanceOf(CardPayment);
    expect(card).to.deep.equal(instance(CardPayment, { id: 1, amount: '9.90', paidAt, cardLast4: '4242' }));
    expect(bank).to.be.instanceOf(BankTransfer);
    expect(bank).to.deep.equal(
      instance(BankTransfer, { id: 2, amount: '9.90', paidAt, iban: 'NO9386011117947', reference: 'inv 7' }),
    );
  });

  it('rejects a row whose discriminator value no mapper declares', () => {
    const hydrate = registry.hotPaths(Payment, sqliteTypes).hydrate;
    expect(() => hydrate({ id: 1, amount: '1.00', paid_at: '2024-01-01 00:00:00.000', kind: 'cash' }))
      .to.throw(MappingError)
      .with.property('message')
      .that.equals(
        'PaymentMapper: a row has discriminator value "cash", which no mapper of the hierarchy declares.\n' +
          '  Map the class for that value (defineEntity(…, { extends, discriminatorValue })) and pass it to Tabula.connect.',
      );
  });

  it('compiles once per entity and dialect', () => {
    expect(registry.hotPaths(Book, sqliteTypes)).to.equal(registry.hotPaths(Book, sqliteTypes));
    expect(registry.hotPaths(Book, sqliteTypes)).to.not.equal(registry.hotPaths(Book, postgresTypes));
  });
});

describe('generated snapshots and comparators', () => {
  const paths = registry.hotPaths(Book, sqliteTypes);
  const load = () => paths.hydrate(bookRows.sqlite!.row) as Book;

  it('takes a flat record of column values, to-one relations by key, json as stable text', () => {
    const book = load();
    const snapshot = paths.snapshot(book);
    expect(snapshot).to.deep.equal({
      id: '0190a6b2-7c1e-7a3b-8c4d-5e6f7a8b9c0d',
      title: 'Dune',
      price: '12.50',
      published_at: publishedAt,
      sales: 9223372036854775807n,
      rating: 4.25,
      weight: 0.5,
      in_print: true,
      status: 'published',
      metadata: '{"isbn":"978-0441013593","languages":["en"]}',
      summary: null,
      author_id: 3,
    });
    expect(snapshot.published_at).to.not.equal(book.publishedAt);
  });

  it('returns the shared empty result when nothing changed', () => {
    const book = load();
    const snapshot = paths.snapshot(book);
    book.publishedAt = new Date(publishedAt.getTime());
    book.metadata = { languages: ['en'], isbn: '978-0441013593' };
    book.sales = 9223372036854775807n;
    book.author = instance(Author, { id: 3 });
    expect(paths.compare(book, snapshot)).to.equal(NO_CHANGES);
  });

  it('reports each changed column with its old and new value', () => {
    const book = load();
    const snapshot = paths.snapshot(book);
    book.title = 'Dune Messiah';
    book.publishedAt?.setUTCFullYear(1969);
    book.sales += 1n;
    book.metadata = { isbn: '978-0441013593', languages: ['en', 'de'] };
    book.author = instance(Author, { id: 4 });
    expect(paths.compare(book, snapshot)).to.deep.equal([
      { column: 'title', property: 'title', old: 'Dune', new: 'Dune Messiah' },
      { column: 'published_at', property: 'publishedAt', old: publishedAt, new: new Date('1969-03-14T07:00:00.000Z') },
      { column: 'sales', property: 'sales', old: 9223372036854775807n, new: 9223372036854775808n },
      {
        column: 'metadata',
        property: 'metadata',
        old: { isbn: '978-0441013593', languages: ['en'] },
        new: { isbn: '978-0441013593', languages: ['en', 'de'] },
      },
      { column: 'author_id', property: 'author', old: 3, new: 4 },
    ]);
  });

  it('compares buffers by bytes, NaN as equal to NaN, and null as equal to undefined', () => {
    class Blobby {
      id!: number;
      data: Buffer | null = null;
      score = 0;
      note?: string;
    }
    const mapper = defineEntity(Blobby, {
      properties: {
        id: p.integer().primaryKey(),
        data: p.blob().nullable(),
        score: p.double(),
        note: p.string().nullable(),
      },
    });
    const blobby = new MetadataRegistry([mapper]).hotPaths(Blobby, postgresTypes);
    const e = blobby.hydrate({ id: 1, data: Buffer.from([1, 2]), score: Number.NaN, note: null }) as Blobby;
    const snapshot = blobby.snapshot(e);
    e.data = Buffer.from([1, 2]);
    e.note = undefined;
    expect(blobby.compare(e, snapshot)).to.equal(NO_CHANGES);
    (e.data as Buffer)[1] = 3;
    expect(blobby.compare(e, snapshot)).to.deep.equal([
      { column: 'data', property: 'data', old: Buffer.from([1, 2]), new: Buffer.from([1, 3]) },
    ]);
  });

  it('reports an embeddable set to null as its columns becoming NULL', () => {
    const authorPaths = registry.hotPaths(Author, sqliteTypes);
    const author = authorPaths.hydrate({
      id: 1,
      version: 1,
      name: 'Ann',
      email: 'a@x',
      address_street: 'Main St 1',
      address_city: 'Oslo',
      address_postal_code: null,
      birth_date: null,
      followers: '0',
    }) as Author;
    const snapshot = authorPaths.snapshot(author);
    author.address = null;
    expect(authorPaths.compare(author, snapshot)).to.deep.equal([
      { column: 'address_street', property: 'address.street', old: 'Main St 1', new: null },
      { column: 'address_city', property: 'address.city', old: 'Oslo', new: null },
    ]);
  });
});

/** The metadata the registry resolves from the sample mappers: tables, columns, relations, STI. */
import { expect } from 'chai';
import { Author } from '../../fixtures/entities/author';
import { AuthorProfile } from '../../fixtures/entities/author-profile';
import { Book } from '../../fixtures/entities/book';
import { libraryMappers } from '../../fixtures/entities/mappers';
import { BankTransfer, CardPayment, Payment } from '../../fixtures/entities/payment';
import { Tag } from '../../fixtures/entities/tag';
import { type EntityMetadata, MappingError, MetadataRegistry, type RelationMetadata } from '../../lib/mapping';

const registry = new MetadataRegistry(libraryMappers);

function relation(entity: EntityMetadata, name: string): RelationMetadata {
  const found = entity.relations.find((r) => r.name === name);
  if (!found) throw new Error(`no relation ${name}`);
  return found;
}

function summary(r: RelationMetadata) {
  return {
    kind: r.kind,
    target: r.target.className,
    isOwner: r.isOwner,
    mappedBy: r.mappedBy,
    inversedBy: r.inversedBy,
    joinColumns: r.joinColumns.map((c) => c.name),
    referencedColumns: r.referencedColumns.map((c) => c.name),
    nullable: r.nullable,
    onDelete: r.onDelete,
    cascade: r.cascade,
    orphanRemoval: r.orphanRemoval,
    pivot: r.pivot,
  };
}

describe('MetadataRegistry metadata', () => {
  it('names tables and columns with the snake_case strategy and the overrides', () => {
    const book = registry.get(Book);
    expect(book.table).to.equal('books');
    expect(book.columns.map((c) => [c.name, c.property, c.source, c.nullable])).to.deep.equal([
      ['id', 'id', 'property', false],
      ['title', 'title', 'property', false],
      ['price', 'price', 'property', false],
      ['published_at', 'publishedAt', 'property', true],
      ['sales', 'sales', 'property', false],
      ['rating', 'rating', 'property', false],
      ['weight', 'weight', 'property', false],
      ['in_print', 'inPrint', 'property', false],
      ['status', 'status', 'property', false],
      ['metadata', 'metadata', 'property', false],
      ['summary', 'summary', 'property', true],
      ['author_id', 'author', 'foreign-key', false],
    ]);
    expect(book.primaryKey.map((c) => [c.name, c.generated])).to.deep.equal([['id', 'uuidv7']]);
    expect(registry.get(Author).primaryKey.map((c) => [c.name, c.generated])).to.deep.equal([['id', 'identity']]);
  });

  it('resolves the owning many-to-one and its inverse one-to-many', () => {
    expect(summary(relation(registry.get(Book), 'author'))).to.deep.equal({
      kind: 'many-to-one',
      target: 'Author',
      isOwner: true,
      mappedBy: undefined,
      inversedBy: 'books',
      joinColumns: ['author_id'],
      referencedColumns: ['id'],
      nullable: false,
      onDelete: 'cascade',
      cascade: [],
      orphanRemoval: false,
      pivot: undefined,
    });
    expect(summary(relation(registry.get(Author), 'books'))).to.deep.equal({
      kind: 'one-to-many',
      target: 'Book',
      isOwner: false,
      mappedBy: 'author',
      inversedBy: undefined,
      joinColumns: [],
      referencedColumns: [],
      nullable: false,
      onDelete: undefined,
      cascade: ['persist', 'remove'],
      orphanRemoval: true,
      pivot: undefined,
    });
  });

  it('resolves a one-to-one: a unique FK on the owning side, nothing on the inverse side', () => {
    const profile = registry.get(AuthorProfile);
    expect(summary(relation(profile, 'author'))).to.include({
      kind: 'one-to-one',
      isOwner: true,
      inversedBy: 'profile',
    });
    expect(profile.columns.find((c) => c.name === 'author_id')?.unique).to.equal(true);
    expect(summary(relation(registry.get(Author), 'profile'))).to.include({
      kind: 'one-to-one',
      isOwner: false,
      mappedBy: 'author',
    });
  });

  it('gives both sides of a many-to-many the pivot table the owning side declares', () => {
    const pivot = { table: 'books_tags', joinColumns: ['book_id'], inverseJoinColumns: ['tag_id'] };
    expect(relation(registry.get(Book), 'tags').pivot).to.deep.equal(pivot);
    expect(relation(registry.get(Tag), 'books').pivot).to.deep.equal(pivot);
    expect(relation(registry.get(Tag), 'books').isOwner).to.equal(false);
  });

  it('maps an embeddable to prefixed columns, nullable as a whole', () => {
    const [address] = registry.get(Author).embedded;
    expect({
      name: address?.name,
      prefix: address?.prefix,
      nullable: address?.nullable,
      fields: address?.fields.map((f) => [f.property, f.column.name, f.column.property, f.column.nullable]),
    }).to.deep.equal({
      name: 'address',
      prefix: 'address_',
      nullable: true,
      fields: [
        ['street', 'address_street', 'address.street', true],
        ['city', 'address_city', 'address.city', true],
        ['postalCode', 'address_postal_code', 'address.postalCode', true],
      ],
    });
  });

  it('knows the version column and leaves transient properties out', () => {
    const author = registry.get(Author);
    expect(author.version?.name).to.equal('version');
    expect(author.properties.map((p) => p.name)).to.not.include('displayName');
  });

  it('resolves single-table inheritance: one table, a discriminator, subclasses with their own columns', () => {
    const payment = registry.get(Payment);
    const card = registry.get(CardPayment);
    expect(payment.inheritance?.descendants.map((d) => d.className)).to.deep.equal(['CardPayment', 'BankTransfer']);
    expect(payment.inheritance?.isAbstract).to.equal(true);
    expect(card.table).to.equal('payments');
    expect(card.inheritance?.root).to.equal(payment);
    expect(card.inheritance?.discriminatorValue).to.equal('card');
    expect(card.columns.map((c) => [c.name, c.nullable])).to.deep.equal([
      ['id', false],
      ['amount', false],
      ['paid_at', false],
      ['card_last4', true],
      ['kind', false],
    ]);
    expect(registry.get(BankTransfer).primaryKey[0]).to.equal(payment.primaryKey[0]);
  });

  it('lists every table with its keys, constraints and foreign keys', () => {
    const tables = registry.tables();
    expect(tables.map((t) => t.name)).to.deep.equal([
      'authors',
      'author_profiles',
      'books',
      'tags',
      'payments',
      'books_tags',
    ]);
    expect(tables.find((t) => t.name === 'payments')).to.deep.equal({
      name: 'payments',
      columns: [
        {
          name: 'id',
          type: { kind: 'integer' },
          nullable: false,
          default: undefined,
          primaryKey: true,
          autoIncrement: true,
        },
        {
          name: 'amount',
          type: { kind: 'decimal', precision: 12, scale: 2 },
          nullable: false,
          default: undefined,
          primaryKey: false,
          autoIncrement: false,
        },
        {
          name: 'paid_at',
          type: { kind: 'datetime' },
          nullable: false,
          default: undefined,
          primaryKey: false,
          autoIncrement: false,
        },
        {
          name: 'kind',
          type: { kind: 'string', length: 16 },
          nullable: false,
          default: undefined,
          primaryKey: false,
          autoIncrement: false,
        },
        {
          name: 'card_last4',
          type: { kind: 'string', length: 4 },
          nullable: true,
          default: undefined,
          primaryKey: false,
          autoIncrement: false,
        },
        {
          name: 'iban',
          type: { kind: 'string', length: 34 },
          nullable: true,
          default: undefined,
          primaryKey: false,
          autoIncrement: false,
        },
        {
          name: 'reference',
          type: { kind: 'string' },
          nullable: true,
          default: undefined,
          primaryKey: false,
          autoIncrement: false,
        },
      ],
      primaryKey: ['id'],
      uniques: [],
      indexes: [],
      foreignKeys: [],
    });
    const authors = tables.find((t) => t.name === 'authors');
    expect({
      version: authors?.columns.find((c) => c.name === 'version'),
      uniques: authors?.uniques,
      indexes: authors?.indexes,
    }).to.deep.equal({
      version: {
        name: 'version',
        type: { kind: 'integer' },
        nullable: false,
        default: { kind: 'value', value: 1 },
        primaryKey: false,
        autoIncrement: false,
      },
      uniques: [{ name: undefined, columns: ['email'] }],
      indexes: [{ name: 'ix_authors_name', columns: ['name'] }],
    });
    const books = tables.find((t) => t.name === 'books');
    expect({ uniques: books?.uniques, indexes: books?.indexes, foreignKeys: books?.foreignKeys }).to.deep.equal({
      uniques: [{ name: undefined, columns: ['author_id', 'title'] }],
      indexes: [],
      foreignKeys: [
        { columns: ['author_id'], referencedTable: 'authors', referencedColumns: ['id'], onDelete: 'cascade' },
      ],
    });
    expect(tables.find((t) => t.name === 'books_tags')).to.deep.equal({
      name: 'books_tags',
      columns: [
        { name: 'book_id', type: { kind: 'uuid' }, nullable: false, primaryKey: true, autoIncrement: false },
        { name: 'tag_id', type: { kind: 'integer' }, nullable: false, primaryKey: true, autoIncrement: false },
      ],
      primaryKey: ['book_id', 'tag_id'],
      uniques: [],
      indexes: [],
      foreignKeys: [
        { columns: ['book_id'], referencedTable: 'books', referencedColumns: ['id'], onDelete: 'cascade' },
        { columns: ['tag_id'], referencedTable: 'tags', referencedColumns: ['id'], onDelete: 'cascade' },
      ],
    });
  });

  it('hands out frozen metadata', () => {
    const book = registry.get(Book);
    expect([Object.isFrozen(book), Object.isFrozen(book.columns), Object.isFrozen(book.relations[0])]).to.deep.equal([
      true,
      true,
      true,
    ]);
  });

  it('answers a class without a mapper with a MappingError', () => {
    class Stranger {}
    expect(registry.has(Stranger)).to.equal(false);
    expect(() => registry.get(Stranger)).to.throw(MappingError, 'Stranger has no mapper.');
  });
});

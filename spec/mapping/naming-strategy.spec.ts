import { expect } from 'chai';
import { Book } from '../../fixtures/entities/book';
import { libraryMappers } from '../../fixtures/entities/mappers';
import { Tag } from '../../fixtures/entities/tag';
import {
  defineEntity,
  MetadataRegistry,
  type NamingStrategy,
  p,
  pascalCaseNaming,
  snakeCaseNaming,
  toSnakeCase,
} from '../../lib/mapping';

describe('naming strategies', () => {
  it('turns camelCase and PascalCase names into snake_case', () => {
    expect(['publishedAt', 'BookTag', 'HTMLPage', 'address2', 'id', 'mediaTypeId'].map(toSnakeCase)).to.deep.equal([
      'published_at',
      'book_tag',
      'html_page',
      'address2',
      'id',
      'media_type_id',
    ]);
  });

  it('names FK columns after the property and the referenced column without its table prefix', () => {
    expect([
      snakeCaseNaming.joinColumnName('author', 'id', 'authors'),
      snakeCaseNaming.joinColumnName('mediaType', 'media_type_id', 'media_type'),
      snakeCaseNaming.joinColumnName('supportRep', 'employee_id', 'employee'),
      pascalCaseNaming.joinColumnName('artist', 'ArtistId', 'Artist'),
      pascalCaseNaming.joinColumnName('supportRep', 'EmployeeId', 'Employee'),
      pascalCaseNaming.joinColumnName('owner', 'Id', 'User'),
    ]).to.deep.equal(['author_id', 'media_type_id', 'support_rep_id', 'ArtistId', 'SupportRepId', 'OwnerId']);
  });

  it('names pivot tables and embeddable prefixes', () => {
    expect([
      snakeCaseNaming.pivotTableName('books', 'tags'),
      pascalCaseNaming.pivotTableName('Playlist', 'Track'),
      snakeCaseNaming.embeddedPrefix('billingAddress'),
      pascalCaseNaming.embeddedPrefix('billing'),
    ]).to.deep.equal(['books_tags', 'PlaylistTrack', 'billing_address_', 'Billing']);
  });

  it('applies PascalCase to every name it derives, and leaves the explicit ones alone', () => {
    const registry = new MetadataRegistry(libraryMappers, { naming: pascalCaseNaming });
    const book = registry.get(Book);
    expect([book.table, ...book.columns.map((c) => c.name)]).to.deep.equal([
      'books',
      'Id',
      'Title',
      'Price',
      'PublishedAt',
      'Sales',
      'Rating',
      'Weight',
      'InPrint',
      'Status',
      'Metadata',
      'Summary',
      'AuthorId',
    ]);
    expect(registry.get(Tag).relations[0]?.pivot).to.deep.equal({
      table: 'bookstags',
      joinColumns: ['BookId'],
      inverseJoinColumns: ['TagId'],
    });
  });

  it('can be replaced by any object implementing NamingStrategy', () => {
    const prefixed: NamingStrategy = { ...snakeCaseNaming, tableName: (name) => `app_${toSnakeCase(name)}` };
    class LineItem {
      id!: number;
      unitPrice!: string;
    }
    const mapper = defineEntity(LineItem, {
      properties: {
        id: p.integer().primaryKey(),
        unitPrice: p.decimal().column((n) => `${n.columnName('unitPrice')}_eur`),
      },
    });
    const entity = new MetadataRegistry([mapper], { naming: prefixed }).get(LineItem);
    expect([entity.table, ...entity.columns.map((c) => c.name)]).to.deep.equal([
      'app_line_item',
      'id',
      'unit_price_eur',
    ]);
  });
});

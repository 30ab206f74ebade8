/**
 * What the compiler cannot see, the registry rejects at start-up: one test per rule, each with
 * the exact message (mapper, property, fix).
 */
import { defineEntity, MetadataRegistry, p } from '../../lib/mapping';
import { expectMappingError } from './support/expect-mapping-error';

class Writer {
  id!: number;
}
class Editor {
  id!: number;
}
class Author {
  id!: number;
  books: Book[] = [];
}
class Book {
  id!: number;
  author!: Writer;
  editor!: Editor;
  coAuthors: Author[] = [];
}

const WriterMapper = defineEntity(Writer, { properties: { id: p.integer().primaryKey() } });
const EditorMapper = defineEntity(Editor, { properties: { id: p.integer().primaryKey() } });
const BookMapper = defineEntity(Book, {
  properties: {
    id: p.integer().primaryKey(),
    author: p.manyToOne(() => Writer),
    editor: p.manyToOne(() => Editor),
    coAuthors: p.manyToMany(() => Author),
  },
});

describe('MetadataRegistry start-up rules', () => {
  it('rejects a relation whose target class has no mapper', () => {
    expectMappingError(() => new MetadataRegistry([BookMapper, EditorMapper]), {
      message:
        'BookMapper.author: many-to-one target Writer has no mapper.\n' +
        '  Add defineEntity(Writer, …) to the mappers passed to Tabula.connect, or correct the target.',
      mapper: 'BookMapper',
      property: 'author',
    });
  });

  it('rejects a mappedBy that points at a property of the wrong kind', () => {
    const AuthorMapper = defineEntity(Author, {
      properties: { id: p.integer().primaryKey(), books: p.oneToMany(() => Book, 'coAuthors') },
    });
    expectMappingError(() => new MetadataRegistry([AuthorMapper, BookMapper, WriterMapper, EditorMapper]), {
      message:
        'AuthorMapper.books: mappedBy names Book.coAuthors, which is mapped as a many-to-many, not as a many-to-one.\n' +
        '  Point mappedBy at the owning many-to-one property of Book, or map Book.coAuthors as a many-to-one.',
      mapper: 'AuthorMapper',
      property: 'books',
    });
  });

  it('rejects a mappedBy that points at a relation to another class', () => {
    const AuthorMapper = defineEntity(Author, {
      properties: { id: p.integer().primaryKey(), books: p.oneToMany(() => Book, 'editor') },
    });
    expectMappingError(() => new MetadataRegistry([AuthorMapper, BookMapper, WriterMapper, EditorMapper]), {
      message:
        'AuthorMapper.books: mappedBy names Book.editor, which points at Editor, not at Author.\n' +
        '  Point mappedBy at the property of Book whose target is Author.',
      mapper: 'AuthorMapper',
      property: 'books',
    });
  });

  it('rejects two mappers for one class', () => {
    const Second = defineEntity(Writer, { name: 'LegacyWriterMapper', properties: { id: p.integer().primaryKey() } });
    expectMappingError(() => new MetadataRegistry([WriterMapper, Second]), {
      message:
        'LegacyWriterMapper: class Writer is mapped twice (also by WriterMapper).\n' +
        '  Pass one mapper per class to Tabula.connect; map a second shape of the same data with its own class.',
      mapper: 'LegacyWriterMapper',
      property: undefined,
    });
  });

  it('rejects two properties on one column', () => {
    class Article {
      id!: number;
      title!: string;
      headline!: string;
    }
    const ArticleMapper = defineEntity(Article, {
      properties: { id: p.integer().primaryKey(), title: p.string(), headline: p.string().column('title') },
    });
    expectMappingError(() => new MetadataRegistry([ArticleMapper]), {
      message:
        'ArticleMapper.headline: column title is already mapped by ArticleMapper.title.\n' +
        '  Give one of the two properties its own column name, or mark one of them p.transient().',
      mapper: 'ArticleMapper',
      property: 'headline',
    });
  });

  it('rejects a plain column property on the foreign-key column of a to-one, pointing at p.foreignKey', () => {
    class Company {
      id!: number;
    }
    class Staff {
      id!: number;
      company!: Company;
      companyId!: number;
    }
    const CompanyMapper = defineEntity(Company, { properties: { id: p.integer().primaryKey() } });
    const StaffMapper = defineEntity(Staff, {
      properties: {
        id: p.integer().primaryKey(),
        company: p.manyToOne(() => Company),
        companyId: p.integer().column('company_id'),
      },
    });
    expectMappingError(() => new MetadataRegistry([CompanyMapper, StaffMapper]), {
      message:
        'StaffMapper.companyId: column company_id is the foreign key of the relation company; a plain column property cannot map it too.\n' +
        "  Map it as companyId: p.foreignKey('company'): one column, read and written through either property (docs/mapping.md). Or mark companyId p.transient().",
      mapper: 'StaffMapper',
      property: 'companyId',
    });
  });

  it('rejects an entity without a primary key', () => {
    class LogLine {
      message!: string;
    }
    const LogLineMapper = defineEntity(LogLine, { table: 'log_lines', properties: { message: p.text() } });
    expectMappingError(() => new MetadataRegistry([LogLineMapper]), {
      message:
        'LogLineMapper: table log_lines has no primary key.\n' +
        '  Mark the key property with .primaryKey() (on several properties for a composite key).',
      mapper: 'LogLineMapper',
      property: undefined,
    });
  });

  it('rejects a version column of a type that cannot count versions', () => {
    class Doc {
      id!: number;
      revision!: string;
    }
    const DocMapper = defineEntity(Doc, {
      properties: { id: p.integer().primaryKey(), revision: p.string().version() },
    });
    expectMappingError(() => new MetadataRegistry([DocMapper]), {
      message:
        'DocMapper.revision: a version column must be integer, bigint or datetime, not string.\n' +
        '  Use p.integer().version() (or bigint / datetime), or remove .version().',
      mapper: 'DocMapper',
      property: 'revision',
    });
  });

  it('rejects a concrete single-table inheritance subclass without a discriminator value', () => {
    class Vehicle {
      id!: number;
    }
    class Car extends Vehicle {
      seats!: number;
    }
    const VehicleMapper = defineEntity(Vehicle, {
      discriminatorValue: 'vehicle',
      properties: { id: p.integer().primaryKey() },
    });
    const CarMapper = defineEntity(Car, { extends: VehicleMapper, properties: { seats: p.integer() } });
    expectMappingError(() => new MetadataRegistry([VehicleMapper, CarMapper]), {
      message:
        'CarMapper: single-table inheritance member of VehicleMapper has no discriminator value.\n' +
        "  Add discriminatorValue: '…' to its definition, or mark it abstract: true if it is never instantiated.",
      mapper: 'CarMapper',
      property: undefined,
    });
  });

  it('rejects a cycle of NOT NULL foreign keys that could never be inserted', () => {
    class Chicken {
      id!: number;
      egg!: Egg;
    }
    class Egg {
      id!: number;
      chicken!: Chicken;
    }
    const ChickenMapper = defineEntity(Chicken, {
      properties: { id: p.integer().primaryKey(), egg: p.manyToOne(() => Egg) },
    });
    const EggMapper = defineEntity(Egg, {
      properties: { id: p.integer().primaryKey(), chicken: p.oneToOne(() => Chicken) },
    });
    expectMappingError(() => new MetadataRegistry([ChickenMapper, EggMapper]), {
      message:
        'ChickenMapper.egg: NOT NULL foreign keys form a cycle (ChickenMapper.egg → EggMapper.chicken → Chicken), ' +
        'so no row of it could ever be inserted.\n' +
        '  Make one foreign key of the cycle nullable (.nullable()) so it can be set after both rows exist.',
      mapper: 'ChickenMapper',
      property: 'egg',
    });
  });
});

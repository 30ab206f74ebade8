/** Further start-up rules: the cases around the main ones that would otherwise fail late. */
import { expect } from 'chai';
import { defineEmbeddable, defineEntity, MetadataRegistry, p } from '../../lib/mapping';
import { expectMappingError } from './support/expect-mapping-error';

describe('MetadataRegistry start-up rules (more)', () => {
  it('rejects a NOT NULL self-reference: the first row could never be inserted', () => {
    class Person {
      id!: number;
      manager!: Person;
    }
    const PersonMapper = defineEntity(Person, {
      properties: { id: p.integer().primaryKey(), manager: p.manyToOne(() => Person) },
    });
    expectMappingError(() => new MetadataRegistry([PersonMapper]), {
      message:
        'PersonMapper.manager: NOT NULL foreign keys form a cycle (PersonMapper.manager → Person), ' +
        'so no row of it could ever be inserted.\n' +
        '  Make one foreign key of the cycle nullable (.nullable()) so it can be set after both rows exist.',
      mapper: 'PersonMapper',
      property: 'manager',
    });
  });

  it('accepts the same cycle once one foreign key of it is nullable', () => {
    class Person {
      id!: number;
      manager: Person | null = null;
    }
    const PersonMapper = defineEntity(Person, {
      properties: { id: p.integer().primaryKey(), manager: p.manyToOne(() => Person).nullable() },
    });
    const registry = new MetadataRegistry([PersonMapper]);
    const [manager] = registry.get(Person).relations;
    expect(manager?.joinColumns.map((c) => [c.name, c.nullable])).to.deep.equal([['manager_id', true]]);
  });

  it('rejects two classes of one hierarchy with the same discriminator value', () => {
    abstract class Shape {
      id!: number;
    }
    class Circle extends Shape {
      radius!: number;
    }
    class Disc extends Shape {
      radius2!: number;
    }
    const ShapeMapper = defineEntity(Shape, { abstract: true, properties: { id: p.integer().primaryKey() } });
    const CircleMapper = defineEntity(Circle, {
      extends: ShapeMapper,
      discriminatorValue: 'round',
      properties: { radius: p.double() },
    });
    const DiscMapper = defineEntity(Disc, {
      extends: ShapeMapper,
      discriminatorValue: 'round',
      properties: { radius2: p.double() },
    });
    expectMappingError(() => new MetadataRegistry([ShapeMapper, CircleMapper, DiscMapper]), {
      message:
        "DiscMapper: discriminator value 'round' is already used by CircleMapper.\n" +
        '  Give every class of the hierarchy its own discriminatorValue.',
      mapper: 'DiscMapper',
      property: undefined,
    });
  });

  it('rejects a generated value on a column kind that cannot be generated', () => {
    class Code {
      code!: string;
    }
    const CodeMapper = defineEntity(Code, { properties: { code: p.string().primaryKey().generated() } });
    expectMappingError(() => new MetadataRegistry([CodeMapper]), {
      message:
        'CodeMapper.code: a string column cannot be generated.\n' +
        '  Generate integer or bigint keys as identity and uuid keys as uuidv7, or assign the key yourself.',
      mapper: 'CodeMapper',
      property: 'code',
    });
  });

  it("rejects onDelete: 'set null' on a NOT NULL foreign key", () => {
    class Team {
      id!: number;
    }
    class Player {
      id!: number;
      team!: Team;
    }
    const TeamMapper = defineEntity(Team, { properties: { id: p.integer().primaryKey() } });
    const PlayerMapper = defineEntity(Player, {
      properties: { id: p.integer().primaryKey(), team: p.manyToOne(() => Team, { onDelete: 'set null' }) },
    });
    expectMappingError(() => new MetadataRegistry([TeamMapper, PlayerMapper]), {
      message:
        "PlayerMapper.team: onDelete: 'set null' on a foreign key that is NOT NULL.\n" +
        "  Make the relation .nullable(), or use onDelete: 'cascade' / 'restrict'.",
      mapper: 'PlayerMapper',
      property: 'team',
    });
  });

  it('rejects a table of its own on a single-table inheritance subclass (class-table inheritance is not there yet)', () => {
    abstract class Animal {
      id!: number;
    }
    class Dog extends Animal {
      breed!: string;
    }
    const AnimalMapper = defineEntity(Animal, { abstract: true, properties: { id: p.integer().primaryKey() } });
    const DogMapper = defineEntity(Dog, {
      extends: AnimalMapper,
      table: 'dogs',
      discriminatorValue: 'dog',
      properties: { breed: p.string() },
    });
    expectMappingError(() => new MetadataRegistry([AnimalMapper, DogMapper]), {
      message:
        'DogMapper.table: a table of its own for a single-table inheritance subclass (class-table inheritance) is not supported yet.\n' +
        '  Remove table: subclasses share the table of AnimalMapper.',
      mapper: 'DogMapper',
      property: 'table',
    });
  });

  it('rejects a subclass mapper whose base mapper was not passed', () => {
    abstract class Animal {
      id!: number;
    }
    class Cat extends Animal {
      lives!: number;
    }
    const AnimalMapper = defineEntity(Animal, { abstract: true, properties: { id: p.integer().primaryKey() } });
    const CatMapper = defineEntity(Cat, {
      extends: AnimalMapper,
      discriminatorValue: 'cat',
      properties: { lives: p.integer() },
    });
    expectMappingError(() => new MetadataRegistry([CatMapper]), {
      message:
        'CatMapper.extends: base class Animal has no mapper.\n' +
        '  Add the mapper of Animal to the mappers passed to Tabula.connect.',
      mapper: 'CatMapper',
      property: 'extends',
    });
  });

  it('rejects a self many-to-many whose two pivot columns would get the same name', () => {
    class User {
      id!: number;
      friends: User[] = [];
    }
    const UserMapper = defineEntity(User, {
      properties: { id: p.integer().primaryKey(), friends: p.manyToMany(() => User) },
    });
    expectMappingError(() => new MetadataRegistry([UserMapper]), {
      message:
        'UserMapper.friends: column user_id is already mapped by friends (pivot user_user).\n' +
        '  Give one of the two properties its own column name, or mark one of them p.transient().',
      mapper: 'UserMapper',
      property: 'friends',
    });
  });

  it('rejects a key inside an embeddable', () => {
    class Money {
      amount!: string;
    }
    class Order {
      id!: number;
      total!: Money;
    }
    const MoneyEmbeddable = defineEmbeddable(Money, { properties: { amount: p.decimal().primaryKey() } });
    const OrderMapper = defineEntity(Order, {
      properties: { id: p.integer().primaryKey(), total: p.embedded(MoneyEmbeddable) },
    });
    expectMappingError(() => new MetadataRegistry([OrderMapper]), {
      message:
        'MoneyEmbeddable.amount: a key, generated or version column inside an embeddable is not supported yet.\n' +
        '  Declare keys, generated values and versions on the entity itself.',
      mapper: 'MoneyEmbeddable',
      property: 'amount',
    });
  });
});

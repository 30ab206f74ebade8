/**
 * Computed defaults at start-up and in the DDL: a mutable constant default is refused with the
 * fix; a function default never reaches the DDL; `.defaultSql` writes the DEFAULT clause of its
 * dialect; conflicting defaults and defaults on keys or versions are refused.
 */
import { expect } from 'chai';
import { Tabula } from '../../lib';
import { defineEmbeddable, defineEntity, MetadataRegistry, p, sqlDefault } from '../../lib/mapping';
import { describeEachDialect } from '../support/matrix';
import { expectMappingError } from './support/expect-mapping-error';

class Stamp {
  id!: number;
  at!: Date;
}
class Tagged {
  id!: number;
  tags!: string[];
}
class Keyed {
  id!: number;
}
class Period {
  from!: Date;
}
class Lease {
  id!: number;
  period!: Period;
}

const fix = (what: string, make: string) =>
  `${what}: .default() was given ${make === 'new Date()' ? 'a Date' : make === 'arr' ? 'an array' : 'a mutable object'}, ` +
  "one instance shared by every new entity (and one fixed value in the table's DDL).\n" +
  `  Pass a function, called once per new entity: .default(() => ${make === 'new Date()' ? 'new Date()' : '…'}).`;

describe('Computed defaults: start-up rules', () => {
  it('refuses a Date as a constant default, naming the property and the function form', () => {
    const StampMapper = defineEntity(Stamp, {
      properties: { id: p.integer().primaryKey(), at: p.datetime().default(new Date()) },
    });
    expectMappingError(() => new MetadataRegistry([StampMapper]), {
      message: fix('StampMapper.at', 'new Date()'),
      mapper: 'StampMapper',
      property: 'at',
    });
  });

  it('refuses an array or object constant default (a json column) the same way', () => {
    const TaggedMapper = defineEntity(Tagged, {
      properties: { id: p.integer().primaryKey(), tags: p.json<string[]>().default([]) },
    });
    expectMappingError(() => new MetadataRegistry([TaggedMapper]), {
      message: fix('TaggedMapper.tags', 'arr'),
      mapper: 'TaggedMapper',
      property: 'tags',
    });
  });

  it('accepts the function form and keeps it out of the constant default', () => {
    const make = () => new Date();
    const StampMapper = defineEntity(Stamp, {
      properties: { id: p.integer().primaryKey(), at: p.datetime().default(make).onUpdate(make) },
    });
    const column = new MetadataRegistry([StampMapper]).get(Stamp).columns[1];
    expect([column?.default, column?.defaultFn === make, column?.onUpdate === make]).to.deep.equal([
      undefined,
      true,
      true,
    ]);
  });

  it('refuses .defaultSql beside another default, and on a primary key', () => {
    const Both = defineEntity(Stamp, {
      properties: {
        id: p.integer().primaryKey(),
        at: p
          .datetime()
          .default(() => new Date())
          .defaultSql('now()'),
      },
    });
    expectMappingError(() => new MetadataRegistry([Both]), {
      message: 'StampMapper.at: .default(fn) and .defaultSql() on one column.\n  Keep one default.',
      mapper: 'StampMapper',
      property: 'at',
    });
    const Key = defineEntity(Keyed, { properties: { id: p.integer().primaryKey().defaultSql('1') } });
    expectMappingError(() => new MetadataRegistry([Key]), {
      message:
        'KeyedMapper.id: .defaultSql() on a primary-key column.\n' +
        '  A key must be known to read the default back: use .generated() or .default(fn).',
      mapper: 'KeyedMapper',
      property: 'id',
    });
  });

  it('refuses a computed default inside an embeddable, which the flush would ignore', () => {
    const PeriodMapper = defineEmbeddable(Period, { properties: { from: p.datetime().default(() => new Date()) } });
    const LeaseMapper = defineEntity(Lease, {
      properties: { id: p.integer().primaryKey(), period: p.embedded(PeriodMapper) },
    });
    expectMappingError(() => new MetadataRegistry([LeaseMapper]), {
      message:
        'PeriodEmbeddable.from: a computed default (.default(fn), .onUpdate, .defaultSql) inside an embeddable is not supported yet.\n' +
        '  Build the value when you create the embeddable, or declare the column on the entity itself.',
      mapper: 'PeriodEmbeddable',
      property: 'from',
    });
  });
});

class Ticket {
  id!: number;
  label!: string;
  code!: string;
  issuedAt!: Date;
  openedAt!: Date;
}

const TicketMapper = defineEntity(Ticket, {
  table: 't_cd_tickets',
  properties: {
    id: p.integer().primaryKey().generated(),
    label: p.string({ length: 20 }).default('none'),
    code: p.string({ length: 20 }).default(() => 'fn'),
    issuedAt: p.datetime().defaultSql(sqlDefault.now()),
    openedAt: p.datetime().default(() => new Date()),
  },
});

describeEachDialect('Computed defaults in the DDL', (ctx) => {
  it('writes the constant and the database default, never a function default', async () => {
    const orm = await Tabula.connect({ url: ctx.url, mappers: [TicketMapper] });
    try {
      const ddl = orm.schema.createStatements().join('\n');
      const now = {
        sqlite: "(strftime('%Y-%m-%d %H:%M:%f', 'now'))",
        postgres: 'CURRENT_TIMESTAMP',
        mysql: 'CURRENT_TIMESTAMP(3)',
      }[ctx.dialect];
      expect(ddl).to.contain(`DEFAULT 'none'`);
      expect(ddl).to.contain(`DEFAULT ${now}`);
      expect(ddl).not.to.contain(`DEFAULT 'fn'`);
      // Only the two DEFAULT clauses: nothing for code or openedAt.
      expect(ddl.match(/ DEFAULT (?!AS IDENTITY|CHARSET)/g)?.length).to.equal(2);
    } finally {
      await orm.close();
    }
  });
});

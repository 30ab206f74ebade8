/**
 * `p.foreignKey` at start-up: the registry maps the scalar on its relation's one FK column (not a
 * second column), keeps its place among the properties, and refuses with a MappingError what it
 * cannot map — no such to-one, a composite key, a key column, two scalars for one relation. A class
 * without one gets the generated code it had (the golden files pin that).
 */
import { expect } from 'chai';
import { describeComparator, describeHydrator, defineEntity, MetadataRegistry, p } from '../../lib/mapping';
import { sqliteTypes } from '../../lib/dialects';
import { expectMappingError } from './support/expect-mapping-error';

class Org {
  id?: number;
}
class Seat {
  hall = 0;
  place = 0;
}
class Person {
  id?: number;
  org!: Org;
  orgId?: number;
  seat: Seat | null = null;
  seatId: number | null = null;
}

const OrgMapper = defineEntity(Org, { properties: { id: p.integer().primaryKey().generated() } });
const SeatMapper = defineEntity(Seat, {
  properties: { hall: p.integer().primaryKey(), place: p.integer().primaryKey() },
});
// Untyped builders: the run-time checks are what is tested (tsc refuses these mappers).
const untyped = (properties: Record<string, unknown>) =>
  defineEntity(Person, { properties: properties as never, name: 'PersonMapper' });

describe('p.foreignKey at start-up', () => {
  it('maps the scalar on the relation’s column, in declaration order, without a second column', () => {
    const mapper = untyped({
      id: p.integer().primaryKey().generated(),
      orgId: p.foreignKey('org'),
      org: p.manyToOne(() => Org),
      seat: p.transient(),
      seatId: p.transient(),
    });
    const meta = new MetadataRegistry([OrgMapper, mapper]).get(Person);
    expect(meta.properties.map((x) => x.name)).to.deep.equal(['id', 'orgId', 'org']);
    expect(meta.columns.map((c) => c.name)).to.deep.equal(['id', 'org_id']);
    const orgId = meta.properties[1];
    expect(orgId?.kind === 'column' && orgId.column).to.equal(meta.relations[0]?.joinColumns[0]);
    expect(meta.foreignKeyProperties?.map((x) => x.name)).to.deep.equal(['orgId']);
    expect(describeHydrator(meta, sqliteTypes)).to.contain('e.orgId = c1');
    expect(describeComparator(meta)).to.contain('property: "orgId"');
    expect(new MetadataRegistry([OrgMapper]).get(Org).foreignKeyProperties).to.equal(undefined);
  });

  const cases: [string, Record<string, unknown>, string][] = [
    [
      'names no property',
      { id: p.integer().primaryKey(), orgId: p.foreignKey('organisation'), org: p.manyToOne(() => Org) },
      'PersonMapper.orgId: p.foreignKey: organisation is not mapped.\n' +
        "  Name the to-one relation of PersonMapper whose key orgId holds: p.foreignKey('company') beside company: p.manyToOne(…).",
    ],
    [
      'names a column',
      { id: p.integer().primaryKey(), orgId: p.foreignKey('id'), org: p.manyToOne(() => Org) },
      'PersonMapper.orgId: p.foreignKey: id is not a many-to-one or owning one-to-one.\n' +
        "  Name the to-one relation of PersonMapper whose key orgId holds: p.foreignKey('company') beside company: p.manyToOne(…).",
    ],
    [
      'reads a composite key',
      { id: p.integer().primaryKey(), seat: p.manyToOne(() => Seat).nullable(), seatId: p.foreignKey('seat') },
      'PersonMapper.seatId: p.foreignKey: seat references Seat, whose key has 2 columns.\n' +
        '  A scalar foreign key holds one column: read the key through seat (its reference holds it), or give Seat a one-column key.',
    ],
    [
      'reads a key column',
      { org: p.manyToOne(() => Org).primaryKey(), orgId: p.foreignKey('org') },
      'PersonMapper.orgId: p.foreignKey: org is part of the primary key, which a writable scalar would change.\n' +
        '  Read the key through org, or mark orgId p.transient().',
    ],
    [
      'is the second of one relation',
      {
        id: p.integer().primaryKey(),
        org: p.manyToOne(() => Org),
        orgId: p.foreignKey('org'),
        seatId: p.foreignKey('org'),
      },
      'PersonMapper.seatId: p.foreignKey: orgId already reads the foreign key of org.\n' +
        "  Keep one p.foreignKey('org').",
    ],
  ];
  for (const [what, properties, message] of cases) {
    it(`refuses a p.foreignKey that ${what}`, () => {
      const property = message.slice('PersonMapper.'.length, message.indexOf(':'));
      expectMappingError(() => new MetadataRegistry([OrgMapper, SeatMapper, untyped(properties)]), {
        message,
        mapper: 'PersonMapper',
        property,
      });
    });
  }
});

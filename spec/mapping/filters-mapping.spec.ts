/**
 * Resolving `filters` and `softDelete` at start-up: the built-in soft-delete filter, the filters a
 * single-table inheritance subclass inherits, the name clashes and malformed definitions refused
 * with a MappingError, and the empty list a class without filters carries (the reads' fast path).
 */
import { expect } from 'chai';
import { defineEntity, MappingError, MetadataRegistry, p, SOFT_DELETE_FILTER } from '../../lib/mapping';

class Vehicle {
  id!: number;
  ownerId!: number;
  scrappedAt!: Date | null;
}
class Car extends Vehicle {
  seats!: number;
}

const vehicleProperties = {
  id: p.integer().primaryKey(),
  ownerId: p.integer(),
  scrappedAt: p.datetime().nullable(),
};

describe('Mapping: global filters and softDelete', () => {
  it('resolves the filters in order, the built-in soft-delete filter first; a subclass inherits them', () => {
    const VehicleMapper = defineEntity(Vehicle, {
      discriminator: {},
      discriminatorValue: 'vehicle',
      properties: vehicleProperties,
      softDelete: 'scrappedAt',
      filters: { owner: (params: { id: number }) => ({ ownerId: params.id }) },
    });
    const CarMapper = defineEntity(Car, {
      extends: VehicleMapper,
      discriminatorValue: 'car',
      properties: { seats: p.integer() },
      filters: { roomy: { cond: () => ({ seats: 5 }), default: false } },
    });
    const registry = new MetadataRegistry([VehicleMapper, CarMapper]);
    const summary = (cls: typeof Vehicle) => registry.get(cls).filters.map((f) => [f.name, f.default, f.needsParams]);
    expect(summary(Vehicle)).to.deep.equal([
      [SOFT_DELETE_FILTER, true, false],
      ['owner', true, true],
    ]);
    expect(summary(Car)).to.deep.equal([
      [SOFT_DELETE_FILTER, true, false],
      ['owner', true, true],
      ['roomy', false, false],
    ]);
    expect(registry.get(Car).softDelete?.column.name).to.equal('scrapped_at');
    expect(registry.get(Vehicle).filters[0]?.cond(undefined as never)).to.deep.equal({ scrappedAt: null });
  });

  it('a class without filters carries an empty, frozen list', () => {
    const mapper = defineEntity(Vehicle, { properties: vehicleProperties });
    const { filters, softDelete } = new MetadataRegistry([mapper]).get(Vehicle);
    expect([filters, Object.isFrozen(filters), softDelete]).to.deep.equal([[], true, undefined]);
  });

  it('refuses a filter named like the built-in one, and a filter without a condition', () => {
    const clash = defineEntity(Vehicle, {
      properties: vehicleProperties,
      softDelete: 'scrappedAt',
      filters: { softDelete: () => ({ ownerId: 1 }) },
    });
    expect(() => new MetadataRegistry([clash])).to.throw(MappingError, "the filter name 'softDelete' is taken");
    const empty = defineEntity(Vehicle, {
      properties: vehicleProperties,
      filters: { owner: {} as never },
    });
    expect(() => new MetadataRegistry([empty])).to.throw(MappingError, "the filter 'owner' has no condition");
  });

  it('refuses softDelete on a subclass (the root says it for the whole table)', () => {
    const VehicleMapper = defineEntity(Vehicle, {
      discriminator: {},
      discriminatorValue: 'vehicle',
      properties: vehicleProperties,
    });
    const CarMapper = defineEntity(Car, {
      extends: VehicleMapper,
      discriminatorValue: 'car',
      properties: { seats: p.integer() },
      softDelete: 'scrappedAt',
    });
    expect(() => new MetadataRegistry([VehicleMapper, CarMapper])).to.throw(MappingError, /root of a single-table/);
  });
});

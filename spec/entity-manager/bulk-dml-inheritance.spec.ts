import { expect } from 'chai';
import type { Tabula } from '../../lib';
import { describeEachDialect } from '../support/matrix';
import {
  Bike,
  Car,
  closeVehicles,
  emptyVehicles,
  openVehicles,
  seedVehicles,
  Vehicle,
  vehicleRows,
} from './support/vehicles';

describeEachDialect('EntityManager bulk updateWhere / deleteWhere on a single-table hierarchy', (ctx) => {
  let orm: Tabula | undefined;
  const db = () => orm as Tabula;
  before(async () => {
    orm = await openVehicles(ctx.url);
  });
  beforeEach(async () => seedVehicles(db()));
  afterEach(async () => emptyVehicles(db()));
  after(async () => closeVehicles(orm));

  it('renames only the bikes with { all: true } on Bike', async () => {
    const changed = await db().em.fork().updateWhere(Bike, {}, { name: 'X' }, { all: true });
    expect(changed).to.equal(2);
    expect(await vehicleRows(db())).to.deep.equal([
      ['vehicle', 'Cart', 2, null, null, null],
      ['car', 'Polo', 4, 3, null, null],
      ['car', 'Vito', 4, 5, null, null],
      ['bike', 'X', 2, null, null, 1],
      ['bike', 'X', 2, null, null, 21],
      ['sports', 'Zonda', 4, 2, 350, null],
    ]);
  });

  it('updates a middle class and its descendants, and only rows of the class matching the filter', async () => {
    const em = db().em.fork();
    expect(await em.updateWhere(Car, {}, { wheels: 3 }, { all: true })).to.equal(3);
    expect(await em.updateWhere(Bike, { wheels: 2 }, { wheels: 1 })).to.equal(2);
    expect(await vehicleRows(db())).to.deep.equal([
      ['bike', 'Bmx', 1, null, null, 1],
      ['vehicle', 'Cart', 2, null, null, null],
      ['car', 'Polo', 3, 3, null, null],
      ['bike', 'Tandem', 1, null, null, 21],
      ['car', 'Vito', 3, 5, null, null],
      ['sports', 'Zonda', 3, 2, 350, null],
    ]);
  });

  it('deletes only the bikes, with { all: true } and with a filter that other classes match too', async () => {
    const em = db().em.fork();
    expect(await em.deleteWhere(Bike, { wheels: 2 })).to.equal(2);
    expect(await em.deleteWhere(Bike, {}, { all: true })).to.equal(0);
    expect(await vehicleRows(db())).to.deep.equal([
      ['vehicle', 'Cart', 2, null, null, null],
      ['car', 'Polo', 4, 3, null, null],
      ['car', 'Vito', 4, 5, null, null],
      ['sports', 'Zonda', 4, 2, 350, null],
    ]);
  });

  it('deletes a middle class with its descendants and leaves the rest; the root reaches every row', async () => {
    const em = db().em.fork();
    expect(await em.deleteWhere(Car, {}, { all: true })).to.equal(3);
    expect((await vehicleRows(db())).map((r) => r[1])).to.deep.equal(['Bmx', 'Cart', 'Tandem']);
    expect(await em.deleteWhere(Vehicle, {}, { all: true })).to.equal(3);
    expect(await vehicleRows(db())).to.deep.equal([]);
  });
});

import { expect } from 'chai';
import type { Tabula } from '../../lib';
import {
  Bike,
  Car,
  closeVehicles,
  emptyVehicles,
  openVehicles,
  SportsCar,
  seedVehicles,
  Vehicle,
} from '../entity-manager/support/vehicles';
import { describeEachDialect } from '../support/matrix';

const q = (text: string, dialect: string) => (dialect === 'mysql' ? text.replaceAll('"', '`') : text);

describeEachDialect('EntityManager finds on a single-table hierarchy', (ctx) => {
  let orm: Tabula | undefined;
  const db = () => orm as Tabula;
  before(async () => {
    orm = await openVehicles(ctx.url);
  });
  beforeEach(async () => seedVehicles(db()));
  afterEach(async () => emptyVehicles(db()));
  after(async () => closeVehicles(orm));

  /** [class name, name] of each entity found, ordered by name, and the WHERE of the SELECT. */
  async function found(cls: typeof Vehicle, filter: object = {}): Promise<[string[][], string | undefined]> {
    const seen: string[] = [];
    const off = db().db.onQuery((e) => {
      seen.push(e.sql);
    });
    const all = await db()
      .em.fork()
      .find(cls, filter as never, { orderBy: { name: 'asc' } });
    off();
    return [all.map((v) => [v.constructor.name, v.name]), / WHERE (.*) ORDER BY /.exec(seen.at(-1) ?? '')?.[1]];
  }

  it('finds every row of the root, each as the class of its discriminator value, with no condition on it', async () => {
    expect(await found(Vehicle)).to.deep.equal([
      [
        ['Bike', 'Bmx'],
        ['Vehicle', 'Cart'],
        ['Car', 'Polo'],
        ['Bike', 'Tandem'],
        ['Car', 'Vito'],
        ['SportsCar', 'Zonda'],
      ],
      '1 = 1',
    ]);
  });

  it("narrows a subclass's find to its own rows and its descendants' (Car finds sports cars too)", async () => {
    const [cars, where] = await found(Car);
    expect([cars, where]).to.deep.equal([
      [
        ['Car', 'Polo'],
        ['Car', 'Vito'],
        ['SportsCar', 'Zonda'],
      ],
      q(`1 = 1 AND "t0"."kind" ${ctx.dialect === 'postgres' ? '= ANY($1::varchar(16)[])' : 'IN (?, ?)'}`, ctx.dialect),
    ]);
  });

  it('narrows a leaf class to its own rows, alone and with a filter', async () => {
    expect((await found(Bike))[0]).to.deep.equal([
      ['Bike', 'Bmx'],
      ['Bike', 'Tandem'],
    ]);
    expect((await found(SportsCar))[0]).to.deep.equal([['SportsCar', 'Zonda']]);
    expect((await found(Bike, { wheels: 2 }))[0]).to.deep.equal([
      ['Bike', 'Bmx'],
      ['Bike', 'Tandem'],
    ]);
    expect((await found(Car, { wheels: 2 }))[0]).to.deep.equal([]);
  });

  it('counts and finds one within the subclass only', async () => {
    const em = db().em.fork();
    expect([
      await em.count(Vehicle),
      await em.count(Car),
      await em.count(Bike),
      await em.count(SportsCar),
      await em.findOne(Bike, { name: 'Vito' }),
      (await em.findOneOrFail(Car, { name: 'Zonda' })).constructor.name,
    ]).to.deep.equal([6, 3, 2, 1, null, 'SportsCar']);
  });
});

import { expect } from 'chai';
import { Tabula } from '../../lib';
import { defineEntity, p } from '../../lib/mapping';
import { sql } from '../../lib/sql';
import {
  Car,
  closeVehicles,
  emptyVehicles,
  openVehicles,
  SportsCar,
  seedVehicles,
  Vehicle,
} from '../entity-manager/support/vehicles';
import { describeEachDialect } from '../support/matrix';

/** A row keyed by two columns (course, seat): the materializer's slow path, like a subclass's. */
class Seat {
  constructor(
    public course: string,
    public seat: number,
    public student: string,
  ) {}
}

const SeatMapper = defineEntity(Seat, {
  table: 't_imap_seats',
  properties: {
    course: p.string({ length: 10 }).primaryKey(),
    seat: p.integer().primaryKey(),
    student: p.string({ length: 30 }),
  },
});

describeEachDialect('Finds keep the unflushed changes of a managed subclass entity', (ctx) => {
  let orm: Tabula | undefined;
  const db = () => orm as Tabula;
  before(async () => {
    orm = await openVehicles(ctx.url);
  });
  beforeEach(async () => seedVehicles(db()));
  afterEach(async () => emptyVehicles(db()));
  after(async () => closeVehicles(orm));

  it('answers root, middle and leaf finds with the same instance and never overwrites its changes', async () => {
    const em = db().em.fork();
    const zonda = await em.findOneOrFail(SportsCar, { name: 'Zonda' });
    zonda.topSpeed = 400;
    zonda.wheels = 5;
    const vehicles = await em.find(Vehicle, {}, { orderBy: { name: 'asc' } });
    const cars = await em.find(Car, { doors: 2 });
    const again = await em.findOneOrFail(Vehicle, { name: 'Zonda' });
    expect([vehicles.at(-1) === zonda, cars[0] === zonda, cars.length, again === zonda]).to.deep.equal([
      true,
      true,
      1,
      true,
    ]);
    expect([zonda.name, zonda.wheels, zonda.doors, zonda.topSpeed]).to.deep.equal(['Zonda', 5, 2, 400]);
    expect(em.plan().entities.map((e) => e.reasons)).to.deep.equal([
      [
        {
          kind: 'changed',
          changes: [
            { property: 'wheels', column: 'wheels', old: 4, new: 5 },
            { property: 'topSpeed', column: 'top_speed', old: 350, new: 400 },
          ],
        },
      ],
    ]);
    await em.flush();
    const [row] = await db().db.query(sql`select wheels, top_speed from t_sti_vehicles where name = 'Zonda'`);
    expect([Number(row?.wheels), Number(row?.top_speed)]).to.deep.equal([5, 400]);
  });
});

describeEachDialect('Finds keep the unflushed changes of a managed composite-key entity', (ctx) => {
  let orm: Tabula | undefined;
  const db = () => orm as Tabula;
  before(async () => {
    orm = await Tabula.connect({ url: ctx.url, mappers: [SeatMapper] });
    await orm.schema.drop();
    await orm.schema.create();
  });
  beforeEach(async () => {
    const em = db().em.fork();
    em.persist(new Seat('math', 1, 'Ann'), new Seat('math', 2, 'Bob'), new Seat('art', 1, 'Cid'));
    await em.flush();
  });
  afterEach(async () => {
    await db().db.execute(sql`delete from t_imap_seats`);
  });
  after(async () => {
    if (!orm) return;
    await orm.schema.drop();
    await orm.close();
  });

  it('answers finds with the same instance and never overwrites its changes', async () => {
    const em = db().em.fork();
    const bob = await em.findOneOrFail(Seat, { course: 'math', seat: 2 });
    bob.student = 'Bea';
    const math = await em.find(Seat, { course: 'math' }, { orderBy: { seat: 'asc' } });
    const all = await em.find(Seat, {}, { orderBy: { student: 'asc' } });
    expect([math[1] === bob, all.map((s) => s.student), bob.student]).to.deep.equal([
      true,
      ['Ann', 'Bea', 'Cid'],
      'Bea',
    ]);
    expect(em.plan().entities.map((e) => e.reasons)).to.deep.equal([
      [{ kind: 'changed', changes: [{ property: 'student', column: 'student', old: 'Bob', new: 'Bea' }] }],
    ]);
    await em.flush();
    const rows = await db().db.query(sql`select student from t_imap_seats order by course, seat`);
    expect(rows.map((r) => r.student)).to.deep.equal(['Cid', 'Ann', 'Bea']);
  });
});

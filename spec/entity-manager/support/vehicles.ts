/**
 * A single-table hierarchy (table t_sti_vehicles): Vehicle (a concrete root) → Car → SportsCar,
 * and Vehicle → Bike. Used by the STI find, bulk-DML and identity-map specs.
 */
import { Tabula } from '../../../lib';
import { defineEntity, p } from '../../../lib/mapping';
import { sql } from '../../../lib/sql';

export class Vehicle {
  id?: number;
  constructor(
    public name: string,
    public wheels: number,
  ) {}
}
export class Car extends Vehicle {
  doors: number | null = null;
}
export class SportsCar extends Car {
  topSpeed: number | null = null;
}
export class Bike extends Vehicle {
  gears: number | null = null;
}

export const VehicleMapper = defineEntity(Vehicle, {
  table: 't_sti_vehicles',
  discriminator: { column: 'kind', length: 16 },
  discriminatorValue: 'vehicle',
  properties: {
    id: p.integer().primaryKey().generated(),
    name: p.string({ length: 30 }),
    wheels: p.integer(),
  },
});
export const CarMapper = defineEntity(Car, {
  extends: VehicleMapper,
  discriminatorValue: 'car',
  properties: { doors: p.integer().nullable() },
});
export const SportsCarMapper = defineEntity(SportsCar, {
  extends: CarMapper,
  discriminatorValue: 'sports',
  properties: { topSpeed: p.integer().nullable() },
});
export const BikeMapper = defineEntity(Bike, {
  extends: VehicleMapper,
  discriminatorValue: 'bike',
  properties: { gears: p.integer().nullable() },
});

export const vehicleMappers = [VehicleMapper, CarMapper, SportsCarMapper, BikeMapper];

/** A Tabula on `url` with t_sti_vehicles created fresh. */
export async function openVehicles(url: string): Promise<Tabula> {
  const orm = await Tabula.connect({ url, mappers: vehicleMappers });
  await orm.schema.drop();
  await orm.schema.create();
  return orm;
}

export async function closeVehicles(orm: Tabula | undefined): Promise<void> {
  if (!orm) return;
  await orm.schema.drop();
  await orm.close();
}

/** Cart (vehicle), Vito and Polo (cars), Zonda (sports car), Bmx and Tandem (bikes). */
export async function seedVehicles(orm: Tabula): Promise<void> {
  const em = orm.em.fork();
  const cart = new Vehicle('Cart', 2);
  const vito = Object.assign(new Car('Vito', 4), { doors: 5 });
  const polo = Object.assign(new Car('Polo', 4), { doors: 3 });
  const zonda = Object.assign(new SportsCar('Zonda', 4), { doors: 2, topSpeed: 350 });
  const bmx = Object.assign(new Bike('Bmx', 2), { gears: 1 });
  const tandem = Object.assign(new Bike('Tandem', 2), { gears: 21 });
  em.persist(cart, vito, polo, zonda, bmx, tandem);
  await em.flush();
}

export async function emptyVehicles(orm: Tabula): Promise<void> {
  await orm.db.execute(sql`delete from t_sti_vehicles`);
}

/** Every row as [kind, name, wheels, doors, top_speed, gears], ordered by name. */
export async function vehicleRows(orm: Tabula): Promise<unknown[][]> {
  const rows = await orm.db.query(
    sql`select kind, name, wheels, doors, top_speed, gears from t_sti_vehicles order by name`,
  );
  return rows.map((r) =>
    ['kind', 'name', 'wheels', 'doors', 'top_speed', 'gears'].map((k) => {
      const v = (r as Record<string, unknown>)[k];
      return v == null ? null : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
    }),
  );
}

/**
 * The tables of the hostile-input suite (t_hi_*): items of every common column kind, with a
 * nullable owner to follow in `populate` and `orderBy` paths, and a checksum of everything they hold.
 */
import { createHash } from 'node:crypto';
import type { Tabula as TabulaType } from '../../../lib';
import { Tabula } from '../../../lib';
import { defineEntity, p } from '../../../lib/mapping';
import { sql } from '../../../lib/sql';

export class Owner {
  id?: number;
  constructor(public name: string) {}
}

export class Item {
  id?: number;
  at: Date | null = null;
  owner: Owner | null = null;
  constructor(
    public name: string,
    public qty: number,
    public price: string,
    public flag: boolean,
  ) {}
}

export const OwnerMapper = defineEntity(Owner, {
  table: 't_hi_owners',
  properties: { id: p.integer().primaryKey().generated(), name: p.string({ length: 20 }) },
});

export const ItemMapper = defineEntity(Item, {
  table: 't_hi_items',
  properties: {
    id: p.integer().primaryKey().generated(),
    name: p.string({ length: 20 }),
    qty: p.integer(),
    price: p.decimal({ precision: 10, scale: 2 }),
    flag: p.boolean(),
    at: p.datetime().nullable(),
    owner: p.manyToOne(() => Owner).nullable(),
  },
});

export async function openHostile(url: string): Promise<TabulaType> {
  const orm = await Tabula.connect({ url, mappers: [OwnerMapper, ItemMapper] });
  await orm.schema.drop();
  await orm.schema.create();
  return orm;
}

/** The rows every case starts from: three items, two of them owned. */
export async function seedHostile(orm: TabulaType): Promise<{ items: Item[]; owners: Owner[] }> {
  await orm.db.execute(sql`delete from t_hi_items`);
  await orm.db.execute(sql`delete from t_hi_owners`);
  const em = orm.em.fork();
  const owners = [new Owner('Ann'), new Owner('Bob')];
  const items = [
    new Item('alpha', 1, '1.50', true),
    new Item('beta', 2, '2.00', false),
    new Item('gamma', 3, '3.25', true),
  ];
  items[0]!.owner = owners[1]!;
  items[1]!.owner = owners[0]!;
  items[0]!.at = new Date('2024-01-02T03:04:05.000Z');
  em.persist(...owners, ...items);
  await em.flush();
  return { items, owners };
}

/** A digest of both tables, read with raw SQL (not through the mapping the cases attack). */
export async function checksum(orm: TabulaType): Promise<string> {
  const owners = await orm.db.query(sql`select * from t_hi_owners order by id`);
  const items = await orm.db.query(sql`select * from t_hi_items order by id`);
  const text = JSON.stringify([owners, items], (_k, v) => (typeof v === 'bigint' ? String(v) : v));
  return createHash('sha256').update(text).digest('hex');
}

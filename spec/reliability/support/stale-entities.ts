/**
 * The entities of the stale-rows and lost-updates scenarios (tables t_rel_stale_*): a versioned
 * item with an assigned key (so a batch's keys are known up front), a versioned slot with a
 * composite key, and an item without a version column.
 */
import { Tabula } from '../../../lib';
import { defineEntity, p } from '../../../lib/mapping';

export class Item {
  version?: number;
  constructor(
    public id: number,
    public qty: number,
  ) {}
}

export class Slot {
  version?: number;
  constructor(
    public room: string,
    public num: number,
    public note: string,
  ) {}
}

export class PlainItem {
  constructor(
    public id: number,
    public qty: number,
  ) {}
}

export const ItemMapper = defineEntity(Item, {
  table: 't_rel_stale_items',
  properties: {
    id: p.integer().primaryKey(),
    version: p.integer().version(),
    qty: p.integer(),
  },
});

export const SlotMapper = defineEntity(Slot, {
  table: 't_rel_stale_slots',
  properties: {
    room: p.string({ length: 10 }).primaryKey(),
    num: p.integer().primaryKey(),
    version: p.integer().version(),
    note: p.string({ length: 40 }),
  },
});

export const PlainItemMapper = defineEntity(PlainItem, {
  table: 't_rel_stale_plain',
  properties: {
    id: p.integer().primaryKey(),
    qty: p.integer(),
  },
});

export const staleMappers = [ItemMapper, SlotMapper, PlainItemMapper] as const;

/** A Tabula on `url` with the t_rel_stale_* tables created fresh. */
export async function openStale(url: string, poolSize?: number): Promise<Tabula> {
  const orm = await Tabula.connect({
    url,
    mappers: [...staleMappers],
    ...(poolSize ? { pool: { size: poolSize } } : {}),
  });
  await orm.schema.drop();
  await orm.schema.create();
  return orm;
}

/** Drops the tables and closes the Tabula (a no-op when it never opened). */
export async function closeStale(orm: Tabula | undefined): Promise<void> {
  if (!orm) return;
  await orm.schema.drop();
  await orm.close();
}

/**
 * The entities of the unique-order specs (tables t_uq_*): accounts with a NOT NULL unique email
 * and a nullable unique nick, and seats unique by (room, place), declared on the mapper.
 */
import { defineEntity, p } from '../../../lib/mapping';

export class Acct {
  id?: number;
  constructor(
    public email: string,
    public nick: string | null = null,
  ) {}
}

export class Seat {
  id?: number;
  constructor(
    public room: string,
    public place: number,
    public holder: string,
  ) {}
}

export const AcctMapper = defineEntity(Acct, {
  table: 't_uq_accts',
  properties: {
    id: p.integer().primaryKey().generated(),
    email: p.string({ length: 100 }).unique(),
    nick: p.string({ length: 100 }).nullable().unique(),
  },
});

export const SeatMapper = defineEntity(Seat, {
  table: 't_uq_seats',
  properties: {
    id: p.integer().primaryKey().generated(),
    room: p.string({ length: 20 }),
    place: p.integer(),
    holder: p.string({ length: 100 }),
  },
  indexes: [{ properties: ['room', 'place'], unique: true }],
});

export const uniqueMappers = [AcctMapper, SeatMapper] as const;

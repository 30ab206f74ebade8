/**
 * The entities of the unique-order specs (tables t_uq_*): accounts with a NOT NULL unique email
 * and a nullable unique nick, and seats unique by (room, place), declared on the mapper; and the
 * writers of the unit-of-work specs (t_uow_*, unique by name) replaced by namesakes.
 */
import { defineEntity, p } from '../../../lib/mapping';
import { Novel, Writer } from '../../entity-manager/support/entities';

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

/** A writer with one book that is also her favourite (the writer ↔ novel cycle, through a nullable key). */
export function writerWithFavourite(name: string, title: string): { writer: Writer; book: Novel } {
  const writer = new Writer(name);
  const book = new Novel(title, writer);
  writer.books.push(book);
  writer.favourite = book;
  return { writer, book };
}

/**
 * The plan of a writer removed (her book cascaded) and a new one of the same unique name
 * persisted with a new favourite book: the old rows first, in their own order, then the new ones.
 */
export const REPLACED_WRITER_STEPS = [
  'break-cycle t_uow_writers 1',
  'delete t_uow_novels 1',
  'delete t_uow_writers 1',
  'insert t_uow_writers 1',
  'insert t_uow_novels 1',
  'break-cycle t_uow_writers 1',
];

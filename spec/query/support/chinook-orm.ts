/**
 * Chinook written through the ORM: every row of the script-loaded database (read with the query
 * layer's hydrator, spec/query/support/chinook-queries.ts) is copied into fresh entity instances,
 * linked to each other in memory by key, and persisted with one `em.flush()` into the tables
 * `orm.schema.create()` made on the suite's own database (prefixed names, chinook-orm-naming.ts).
 */
import {
  Album,
  Artist,
  Customer,
  Employee,
  Genre,
  Invoice,
  InvoiceLine,
  MediaType,
  Playlist,
  PlaylistTrack,
  Track,
} from '../../../fixtures/chinook/entities';
import { chinookMappers } from '../../../fixtures/chinook/mappers';
import { Tabula } from '../../../lib';
import type { EntityClass } from '../../../lib/mapping';
import type { MatrixContext } from '../../support/matrix';
import { chinookOrmNaming } from './chinook-orm-naming';
import { type ChinookQueries, openChinook } from './chinook-queries';

/** What the load wrote, and how long the one flush took. */
export interface ChinookOrmLoad {
  readonly script: ChinookQueries;
  readonly orm: Tabula;
  /** Entities persisted per table (the script's class name). */
  readonly persisted: Readonly<Record<string, number>>;
  readonly rows: number;
  readonly flushMs: number;
  close(): Promise<void>;
}

/** Every row of one table of the script database, as a fresh instance built with `new`. */
async function copyAll<T extends object>(script: ChinookQueries, cls: EntityClass<T>, make: () => T): Promise<T[]> {
  const hydrated = await script.find(cls, {});
  return hydrated.map((h) => Object.assign(make(), h));
}

/** Looks a stub's key up among the copies; a missing one is a broken Chinook, not a null. */
function linker<T>(all: readonly T[], key: (t: T) => number, table: string): (k: number) => T {
  const byKey = new Map(all.map((t) => [key(t), t]));
  return (k) => {
    const found = byKey.get(k);
    if (!found) throw new Error(`chinook-orm: no ${table} ${k} among the copied rows`);
    return found;
  };
}

export async function loadChinookThroughOrm(ctx: MatrixContext): Promise<ChinookOrmLoad> {
  const script = await openChinook(ctx);
  const artists = await copyAll(script, Artist, () => new Artist());
  const albums = await copyAll(script, Album, () => new Album());
  const mediaTypes = await copyAll(script, MediaType, () => new MediaType());
  const genres = await copyAll(script, Genre, () => new Genre());
  const tracks = await copyAll(script, Track, () => new Track());
  const playlists = await copyAll(script, Playlist, () => new Playlist());
  const entries = await copyAll(script, PlaylistTrack, () => new PlaylistTrack());
  const employees = await copyAll(script, Employee, () => new Employee());
  const customers = await copyAll(script, Customer, () => new Customer());
  const invoices = await copyAll(script, Invoice, () => new Invoice());
  const lines = await copyAll(script, InvoiceLine, () => new InvoiceLine());

  // The copies still hold the hydrator's key-only stubs; swap each for the copy it names, and
  // fill the inverse arrays so the graph is whole in memory, as an application would build it.
  const artist = linker(artists, (a) => a.artistId, 'Artist');
  const album = linker(albums, (a) => a.albumId, 'Album');
  const mediaType = linker(mediaTypes, (m) => m.mediaTypeId, 'MediaType');
  const genre = linker(genres, (g) => g.genreId, 'Genre');
  const track = linker(tracks, (t) => t.trackId, 'Track');
  const playlist = linker(playlists, (p) => p.playlistId, 'Playlist');
  const employee = linker(employees, (e) => e.employeeId, 'Employee');
  const customer = linker(customers, (c) => c.customerId, 'Customer');
  const invoice = linker(invoices, (i) => i.invoiceId, 'Invoice');
  for (const a of albums) {
    a.artist = artist(a.artist.artistId);
    a.artist.albums.push(a);
  }
  for (const t of tracks) {
    t.album = t.album && album(t.album.albumId);
    t.album?.tracks.push(t);
    t.mediaType = mediaType(t.mediaType.mediaTypeId);
    t.genre = t.genre && genre(t.genre.genreId);
  }
  for (const e of entries) {
    e.playlist = playlist(e.playlist.playlistId);
    e.track = track(e.track.trackId);
    e.playlist.entries.push(e);
  }
  for (const e of employees) {
    e.reportsTo = e.reportsTo && employee(e.reportsTo.employeeId);
    e.reportsTo?.reports.push(e);
  }
  for (const c of customers) {
    c.supportRep = c.supportRep && employee(c.supportRep.employeeId);
    c.supportRep?.customers.push(c);
  }
  for (const i of invoices) {
    i.customer = customer(i.customer.customerId);
    i.customer.invoices.push(i);
  }
  for (const l of lines) {
    l.invoice = invoice(l.invoice.invoiceId);
    l.invoice.lines.push(l);
    l.track = track(l.track.trackId);
  }

  const orm = await Tabula.connect({ url: ctx.url, mappers: chinookMappers, naming: chinookOrmNaming });
  await orm.schema.drop();
  await orm.schema.create();
  const tables: Record<string, readonly object[]> = {
    Artist: artists,
    Album: albums,
    MediaType: mediaTypes,
    Genre: genres,
    Track: tracks,
    Playlist: playlists,
    PlaylistTrack: entries,
    Employee: employees,
    Customer: customers,
    Invoice: invoices,
    InvoiceLine: lines,
  };
  const all = Object.values(tables).flat();
  const em = orm.em.fork();
  // Persisted children first, so the planner, not the order of persist calls, orders the inserts.
  em.persist(...[...all].reverse());
  const started = performance.now();
  await em.flush();
  const flushMs = performance.now() - started;
  const persisted = Object.fromEntries(Object.entries(tables).map(([table, rows]) => [table, rows.length]));
  return {
    script,
    orm,
    persisted,
    rows: all.length,
    flushMs,
    async close() {
      await orm.schema.drop();
      await orm.close();
      await script.close();
    },
  };
}

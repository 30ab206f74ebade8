/**
 * Chinook written through the ORM (one flush of every row, the Employee self-reference and the
 * PlaylistTrack composite key included), then questioned through `em.find` / `em.count` /
 * `populate`; each answer is compared with the same question asked in SQL of the original,
 * script-loaded database.
 */
import { expect } from 'chai';
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
} from '../../fixtures/chinook/entities';
import type { EntityManager } from '../../lib';
import type { EntityClass } from '../../lib/mapping';
import { sql } from '../../lib/sql';
import { describeEachDialect } from '../support/matrix';
import { type ChinookOrmLoad, loadChinookThroughOrm } from './support/chinook-orm';
import { type ChinookOrmSql, chinookOrmSql } from './support/chinook-orm-sql';
import { cents, num, plainEntity, rawRows, str, sumBy } from './support/chinook-orm-rows';
import { op } from '../../lib';

const CLASSES: Record<string, EntityClass<object>> = {
  Artist,
  Album,
  MediaType,
  Genre,
  Track,
  Playlist,
  PlaylistTrack,
  Employee,
  Customer,
  Invoice,
  InvoiceLine,
};

describeEachDialect('Chinook written and questioned through the ORM', (ctx) => {
  let load: ChinookOrmLoad;
  let em: EntityManager;
  let SQL: ChinookOrmSql;

  before(async function () {
    this.timeout(120_000);
    load = await loadChinookThroughOrm(ctx);
    SQL = chinookOrmSql(load.script.name);
    const perSecond = Math.round(load.rows / (load.flushMs / 1000));
    console.log(
      `      [${ctx.target}] one flush of ${load.rows} Chinook rows: ${Math.round(load.flushMs)} ms (${perSecond} rows/s)`,
    );
  });

  beforeEach(() => {
    // A fresh fork per question: the answers come from the database, not from the flushed graph.
    em = load.orm.em.fork();
  });

  after(async () => {
    await load?.close();
  });

  it('wrote every row of every table, as many as the script loaded', async () => {
    for (const [table, cls] of Object.entries(CLASSES)) {
      const [row] = await load.script.raw.select(`SELECT COUNT(*) AS n FROM ${load.script.name(table)}`);
      const expected = Number(row?.n);
      expect({ table, persisted: load.persisted[table], stored: await em.count(cls) }).to.deep.equal({
        table,
        persisted: expected,
        stored: expected,
      });
    }
    expect(load.rows).to.equal(15_607);
  });
  it('reads every entity back as the script stored it: scalars, embeddables, to-one keys', async () => {
    for (const [table, cls] of Object.entries(CLASSES)) {
      const written = (await em.find(cls, {})).map(plainEntity);
      const original = (await load.script.find(cls, {})).map(plainEntity);
      expect(written, table).to.deep.equal(original);
    }
  });

  it('wrote every PlaylistTrack pair of the composite key (read back in SQL)', async () => {
    const written = await load.orm.db.query(
      sql`SELECT ${sql.id('playlist_id')}, ${sql.id('track_id')} FROM ${sql.id('t_query_orm_playlist_track')} ORDER BY 1, 2`,
    );
    const expected = await load.script.raw.select(SQL.playlistTrackPairs);
    const pairs = (rows: Record<string, unknown>[]) => rows.map((r) => Object.values(r).map(Number));
    expect(pairs(written)).to.deep.equal(pairs(expected));
    expect(written).to.have.length(8715);
  });

  // Regression: keyValues once read a composite key made of relations as the related objects, so
  // every PlaylistTrack got the same identity key and em.find returned one instance for all rows.
  it('em.find(PlaylistTrack) returns one instance per row of a composite key of two FKs', async () => {
    const entries = await em.find(PlaylistTrack, { playlist: 1 });
    expect(entries).to.have.length(3290);
    expect(new Set(entries).size).to.equal(entries.length);
    expect(entries.map((e) => e.track.trackId).slice(0, 3)).to.deep.equal([1, 2, 3]);
  });

  it('revenue per billing country (summed in JS over em.find: no aggregates in the query layer yet)', async () => {
    const invoices = await em.find(Invoice, {});
    const revenue = sumBy(
      invoices,
      (i) => i.billing?.country ?? '',
      (i) => cents(i.total),
    );
    const expected = await rawRows(load.script, SQL.revenuePerCountry, str, num);
    expect(revenue).to.deep.equal(expected.sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)));
    expect(revenue).to.have.length(24);
  });

  it('the top 5 customers by invoice total (populate invoices, summed in JS)', async () => {
    const customers = await em.find(Customer, {}, { populate: ['invoices'] });
    const totals = customers.map(
      (c) => [c.customerId, c.invoices.reduce((sum, i) => sum + cents(i.total), 0)] as const,
    );
    const top = [...totals].sort(([a, x], [b, y]) => y - x || a - b).slice(0, 5);
    const expected = await rawRows(load.script, SQL.topCustomers, num, num);
    expect(top).to.deep.equal(expected);
    expect(top[0]).to.deep.equal([6, 4962]);
  });

  it('tracks per genre, one em.count per genre', async () => {
    const genres = await em.find(Genre, {});
    const counts = [];
    for (const genre of genres) counts.push([genre.name, await em.count(Track, { genre })]);
    const expected = await rawRows(load.script, SQL.tracksPerGenre, str, num);
    expect(counts).to.deep.equal(expected);
    expect(counts[0]).to.deep.equal(['Rock', 1297]);
  });

  it('playlists holding a given track ($some through the composite-key pivot)', async () => {
    const playlists = await em.find(Playlist, { entries: { $some: { track: 3403 } } });
    const expected = await load.script.ids(SQL.playlistsOfTrack3403);
    expect(playlists.map((p) => p.playlistId)).to.deep.equal(expected);
    expect(expected.length).to.be.greaterThan(1);
  });

  it('each employee with their manager and the number of customers they support (populate, self-reference)', async () => {
    const employees = await em.find(Employee, {}, { populate: ['reportsTo', 'customers'] });
    const answer = employees.map((e) => [e.employeeId, e.reportsTo?.lastName ?? null, e.customers.length]);
    const expected = await rawRows(load.script, SQL.employeesWithManagerAndCustomers, num, str, num);
    expect(answer).to.deep.equal(expected);
    expect(answer.slice(0, 3)).to.deep.equal([
      [1, null, 0],
      [2, 'Adams', 0],
      [3, 'Edwards', 21],
    ]);
  });

  it('albums with more than 20 tracks (populate tracks, counted in JS)', async () => {
    const albums = await em.find(Album, {}, { populate: ['tracks'] });
    const answer = albums.filter((a) => a.tracks.length > 20).map((a) => [a.albumId, a.title, a.tracks.length]);
    const expected = await rawRows(load.script, SQL.albumsOver20Tracks, num, str, num);
    expect(answer).to.deep.equal(expected);
    expect(answer.length).to.be.greaterThan(3);
  });

  it('how many customers Jane Peacock supports (em.count through the support-rep relation)', async () => {
    const count = await em.count(Customer, { supportRep: { firstName: 'Jane', lastName: 'Peacock' } });
    const [expected] = await load.script.ids(SQL.janePeacockCustomers);
    expect(count).to.equal(expected);
    expect(count).to.equal(21);
  });

  it('invoices of German customers dated in 2022 (a relation path, an embeddable and a date range)', async () => {
    const invoices = await em.find(Invoice, {
      customer: { address: { country: 'Germany' } },
      invoiceDate: op({ $gte: new Date('2022-01-01T00:00:00Z'), $lt: new Date('2023-01-01T00:00:00Z') }),
    });
    const expected = await load.script.ids(SQL.germanInvoices2022);
    expect(invoices.map((i) => i.invoiceId)).to.deep.equal(expected);
    expect(expected.length).to.be.greaterThan(0);
  });

  it('the 10 best-selling tracks by quantity (summed in JS over every invoice line)', async () => {
    const lines = await em.find(InvoiceLine, {});
    const sold = sumBy(
      lines,
      (l) => l.track.trackId,
      (l) => l.quantity,
    );
    const top = sold.sort(([a, x], [b, y]) => y - x || a - b).slice(0, 10);
    const expected = await rawRows(load.script, SQL.bestSellingTracks, num, num);
    expect(top).to.deep.equal(expected);
    expect(lines).to.have.length(2240);
  });

  it('revenue per genre (populate track.genre two levels deep, summed in JS)', async () => {
    const lines = await em.find(InvoiceLine, {}, { populate: ['track.genre'] });
    const revenue = sumBy(
      lines,
      (l) => l.track.genre?.name ?? '',
      (l) => cents(l.unitPrice) * l.quantity,
    );
    const expected = await rawRows(load.script, SQL.revenuePerGenre, str, num);
    expect(revenue).to.deep.equal(expected.sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)));
    expect(revenue.find(([genre]) => genre === 'Rock')).to.deep.equal(['Rock', 82665]);
  });

  it('the 5 artists with the most albums (populate albums, counted in JS)', async () => {
    const artists = await em.find(Artist, {}, { populate: ['albums'] });
    const top = artists
      .map((a) => [a.artistId, a.name, a.albums.length] as const)
      .sort(([a, , x], [b, , y]) => y - x || a - b)
      .slice(0, 5);
    const expected = await rawRows(load.script, SQL.artistsWithMostAlbums, num, str, num);
    expect(top).to.deep.equal(expected);
    expect(top[0]).to.deep.equal([90, 'Iron Maiden', 21]);
  });

  it('tracks without a composer, in all and in Rock (em.count with null and a relation path)', async () => {
    const answer = [
      await em.count(Track, { composer: null }),
      await em.count(Track, { composer: null, genre: { name: 'Rock' } }),
    ];
    const [all] = await load.script.ids(SQL.tracksWithoutComposer);
    const [rock] = await load.script.ids(SQL.rockTracksWithoutComposer);
    expect(answer).to.deep.equal([all, rock]);
    expect(all).to.equal(977);
  });

  it('employees hired before 2003, earliest first (orderBy a datetime)', async () => {
    const employees = await em.find(
      Employee,
      { hireDate: op({ $lt: new Date('2003-01-01T00:00:00Z') }) },
      { orderBy: { hireDate: 'asc' } },
    );
    const expected = await load.script.ids(SQL.hiredBefore2003);
    expect(employees.map((e) => e.employeeId)).to.deep.equal(expected);
    expect(expected).to.deep.equal([3, 2, 1]);
  });

  it('the 10 longest tracks with album and artist (orderBy, limit, populate album.artist)', async () => {
    const tracks = await em.find(
      Track,
      {},
      { orderBy: { milliseconds: 'desc', trackId: 'asc' }, limit: 10, populate: ['album.artist'] },
    );
    const answer = tracks.map((t) => [t.trackId, t.milliseconds, t.album?.title ?? null, t.album?.artist.name ?? null]);
    const expected = await rawRows(load.script, SQL.longestTracks, num, num, str, str);
    expect(answer).to.deep.equal(expected);
    expect(answer[0]?.[0]).to.equal(2820);
  });

  it('tracks and total playing time per media type (populate mediaType, summed in JS)', async () => {
    const tracks = await em.find(Track, {}, { populate: ['mediaType'] });
    const count = sumBy(
      tracks,
      (t) => t.mediaType.name ?? '',
      () => 1,
    );
    const time = sumBy(
      tracks,
      (t) => t.mediaType.name ?? '',
      (t) => t.milliseconds,
    );
    const answer = count.map(([name, c], i) => [name, c, time[i]?.[1]]);
    const expected = await rawRows(load.script, SQL.mediaTypeTotals, str, num, num);
    expect(answer).to.deep.equal(expected.sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)));
    expect(answer).to.have.length(5);
  });

  it('every playlist with its number of tracks, empty ones included (one em.count per playlist)', async () => {
    const answer = [];
    for (const p of await em.find(Playlist, {}))
      answer.push([p.playlistId, p.name, await em.count(PlaylistTrack, { playlist: p })]);
    const expected = await rawRows(load.script, SQL.playlistSizes, num, str, num);
    expect(answer).to.deep.equal(expected);
    expect(answer.filter(([, , size]) => size === 0).length).to.be.greaterThan(0);
  });

  it('customers who bought a Jazz track ($some through invoices, lines, track and genre)', async () => {
    const customers = await em.find(Customer, {
      invoices: { $some: { lines: { $some: { track: { genre: { name: 'Jazz' } } } } } },
    });
    const expected = await load.script.ids(SQL.jazzCustomers);
    expect(customers.map((c) => c.customerId)).to.deep.equal(expected);
    expect(expected.length).to.be.greaterThan(0);
  });

  it('the second page of 5 US customers by last name, and how many there are (findAndCount)', async () => {
    const [page, total] = await em.findAndCount(
      Customer,
      { address: { country: 'USA' } },
      { orderBy: { lastName: 'asc', customerId: 'asc' }, limit: 5, offset: 5 },
    );
    const expected = await load.script.ids(SQL.usCustomersPage2);
    const [count] = await load.script.ids(SQL.usCustomerCount);
    expect([page.map((c) => c.customerId), total]).to.deep.equal([expected, count]);
    expect(total).to.equal(13);
  });
});

/**
 * Chinook, queried for real: each question asked with a filter, compiled by the query layer and
 * hydrated, and asked again in hand-written SQL; the ids must be the same, on every dialect.
 */
import { expect } from 'chai';
import { Album, Artist, Customer, Employee, Invoice, Playlist, Track } from '../../fixtures/chinook/entities';
import { like, op } from '../../lib/query';
import { describeEachDialect } from '../support/matrix';
import { type ChinookQueries, openChinook } from './support/chinook-queries';

describeEachDialect('Chinook queried through filters', (ctx) => {
  let q: ChinookQueries;
  const n = (name: string) => q.name(name);

  before(async function () {
    this.timeout(120_000);
    q = await openChinook(ctx);
  });

  after(async () => {
    await q?.close();
  });

  it('finds the Jazz tracks through the genre relation path (a LEFT JOIN)', async () => {
    const tracks = await q.find(Track, { where: { genre: { name: 'Jazz' } } });
    const expected = await q.ids(
      `SELECT t.${n('TrackId')} FROM ${n('Track')} t JOIN ${n('Genre')} g ON g.${n('GenreId')} = t.${n('GenreId')} WHERE g.${n('Name')} = 'Jazz' ORDER BY t.${n('TrackId')}`,
    );
    expect(tracks.map((t) => t.trackId)).to.deep.equal(expected);
    expect(expected).to.have.length(130);
    expect(tracks[0]).to.be.instanceOf(Track);
  });

  it('finds customers in Brazil or Canada with $in on the embedded address', async () => {
    const customers = await q.find(Customer, { where: { address: { country: op({ $in: ['Brazil', 'Canada'] }) } } });
    const expected = await q.ids(
      `SELECT ${n('CustomerId')} FROM ${n('Customer')} WHERE ${n('Country')} IN ('Brazil', 'Canada') ORDER BY 1`,
    );
    expect(customers.map((c) => c.customerId)).to.deep.equal(expected);
    expect(expected).to.have.length(13);
  });

  it('finds invoices over 20.00 with $gt on NUMERIC(10,2), reading totals exactly', async () => {
    const invoices = await q.find(Invoice, { where: { total: op({ $gt: '20.00' }) } });
    const expected = await q.ids(`SELECT ${n('InvoiceId')} FROM ${n('Invoice')} WHERE ${n('Total')} > 20 ORDER BY 1`);
    expect(invoices.map((i) => i.invoiceId)).to.deep.equal(expected);
    expect(expected.length).to.be.greaterThan(0);
    expect(invoices.every((i) => typeof i.total === 'string' && Number(i.total) > 20)).to.equal(true);
  });

  it("finds Nancy's reports through the employee self-reference", async () => {
    const employees = await q.find(Employee, { where: { reportsTo: { firstName: 'Nancy' } } });
    const expected = await q.ids(
      `SELECT e.${n('EmployeeId')} FROM ${n('Employee')} e JOIN ${n('Employee')} m ON m.${n('EmployeeId')} = e.${n('ReportsTo')} WHERE m.${n('FirstName')} = 'Nancy' ORDER BY 1`,
    );
    expect(employees.map((e) => e.employeeId)).to.deep.equal(expected);
    expect(expected).to.deep.equal([3, 4, 5]);
  });

  it('finds albums with some track longer than 10 minutes ($some, EXISTS)', async () => {
    const albums = await q.find(Album, { where: { tracks: { $some: { milliseconds: op({ $gt: 600_000 }) } } } });
    const expected = await q.ids(
      `SELECT a.${n('AlbumId')} FROM ${n('Album')} a WHERE EXISTS (SELECT 1 FROM ${n('Track')} t WHERE t.${n('AlbumId')} = a.${n('AlbumId')} AND t.${n('Milliseconds')} > 600000) ORDER BY 1`,
    );
    expect(albums.map((a) => a.albumId)).to.deep.equal(expected);
    expect(expected.length).to.be.greaterThan(0);
  });

  it('finds albums whose every track is over 5 minutes ($every) and artists with no album ($none)', async () => {
    const albums = await q.find(Album, { where: { tracks: { $every: { milliseconds: op({ $gt: 300_000 }) } } } });
    const expectedAlbums = await q.ids(
      `SELECT a.${n('AlbumId')} FROM ${n('Album')} a WHERE NOT EXISTS (SELECT 1 FROM ${n('Track')} t WHERE t.${n('AlbumId')} = a.${n('AlbumId')} AND t.${n('Milliseconds')} <= 300000) ORDER BY 1`,
    );
    expect(albums.map((a) => a.albumId)).to.deep.equal(expectedAlbums);
    const artists = await q.find(Artist, { where: { albums: { $none: {} } } });
    const expectedArtists = await q.ids(
      `SELECT ${n('ArtistId')} FROM ${n('Artist')} r WHERE NOT EXISTS (SELECT 1 FROM ${n('Album')} a WHERE a.${n('ArtistId')} = r.${n('ArtistId')}) ORDER BY 1`,
    );
    expect(artists.map((a) => a.artistId)).to.deep.equal(expectedArtists);
    expect(expectedArtists).to.have.length(71);
  });

  it('matches non-ASCII text case-insensitively where only ASCII letters differ in case', async () => {
    const customers = await q.find(Customer, { where: { address: { city: op({ $ilike: 'MONTRéAL' }) } } });
    const expected = await q.ids(`SELECT ${n('CustomerId')} FROM ${n('Customer')} WHERE ${n('City')} = 'Montréal'`);
    expect(customers.map((c) => c.customerId)).to.deep.equal(expected);
    expect(expected).to.deep.equal([3]);
  });

  it('folds non-ASCII letters in $ilike where the database can (documented per dialect)', async () => {
    const found = (await q.find(Customer, { where: { firstName: op({ $ilike: 'FRANÇOIS' }) } })).map(
      (c) => c.customerId,
    );
    if (ctx.dialect === 'mysql') {
      expect(found).to.deep.equal([3]);
    } else if (ctx.dialect === 'sqlite') {
      // SQLite's LOWER folds ASCII only (no ICU in the sqlite3 build): Ç is not ç.
      expect(found).to.deep.equal([]);
    } else {
      // PostgreSQL's ILIKE folds by the database's LC_CTYPE; under C it folds ASCII only.
      const [folds] = await q.raw.select(`SELECT 'ç' ILIKE 'Ç' AS folds`);
      expect(found).to.deep.equal(folds?.folds === true ? [3] : []);
    }
  });

  it('combines $or and $not: tracks without composer or in Blues, not in media type 1', async () => {
    const tracks = await q.find(Track, {
      where: { $or: [{ composer: null }, { genre: { name: 'Blues' } }], $not: { mediaType: 1 } },
    });
    const expected = await q.ids(
      `SELECT t.${n('TrackId')} FROM ${n('Track')} t LEFT JOIN ${n('Genre')} g ON g.${n('GenreId')} = t.${n('GenreId')} WHERE (t.${n('Composer')} IS NULL OR g.${n('Name')} = 'Blues') AND t.${n('MediaTypeId')} <> 1 ORDER BY 1`,
    );
    expect(tracks.map((t) => t.trackId)).to.deep.equal(expected);
    expect(expected.length).to.be.greaterThan(0);
  });

  it('finds playlists with a Jazz track through a to-many then two to-one steps', async () => {
    const playlists = await q.find(Playlist, { where: { entries: { track: { genre: { name: 'Jazz' } } } } });
    const expected = await q.ids(
      `SELECT p.${n('PlaylistId')} FROM ${n('Playlist')} p WHERE EXISTS (SELECT 1 FROM ${n('PlaylistTrack')} pt JOIN ${n('Track')} t ON t.${n('TrackId')} = pt.${n('TrackId')} JOIN ${n('Genre')} g ON g.${n('GenreId')} = t.${n('GenreId')} WHERE pt.${n('PlaylistId')} = p.${n('PlaylistId')} AND g.${n('Name')} = 'Jazz') ORDER BY 1`,
    );
    expect(playlists.map((p) => p.playlistId)).to.deep.equal(expected);
    expect(expected.length).to.be.greaterThan(0);
  });

  it('orders through a to-one relation and pages with limit and offset', async () => {
    const tracks = await q.find(Track, {
      where: { name: op({ $like: like.startsWith('The ') }) },
      orderBy: { album: { title: 'desc' }, trackId: 'asc' },
      limit: 7,
      offset: 3,
    });
    const expected = await q.ids(
      `SELECT t.${n('TrackId')} FROM ${n('Track')} t LEFT JOIN ${n('Album')} a ON a.${n('AlbumId')} = t.${n('AlbumId')} WHERE t.${n('Name')} LIKE 'The %' ORDER BY a.${n('Title')} DESC, t.${n('TrackId')} LIMIT 7 OFFSET 3`,
    );
    expect(tracks.map((t) => t.trackId)).to.deep.equal(expected);
    expect(expected).to.have.length(7);
  });

  it('compares a relation with an entity and with a key', async () => {
    const [nancy] = await q.find(Employee, { where: { employeeId: 2 } });
    const byEntity = await q.find(Employee, { where: { reportsTo: nancy as Employee } });
    const byKey = await q.find(Employee, { where: { reportsTo: op({ $in: [2] }) } });
    expect(byEntity.map((e) => e.employeeId)).to.deep.equal([3, 4, 5]);
    expect(byKey.map((e) => e.employeeId)).to.deep.equal([3, 4, 5]);
  });
});

/**
 * The questions of spec/query/chinook-orm.spec.ts asked in hand-written SQL of the script-loaded
 * Chinook, the reference each ORM answer is compared with. `n` quotes an identifier of the
 * dialect's script (`TrackId`, or `track_id` on PostgreSQL). Sums of NUMERIC(10,2) are taken in
 * cents (`ROUND(x * 100)`) so SQLite's REAL storage compares exactly.
 */
export function chinookOrmSql(n: (pascal: string) => string) {
  return {
    playlistTrackPairs: `SELECT ${n('PlaylistId')}, ${n('TrackId')} FROM ${n('PlaylistTrack')} ORDER BY 1, 2`,
    revenuePerCountry: `SELECT ${n('BillingCountry')}, SUM(ROUND(${n('Total')} * 100)) FROM ${n('Invoice')} GROUP BY ${n('BillingCountry')}`,
    topCustomers: `SELECT ${n('CustomerId')}, SUM(ROUND(${n('Total')} * 100)) AS t FROM ${n('Invoice')} GROUP BY ${n('CustomerId')} ORDER BY t DESC, ${n('CustomerId')} LIMIT 5`,
    tracksPerGenre: `SELECT g.${n('Name')}, COUNT(t.${n('TrackId')}) FROM ${n('Genre')} g LEFT JOIN ${n('Track')} t ON t.${n('GenreId')} = g.${n('GenreId')} GROUP BY g.${n('GenreId')}, g.${n('Name')} ORDER BY g.${n('GenreId')}`,
    playlistsOfTrack3403: `SELECT ${n('PlaylistId')} FROM ${n('PlaylistTrack')} WHERE ${n('TrackId')} = 3403 ORDER BY 1`,
    employeesWithManagerAndCustomers: `SELECT e.${n('EmployeeId')}, m.${n('LastName')}, COUNT(c.${n('CustomerId')}) FROM ${n('Employee')} e LEFT JOIN ${n('Employee')} m ON m.${n('EmployeeId')} = e.${n('ReportsTo')} LEFT JOIN ${n('Customer')} c ON c.${n('SupportRepId')} = e.${n('EmployeeId')} GROUP BY e.${n('EmployeeId')}, m.${n('LastName')} ORDER BY 1`,
    albumsOver20Tracks: `SELECT a.${n('AlbumId')}, a.${n('Title')}, COUNT(*) FROM ${n('Album')} a JOIN ${n('Track')} t ON t.${n('AlbumId')} = a.${n('AlbumId')} GROUP BY a.${n('AlbumId')}, a.${n('Title')} HAVING COUNT(*) > 20 ORDER BY 1`,
    janePeacockCustomers: `SELECT COUNT(*) FROM ${n('Customer')} c JOIN ${n('Employee')} e ON e.${n('EmployeeId')} = c.${n('SupportRepId')} WHERE e.${n('FirstName')} = 'Jane' AND e.${n('LastName')} = 'Peacock'`,
    germanInvoices2022: `SELECT i.${n('InvoiceId')} FROM ${n('Invoice')} i JOIN ${n('Customer')} c ON c.${n('CustomerId')} = i.${n('CustomerId')} WHERE c.${n('Country')} = 'Germany' AND i.${n('InvoiceDate')} >= '2022-01-01' AND i.${n('InvoiceDate')} < '2023-01-01' ORDER BY 1`,
    bestSellingTracks: `SELECT ${n('TrackId')}, SUM(${n('Quantity')}) AS q FROM ${n('InvoiceLine')} GROUP BY ${n('TrackId')} ORDER BY q DESC, ${n('TrackId')} LIMIT 10`,
    revenuePerGenre: `SELECT g.${n('Name')}, SUM(ROUND(l.${n('UnitPrice')} * 100) * l.${n('Quantity')}) FROM ${n('InvoiceLine')} l JOIN ${n('Track')} t ON t.${n('TrackId')} = l.${n('TrackId')} JOIN ${n('Genre')} g ON g.${n('GenreId')} = t.${n('GenreId')} GROUP BY g.${n('Name')}`,
    artistsWithMostAlbums: `SELECT r.${n('ArtistId')}, r.${n('Name')}, COUNT(*) AS c FROM ${n('Artist')} r JOIN ${n('Album')} a ON a.${n('ArtistId')} = r.${n('ArtistId')} GROUP BY r.${n('ArtistId')}, r.${n('Name')} ORDER BY c DESC, r.${n('ArtistId')} LIMIT 5`,
    tracksWithoutComposer: `SELECT COUNT(*) FROM ${n('Track')} WHERE ${n('Composer')} IS NULL`,
    rockTracksWithoutComposer: `SELECT COUNT(*) FROM ${n('Track')} t JOIN ${n('Genre')} g ON g.${n('GenreId')} = t.${n('GenreId')} WHERE t.${n('Composer')} IS NULL AND g.${n('Name')} = 'Rock'`,
    hiredBefore2003: `SELECT ${n('EmployeeId')} FROM ${n('Employee')} WHERE ${n('HireDate')} < '2003-01-01' ORDER BY ${n('HireDate')}`,
    longestTracks: `SELECT t.${n('TrackId')}, t.${n('Milliseconds')}, a.${n('Title')}, r.${n('Name')} FROM ${n('Track')} t LEFT JOIN ${n('Album')} a ON a.${n('AlbumId')} = t.${n('AlbumId')} LEFT JOIN ${n('Artist')} r ON r.${n('ArtistId')} = a.${n('ArtistId')} ORDER BY t.${n('Milliseconds')} DESC, t.${n('TrackId')} LIMIT 10`,
    mediaTypeTotals: `SELECT m.${n('Name')}, COUNT(*), SUM(t.${n('Milliseconds')}) FROM ${n('Track')} t JOIN ${n('MediaType')} m ON m.${n('MediaTypeId')} = t.${n('MediaTypeId')} GROUP BY m.${n('Name')}`,
    playlistSizes: `SELECT p.${n('PlaylistId')}, p.${n('Name')}, COUNT(pt.${n('TrackId')}) FROM ${n('Playlist')} p LEFT JOIN ${n('PlaylistTrack')} pt ON pt.${n('PlaylistId')} = p.${n('PlaylistId')} GROUP BY p.${n('PlaylistId')}, p.${n('Name')} ORDER BY 1`,
    jazzCustomers: `SELECT DISTINCT c.${n('CustomerId')} FROM ${n('Customer')} c JOIN ${n('Invoice')} i ON i.${n('CustomerId')} = c.${n('CustomerId')} JOIN ${n('InvoiceLine')} l ON l.${n('InvoiceId')} = i.${n('InvoiceId')} JOIN ${n('Track')} t ON t.${n('TrackId')} = l.${n('TrackId')} JOIN ${n('Genre')} g ON g.${n('GenreId')} = t.${n('GenreId')} WHERE g.${n('Name')} = 'Jazz' ORDER BY 1`,
    usCustomersPage2: `SELECT ${n('CustomerId')} FROM ${n('Customer')} WHERE ${n('Country')} = 'USA' ORDER BY ${n('LastName')}, ${n('CustomerId')} LIMIT 5 OFFSET 5`,
    usCustomerCount: `SELECT COUNT(*) FROM ${n('Customer')} WHERE ${n('Country')} = 'USA'`,
  };
}

export type ChinookOrmSql = ReturnType<typeof chinookOrmSql>;

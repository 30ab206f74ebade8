/**
 * compileFilter and buildSelect as data: the exact SQL each filter compiles to, and the
 * QueryError (naming the property) for whatever the mapper does not have.
 */
import { expect } from 'chai';
import { Album, Customer, Employee, Track } from '../../fixtures/chinook/entities';
import { chinookMappers } from '../../fixtures/chinook/mappers';
import { MetadataRegistry, pascalCaseNaming } from '../../lib/mapping';
import { ValueError } from '../../lib/errors';
import { buildSelect, compileFilter, type Filter, like, op, QueryError } from '../../lib/query';
import { select, table } from '../../lib/sql';
import { compileOn } from '../sql/support/test-sql';

const registry = new MetadataRegistry(chinookMappers, { naming: pascalCaseNaming });
const track = registry.get(Track);

function where<T extends object>(cls: new () => T, filter: Filter<T>) {
  const meta = registry.get(cls);
  const { where: w, joins } = compileFilter(meta, filter);
  const compiled = compileOn('sqlite', select({ from: table(meta.table, 't0'), joins, where: w }));
  return { sql: compiled.sql.replace(/^SELECT \* FROM "\w+" AS "t0" ?/, ''), params: compiled.params };
}

function rejects(filter: unknown, property: string, message: RegExp) {
  const error = (() => {
    try {
      compileFilter(track, filter as Filter<Track>);
    } catch (e) {
      return e;
    }
    return undefined;
  })();
  expect(error).to.be.instanceOf(QueryError);
  expect((error as QueryError).property).to.equal(property);
  expect((error as QueryError).code).to.equal('QUERY');
  expect((error as QueryError).message).to.match(message);
}

/** The filter is refused with a ValueError whose message matches (and the column it names). */
function refusesValue(filter: unknown, message: RegExp) {
  expect(() => compileFilter(track, filter as Filter<Track>))
    .to.throw(ValueError, message)
    .with.property('code', 'VALUE');
}

describe('compileFilter', () => {
  it('compiles every value operator to one bound, typed parameter each', () => {
    expect(
      where(Track, {
        trackId: op({ $gte: 1, $lt: 9, $ne: 4, $in: [1, 2], $nin: [3] }),
        unitPrice: op({ $gt: '0.5' }),
        name: op({ $like: 'A%', $ilike: '%b' }),
        composer: op({ $null: true }),
        bytes: op({ $eq: null }),
      }),
    ).to.deep.equal({
      sql:
        'WHERE "t0"."TrackId" >= ? AND "t0"."TrackId" < ? AND "t0"."TrackId" <> ? AND "t0"."TrackId" IN (?, ?) ' +
        'AND "t0"."TrackId" NOT IN (?) AND CAST("t0"."UnitPrice" AS REAL) > CAST(? AS REAL) AND "t0"."Name" LIKE ? ESCAPE \'\\\' AND ' +
        'LOWER("t0"."Name") LIKE LOWER(?) ESCAPE \'\\\' AND "t0"."Composer" IS NULL AND "t0"."Bytes" IS NULL',
      params: [1, 9, 4, 1, 2, 3, '0.5', 'A%', '%b'],
    });
  });

  it('joins a to-one path once and compares an owning relation by its FK without a join', () => {
    expect(
      where(Track, { album: { title: 'X', artist: { name: 'Y' } }, genre: 3, mediaType: op({ $in: [1, 2] }) }),
    ).to.deep.equal({
      sql:
        'LEFT JOIN "Album" AS "t1" ON "t1"."AlbumId" = "t0"."AlbumId" LEFT JOIN "Artist" AS "t2" ON "t2"."ArtistId" = "t1"."ArtistId" ' +
        'WHERE "t1"."Title" = ? AND "t2"."Name" = ? AND "t0"."GenreId" = ? AND "t0"."MediaTypeId" IN (?, ?)',
      params: ['X', 'Y', 3, 1, 2],
    });
  });

  it('compiles $some, $none and $every to correlated EXISTS subqueries', () => {
    expect(
      where(Album, { tracks: { $none: { bytes: op({ $lt: 10 }) }, $every: { milliseconds: op({ $gt: 1 }) } } }),
    ).to.deep.equal({
      sql:
        'WHERE NOT EXISTS (SELECT * FROM "Track" AS "t1" WHERE "t1"."AlbumId" = "t0"."AlbumId" AND "t1"."Bytes" < ?) ' +
        'AND NOT EXISTS (SELECT * FROM "Track" AS "t2" WHERE "t2"."AlbumId" = "t0"."AlbumId" AND CASE WHEN "t2"."Milliseconds" > ? THEN ? ELSE ? END = ?)',
      params: [10, 1, 1, 0, 0],
    });
  });

  it('filters embeddables by path and combines with $or and $not', () => {
    expect(
      where(Customer, { $or: [{ address: { city: 'Oslo' } }, { address: null }], $not: { company: null } }),
    ).to.deep.equal({
      sql:
        'WHERE ("t0"."City" = ? OR ("t0"."Address" IS NULL AND "t0"."City" IS NULL AND "t0"."State" IS NULL AND "t0"."Country" IS NULL AND "t0"."PostalCode" IS NULL)) ' +
        'AND NOT ("t0"."Company" IS NULL)',
      params: ['Oslo'],
    });
  });

  it('escapes %, _ and \\ in the like helpers', () => {
    expect([like.contains('50%_a\\b'), like.startsWith('a_'), like.endsWith('%')]).to.deep.equal([
      '%50\\%\\_a\\\\b%',
      'a\\_%',
      '%\\%',
    ]);
  });

  it('refuses an unknown property, naming it and listing the known ones', () => {
    rejects({ nmae: 'x' }, 'nmae', /TrackMapper has no mapped property "nmae".*\n.*trackId, name/);
    rejects({ album: { artist: { nmae: 'x' } } }, 'album.artist.nmae', /ArtistMapper has no mapped property "nmae"/);
  });

  it('refuses an unknown operator such as $regex', () => {
    expect(() => op({ $regex: '^A' } as never)).to.throw(QueryError, /unknown operator "\$regex"/);
    refusesValue({ name: { $regex: '^A' } }, /^TrackMapper\.name: a plain object is data here/);
    rejects({ $nor: [] }, '$nor', /unknown operator "\$nor"/);
  });

  it('refuses a value of the wrong type with a ValueError naming the path, not the value', () => {
    refusesValue(
      { milliseconds: 'long' },
      /^TrackMapper\.milliseconds: a string cannot be compared with column Milliseconds: expected an integer/,
    );
    refusesValue(
      { unitPrice: op({ $in: ['1.5', 'abc'] }) },
      /^TrackMapper\.unitPrice: a string cannot be compared with column UnitPrice/,
    );
    refusesValue({ name: op({ $like: 5 }) }, /^TrackMapper\.name: \$like expects a string pattern, got a number\.$/);
    rejects({ milliseconds: op({ $like: '1%' }) }, 'milliseconds', /\$like applies to text columns/);
  });

  it('refuses a plain object or an array where a value is expected: data, not operators', () => {
    refusesValue(
      { name: op({ $eq: { $ne: 'x' } }) },
      /^TrackMapper\.name: a plain object is data here, not operators; write operators with op\(\{ \$gt: … \}\)\.$/,
    );
    refusesValue({ name: { $ne: 'x' } }, /^TrackMapper\.name: a plain object is data here/);
    refusesValue({ name: { first: 'x' } }, /^TrackMapper\.name: a plain object is data here/);
    refusesValue({ name: ['a', 'b'] }, /^TrackMapper\.name: an array is data here, not a list of values/);
    refusesValue({ album: { artist: { name: { $ne: null } } } }, /^ArtistMapper\.album\.artist\.name: a plain object/);
    refusesValue({ album: { $in: [1, 2] } }, /^AlbumMapper\.album: a plain object is data here/);
    expect(() => compileFilter(registry.get(Customer), { address: { $null: false } } as never)).to.throw(
      ValueError,
      /^CustomerMapper\.address: a plain object is data here/,
    );
    expect(where(Customer, { address: op({ $null: false }) }).sql).to.match(
      /^WHERE NOT \("t0"\."Address" IS NULL AND /,
    );
    rejects({ milliseconds: undefined }, 'milliseconds', /undefined is not a value/);
  });

  it('builds a SELECT of typed columns ordered through a to-one relation', () => {
    const node = buildSelect<Employee>(registry.get(Employee), {
      where: { reportsTo: 2 },
      orderBy: { reportsTo: { lastName: 'desc' } },
      limit: 2,
    });
    expect(compileOn('sqlite', node).sql).to.equal(
      'SELECT "t0"."EmployeeId", "t0"."LastName", "t0"."FirstName", "t0"."Title", "t0"."ReportsTo", "t0"."BirthDate", ' +
        '"t0"."HireDate", "t0"."Address", "t0"."City", "t0"."State", "t0"."Country", "t0"."PostalCode", "t0"."Phone", ' +
        '"t0"."Fax", "t0"."Email" FROM "Employee" AS "t0" LEFT JOIN "Employee" AS "t1" ON "t1"."EmployeeId" = "t0"."ReportsTo" ' +
        'WHERE "t0"."ReportsTo" = ? ORDER BY "t1"."LastName" DESC LIMIT 2',
    );
    expect(node.columns.every((c) => c.expression.kind === 'column' && c.expression.type !== undefined)).to.equal(true);
    expect(() => buildSelect(track, { orderBy: { album: { tracks: 'asc' } } as never })).to.throw(
      QueryError,
      /to-many/,
    );
  });
});

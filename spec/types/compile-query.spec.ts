/**
 * The compile-time contract of filters and orderBy: every `@ts-expect-error` below must be an
 * error for `tsc`, and each has a twin that compiles. The `it` only makes mocha load the file.
 */
import { expect } from 'chai';
import { Album, Artist, Customer, type Employee, type Invoice, Track } from '../../fixtures/chinook/entities';
import type { UpdateChanges } from '../../lib/entity-manager/bulk-dml';
import type { FindOptions, PopulatePath } from '../../lib/loading/find-options';
import { type Filter, like, type OrderBy, op } from '../../lib/query';

const ann = Object.assign(new Artist(), { artistId: 1, name: 'AC/DC' });

const filters: Filter<Track>[] = [
  { name: 'Fast As a Shark' },
  // @ts-expect-error a wrong property name
  { nmae: 'Fast As a Shark' },
  { milliseconds: op({ $gt: 600_000 }) },
  // @ts-expect-error a string where the column holds numbers
  { milliseconds: op({ $gt: '600000' }) },
  { unitPrice: op({ $in: ['0.99', '1.99'] }) },
  // @ts-expect-error a decimal is compared with strings, never with floats
  { unitPrice: op({ $in: [0.99] }) },
  { name: op({ $like: like.contains('50%') }) },
  // @ts-expect-error $like only on text
  { milliseconds: op({ $like: '1%' }) },
  { composer: null, bytes: op({ $null: true }) },
  // @ts-expect-error a NOT NULL property is not compared with null
  { name: null },
  // @ts-expect-error $null only on nullable properties
  { milliseconds: op({ $null: true }) },
  { genre: { name: op({ $ilike: 'jazz' }) } },
  // @ts-expect-error a wrong path through a relation
  { genre: { title: 'Jazz' } },
  { album: { artist: { name: 'AC/DC' } } },
  // @ts-expect-error a wrong type deep in a relation path
  { album: { artist: { name: 42 } } },
  { album: 1, mediaType: op({ $in: [1, 2] }) },
  { $or: [{ composer: null }, { $not: { genre: { name: 'Blues' } } }] },
  // @ts-expect-error $or takes a list of filters
  { $or: { composer: null } },
];

// Operators are syntax: only op() makes them. A bare operator object is what a JSON body holds.
const adults = op({ $gte: 18 });
const someText = op({ $gte: 'a' });
const operators: Filter<Track>[] = [
  { milliseconds: op({ $gte: 1, $lt: 9 }) },
  // @ts-expect-error a bare operator object is data, not operators
  { milliseconds: { $gte: 1, $lt: 9 } },
  { composer: op({ $ne: null }) },
  // @ts-expect-error a bare $ne: null is the classic smuggled condition
  { composer: { $ne: null } },
  { mediaType: op({ $in: [1, 2] }) },
  // @ts-expect-error key operators on a to-one relation need op() too
  { mediaType: { $in: [1, 2] } },
  { composer: op({ $null: true }) },
  // @ts-expect-error so does $null
  { composer: { $null: true } },
  { milliseconds: adults },
  // @ts-expect-error a constant of text operators does not fit a number property
  { milliseconds: someText },
  { name: someText },
  // @ts-expect-error an operator inside op() is checked against the property (not only the constant's own type)
  { name: op({ $gte: 18 }) },
];

const embeddedOperators: Filter<Customer>[] = [
  { address: op({ $null: true }) },
  // @ts-expect-error $null on an embeddable needs op() as well
  { address: { $null: true } },
];

const artists: Filter<Artist>[] = [
  { albums: { $none: {} } },
  { albums: { $some: { tracks: { $every: { milliseconds: op({ $lt: 300_000 }) } } } } },
  // @ts-expect-error a to-many relation takes a filter on its elements
  { albums: { $some: { nmae: 'x' } } },
];

const albums: Filter<Album>[] = [
  { artist: ann },
  // @ts-expect-error an album's artist is not a customer
  { artist: new Customer() },
  // @ts-expect-error an unknown quantifier
  { tracks: { $any: {} } },
];

const embedded: Filter<Customer>[] = [
  { address: { city: 'Oslo' } },
  { address: null },
  // @ts-expect-error a wrong field of the embeddable
  { address: { town: 'Oslo' } },
];

const employees: Filter<Employee>[] = [
  { reportsTo: { firstName: 'Nancy' }, hireDate: op({ $gte: new Date('2002-01-01') }) },
  // @ts-expect-error a datetime is compared with Dates
  { hireDate: op({ $gte: '2002-01-01' }) },
];

const orders: OrderBy<Track>[] = [
  { name: 'asc' },
  { album: { title: 'desc' }, trackId: 'asc' },
  // @ts-expect-error a direction is asc or desc
  { name: 'up' },
  // @ts-expect-error no path through a to-many relation
  { album: { tracks: 'asc' } },
  // @ts-expect-error a wrong path
  { album: { name: 'asc' } },
];

const invoiceOrder: OrderBy<Invoice> = { billing: { country: 'asc' }, total: 'desc' };

const populates: PopulatePath<Artist>[] = [
  'albums',
  'albums.tracks',
  'albums.tracks.genre',
  // @ts-expect-error a wrong relation name
  'albms',
  // @ts-expect-error a column is not a relation path
  'name',
  // @ts-expect-error a wrong segment deep in a path
  'albums.trakcs',
];

const findOptions: FindOptions<Track>[] = [
  { orderBy: { album: { title: 'asc' } }, limit: 10, offset: 20, populate: ['album.artist', 'genre'] },
  { readOnly: true, lock: 'pessimistic-read' },
  // @ts-expect-error populate takes paths of the entity's own relations
  { populate: ['artist'] },
  // @ts-expect-error a lock mode is pessimistic-write or pessimistic-read
  { lock: 'exclusive' },
];

const changes: UpdateChanges<Track>[] = [
  { milliseconds: 1000, album: 1, genre: null },
  // @ts-expect-error updateWhere changes only mapped properties
  { nmae: 'x' },
];

const artistChanges: UpdateChanges<Artist>[] = [
  { name: 'AC/DC' },
  // @ts-expect-error updateWhere cannot set a to-many relation
  { albums: [] },
];

describe('filter, orderBy and find option types', () => {
  it('are checked by tsc (this file compiles only when every @ts-expect-error is an error)', () => {
    expect([filters, artists, albums, embedded, employees, orders].map((l) => l.length)).to.deep.equal([
      18, 3, 3, 3, 2, 5,
    ]);
    expect([operators.length, embeddedOperators.length]).to.deep.equal([12, 2]);
    expect([populates.length, findOptions.length, changes.length, artistChanges.length]).to.deep.equal([6, 4, 2, 2]);
    expect(invoiceOrder).to.deep.equal({ billing: { country: 'asc' }, total: 'desc' });
    expect(new Album()).to.be.instanceOf(Album);
    expect(new Track()).to.be.instanceOf(Track);
  });
});

/**
 * Chinook mapped as it is: each dialect's own script is loaded through the bare driver, rows are
 * selected with plain SQL and hydrated by the generated hydrators with the dialect's real type
 * conversions. The same mappers serve the PascalCase (SQLite, MySQL) and snake_case (PostgreSQL)
 * schemas through the naming strategy, and every dialect yields the same objects.
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
  PostalAddress,
  Track,
} from '../../fixtures/chinook/entities';
import { chinookMappers } from '../../fixtures/chinook/mappers';
import { mysqlTypes } from '../../lib/dialects/mysql/types';
import { postgresTypes } from '../../lib/dialects/postgres/types';
import { sqliteTypes } from '../../lib/dialects/sqlite/types';
import {
  type EntityClass,
  type EntityMetadata,
  MetadataRegistry,
  pascalCaseNaming,
  snakeCaseNaming,
} from '../../lib/mapping';
import type { DialectTypes } from '../../lib/types/dialect-types';
import { describeEachDialect } from '../support/matrix';
import { type ChinookDatabase, loadChinook } from './support/chinook-database';

const pascal = new MetadataRegistry(chinookMappers, { naming: pascalCaseNaming });
const snake = new MetadataRegistry(chinookMappers, { naming: snakeCaseNaming });

function instance<T extends object>(cls: EntityClass<T>, values: Partial<T>): T {
  return Object.assign(Object.create(cls.prototype) as T, values);
}

function address(values: Partial<PostalAddress>): PostalAddress {
  return instance(PostalAddress, { street: null, city: null, state: null, country: null, postalCode: null, ...values });
}

/** One sample row of every table, as Chinook's data has it (identical on every dialect). */
const SAMPLES: { cls: EntityClass; where: Record<string, number>; expected: object }[] = [
  { cls: Artist, where: { artistId: 1 }, expected: instance(Artist, { artistId: 1, name: 'AC/DC' }) },
  {
    cls: Album,
    where: { albumId: 1 },
    expected: instance(Album, {
      albumId: 1,
      title: 'For Those About To Rock We Salute You',
      artist: instance(Artist, { artistId: 1 }),
    }),
  },
  {
    cls: MediaType,
    where: { mediaTypeId: 3 },
    expected: instance(MediaType, { mediaTypeId: 3, name: 'Protected MPEG-4 video file' }),
  },
  { cls: Genre, where: { genreId: 3 }, expected: instance(Genre, { genreId: 3, name: 'Metal' }) },
  {
    cls: Track,
    where: { trackId: 3 },
    expected: instance(Track, {
      trackId: 3,
      name: 'Fast As a Shark',
      album: instance(Album, { albumId: 3 }),
      mediaType: instance(MediaType, { mediaTypeId: 2 }),
      genre: instance(Genre, { genreId: 1 }),
      composer: 'F. Baltes, S. Kaufman, U. Dirkscneider & W. Hoffman',
      milliseconds: 230619,
      bytes: 3990994,
      unitPrice: '0.99',
    }),
  },
  {
    cls: Track,
    where: { trackId: 3448 },
    expected: instance(Track, {
      trackId: 3448,
      name: 'Lamentations of Jeremiah, First Set \\ Incipit Lamentatio',
      album: instance(Album, { albumId: 314 }),
      mediaType: instance(MediaType, { mediaTypeId: 2 }),
      genre: instance(Genre, { genreId: 24 }),
      composer: 'Thomas Tallis',
      milliseconds: 69194,
      bytes: 1208080,
      unitPrice: '0.99',
    }),
  },
  { cls: Playlist, where: { playlistId: 1 }, expected: instance(Playlist, { playlistId: 1, name: 'Music' }) },
  {
    cls: PlaylistTrack,
    where: { playlist: 1, track: 3402 },
    expected: instance(PlaylistTrack, {
      playlist: instance(Playlist, { playlistId: 1 }),
      track: instance(Track, { trackId: 3402 }),
    }),
  },
  {
    cls: Employee,
    where: { employeeId: 2 },
    expected: instance(Employee, {
      employeeId: 2,
      lastName: 'Edwards',
      firstName: 'Nancy',
      title: 'Sales Manager',
      reportsTo: instance(Employee, { employeeId: 1 }),
      birthDate: new Date('1958-12-08T00:00:00.000Z'),
      hireDate: new Date('2002-05-01T00:00:00.000Z'),
      address: address({
        street: '825 8 Ave SW',
        city: 'Calgary',
        state: 'AB',
        country: 'Canada',
        postalCode: 'T2P 2T3',
      }),
      phone: '+1 (403) 262-3443',
      fax: '+1 (403) 262-3322',
      email: 'nancy@chinookcorp.com',
    }),
  },
  {
    cls: Customer,
    where: { customerId: 2 },
    expected: instance(Customer, {
      customerId: 2,
      firstName: 'Leonie',
      lastName: 'Köhler',
      company: null,
      address: address({
        street: 'Theodor-Heuss-Straße 34',
        city: 'Stuttgart',
        country: 'Germany',
        postalCode: '70174',
      }),
      phone: '+49 0711 2842222',
      fax: null,
      email: 'leonekohler@surfeu.de',
      supportRep: instance(Employee, { employeeId: 5 }),
    }),
  },
  {
    cls: Invoice,
    where: { invoiceId: 1 },
    expected: instance(Invoice, {
      invoiceId: 1,
      customer: instance(Customer, { customerId: 2 }),
      invoiceDate: new Date('2021-01-01T00:00:00.000Z'),
      billing: address({
        street: 'Theodor-Heuss-Straße 34',
        city: 'Stuttgart',
        country: 'Germany',
        postalCode: '70174',
      }),
      total: '1.98',
    }),
  },
  {
    cls: InvoiceLine,
    where: { invoiceLineId: 1 },
    expected: instance(InvoiceLine, {
      invoiceLineId: 1,
      invoice: instance(Invoice, { invoiceId: 1 }),
      track: instance(Track, { trackId: 2 }),
      unitPrice: '0.99',
      quantity: 1,
    }),
  },
];

/** Rows per table, counted from the script text. */
const ROW_COUNTS: Record<string, number> = {
  Artist: 275,
  Album: 347,
  MediaType: 5,
  Genre: 25,
  Track: 3503,
  Playlist: 18,
  PlaylistTrack: 8715,
  Employee: 8,
  Customer: 59,
  Invoice: 412,
  InvoiceLine: 2240,
};

const TYPES: Record<string, DialectTypes> = { sqlite: sqliteTypes, postgres: postgresTypes, mysql: mysqlTypes };

/** Exact sum of decimal(10,2) strings, in cents. */
function sumCents(values: readonly string[]): string {
  const cents = values.reduce((sum, v) => sum + BigInt(v.replace('.', '')), 0n);
  return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
}

describeEachDialect('Chinook mapped as it is', (ctx) => {
  let db: ChinookDatabase;
  let registry: MetadataRegistry;
  let types: DialectTypes;

  before(async function () {
    this.timeout(120_000);
    db = await loadChinook(ctx);
    registry = ctx.dialect === 'postgres' ? snake : pascal;
    types = TYPES[ctx.dialect] as DialectTypes;
  });

  after(async () => {
    await db?.close();
  });

  /** SELECT * of an entity's table, filtered by the columns of the given properties, ordered by key. */
  async function rowsOf(entity: EntityMetadata, where: Record<string, number> = {}) {
    const columnOf = (property: string) => entity.columns.find((c) => c.property === property)!.name;
    const conditions = Object.entries(where).map(([property, value]) => `${db.quote(columnOf(property))} = ${value}`);
    const order = entity.primaryKey.map((c) => db.quote(c.name)).join(', ');
    const filter = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
    return db.select(`SELECT * FROM ${db.quote(entity.table)}${filter} ORDER BY ${order}`);
  }

  for (const sample of SAMPLES) {
    it(`hydrates ${sample.cls.name} ${JSON.stringify(sample.where)} into the same object on every dialect`, async () => {
      const entity = registry.get(sample.cls);
      const rows = await rowsOf(entity, sample.where);
      const hydrated = rows.map((row) => registry.hotPaths(entity, types).hydrate(row));
      expect(hydrated).to.deep.equal([sample.expected]);
      expect(hydrated[0]).to.be.instanceOf(sample.cls);
    });
  }

  it('hydrates every row of all 11 tables into instances of their classes', async () => {
    const counts: Record<string, number> = {};
    for (const mapper of chinookMappers) {
      const entity = registry.get(mapper);
      const hydrate = registry.hotPaths(entity, types).hydrate;
      const objects = (await rowsOf(entity)).map((row) => hydrate(row));
      expect(objects.every((o) => o instanceof entity.entityClass)).to.equal(true);
      counts[entity.className] = objects.length;
    }
    expect(counts).to.deep.equal(ROW_COUNTS);
  });

  it('reads NUMERIC(10,2) totals exactly: invoices and their lines both sum to 2328.60', async () => {
    const invoices = (await rowsOf(registry.get(Invoice))).map(
      (r) => registry.hotPaths(Invoice, types).hydrate(r) as Invoice,
    );
    const lines = (await rowsOf(registry.get(InvoiceLine))).map(
      (r) => registry.hotPaths(InvoiceLine, types).hydrate(r) as InvoiceLine,
    );
    const lineTotals = lines.map((l) => sumCents(Array(l.quantity).fill(l.unitPrice)));
    expect([sumCents(invoices.map((i) => i.total)), sumCents(lineTotals)]).to.deep.equal(['2328.60', '2328.60']);
  });

  it('resolves the self-reference Employee.ReportsTo through a reference resolver to one instance per row', async () => {
    const entity = registry.get(Employee);
    const byId = new Map<number, Employee>();
    const refs = {
      reference: (_target: EntityMetadata, key: unknown) => {
        const id = key as number;
        if (!byId.has(id)) byId.set(id, instance(Employee, { employeeId: id }));
        return byId.get(id) as Employee;
      },
    };
    const hydrate = registry.hotPaths(entity, types).hydrate;
    for (const row of await rowsOf(entity)) {
      const e = hydrate(row, refs) as Employee;
      Object.assign(refs.reference(entity, e.employeeId), e);
    }
    const chain = (id: number): string[] => {
      const e = byId.get(id) as Employee;
      return [e.lastName, ...(e.reportsTo ? chain(e.reportsTo.employeeId) : [])];
    };
    expect(chain(8)).to.deep.equal(['Callahan', 'Mitchell', 'Adams']);
    expect(byId.get(8)?.reportsTo?.reportsTo).to.equal(byId.get(1));
  });
});

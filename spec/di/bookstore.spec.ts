import { expect } from 'chai';
import { Tabula } from 'tabula-orm';
import { bookstoreContainer } from '../../docs/examples/bookstore/container';
import { Book, Order } from '../../docs/examples/bookstore/entities';
import { bookstoreMappers } from '../../docs/examples/bookstore/mappers';
import { bookstoreRoutes, type RouteStats } from '../../docs/examples/bookstore/routes';
import { seed, type Seeded } from '../../docs/examples/bookstore/seed';
import { listen, type Running } from './support/http-server';

/** The example service over real HTTP, on an in-memory SQLite database (the doc's testing recipe). */
describe('docs/examples/bookstore over HTTP [sqlite-memory]', () => {
  let orm: Tabula;
  let server: Running;
  let seeded: Seeded;
  let stats: RouteStats;
  beforeEach(async () => {
    orm = await Tabula.connect({ url: 'sqlite::memory:', mappers: bookstoreMappers });
    await orm.schema.create();
    const container = await bookstoreContainer(orm);
    seeded = await seed(container, { hotStock: 3 });
    stats = { conflicts: 0, transient: 0 };
    server = await listen(bookstoreRoutes(container, stats).listener());
  });
  afterEach(async () => {
    await server.close();
    await orm.close();
  });

  const send = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.base}${path}`, { method, ...(body ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  const hot = () => seeded.bookIds[0] as number;

  it('creates, changes and deletes a book through the REST endpoints', async () => {
    const created = await send('POST', '/books', {
      title: 'Lathe',
      price: '9.50',
      stock: 4,
      authorId: 1,
      tags: ['sf'],
    });
    const id = (created.body as { id: number }).id;
    const changed = await send('PATCH', `/books/${id}`, { price: '8.00' });
    const deleted = await send('DELETE', `/books/${id}`);
    const gone = await send('GET', `/books/${id}`);
    // The mapper stamps createdAt/updatedAt: taken out here, checked below.
    type Stamped = { createdAt?: string; updatedAt?: string };
    const stamps = [created, changed].map((r) => {
      const { createdAt, updatedAt, ...rest } = r.body as Stamped & Record<string, unknown>;
      r.body = rest;
      return [createdAt, updatedAt].map((t) => Date.parse(t as string));
    });
    expect([created, changed, deleted.status, gone.status]).to.deep.equal([
      {
        status: 201,
        body: { id, title: 'Lathe', price: '9.50', stock: 4, version: 1, author: { id: 1 }, deletedAt: null },
      },
      {
        status: 200,
        body: { id, title: 'Lathe', price: '8.00', stock: 4, version: 2, author: { id: 1 }, deletedAt: null },
      },
      204,
      404,
    ]);
    const [[createdAt, insertedAt], [keptCreatedAt, updatedAt]] = stamps as [number[], number[]];
    expect([createdAt, keptCreatedAt, insertedAt === createdAt]).to.deep.equal([createdAt, createdAt, true]);
    expect(updatedAt).to.be.at.least(insertedAt as number);
  });

  it('places concurrent orders on one book until the stock is gone, never below zero', async () => {
    const orders = await Promise.all(
      seeded.customerIds
        .slice(0, 6)
        .map((customerId) => send('POST', '/orders', { customerId, bookId: hot(), quantity: 1 })),
    );
    expect(orders.map((o) => o.status).sort()).to.deep.equal([201, 201, 201, 409, 409, 409]);
    expect(orders.filter((o) => o.status === 409).map((o) => (o.body as { error: string }).error)).to.deep.equal([
      'BookstoreError',
      'BookstoreError',
      'BookstoreError',
    ]);
    const em = orm.em.fork();
    expect((await em.findOneOrFail(Book, hot())).stock).to.equal(0);
    expect(await em.count(Order)).to.equal(3);
  });

  it('refuses an order larger than the stock and writes nothing', async () => {
    const res = await send('POST', '/orders', { customerId: seeded.customerIds[0], bookId: hot(), quantity: 4 });
    expect(res).to.deep.equal({
      status: 409,
      body: { error: 'BookstoreError', message: 'Only 3 of "The Dispossessed" left, 4 wanted.' },
    });
    const em = orm.em.fork();
    expect([(await em.findOneOrFail(Book, hot())).stock, await em.count(Order)]).to.deep.equal([3, 0]);
  });
});

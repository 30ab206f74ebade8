/**
 * The bookstore tested with 'tabula-orm/testing' under Node's own runner, without mocha:
 * `node --import tsx --test spec/examples/node-test/bookstore.test.ts`. Run by
 * spec/examples/bookstore-node-test.spec.ts.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { Container } from 'inversify';
import { Tabula } from 'tabula-orm';
import { runInUnitOfWork } from 'tabula-orm/di';
import { planSummary, RecordingDialect, type TestDatabase, testDatabase } from 'tabula-orm/testing';
import { bookstoreContainer } from '../../../docs/examples/bookstore/container';
import { Book, Order } from '../../../docs/examples/bookstore/entities';
import { books, customers, type Shop, seedShop } from '../../../docs/examples/bookstore/factories';
import { bookstoreMappers } from '../../../docs/examples/bookstore/mappers';
import { OrderService } from '../../../docs/examples/bookstore/order-service';

describe('bookstore orders (node:test)', () => {
  let orm: Tabula;
  let app: Container;
  let db: TestDatabase;
  let shop: Shop;
  let container: Container;

  before(async () => {
    orm = await Tabula.connect({ url: 'sqlite::memory:', mappers: bookstoreMappers });
    await orm.schema.create();
    app = await bookstoreContainer(orm);
    db = testDatabase(orm);
  });
  after(() => orm.close());
  beforeEach(async () => {
    await db.begin();
    shop = await seedShop(db.em);
    container = await db.container(app);
  });
  afterEach(() => db.rollback());

  it('places an order: the stock goes down', async () => {
    const [customer] = shop.shoppers;
    await runInUnitOfWork(container, (s) =>
      s.get(OrderService).place({ customerId: customer?.id as number, bookId: shop.hot.id as number, quantity: 3 }),
    );
    const em = db.fork();
    assert.deepEqual([(await em.findOneOrFail(Book, shop.hot.id)).stock, await em.count(Order)], [0, 1]);
  });

  it('starts again from the seeded shop', async () => {
    const em = db.fork();
    assert.deepEqual([(await em.findOneOrFail(Book, shop.hot.id)).stock, await em.count(Order)], [3, 0]);
  });

  it('plans an order without a database', async () => {
    const em = new RecordingDialect().open({ mappers: bookstoreMappers }).em.fork();
    const book = await books.create(em, { stock: 2 });
    const customer = await customers.create(em);
    await new OrderService(em).place({ customerId: customer.id as number, bookId: book.id as number, quantity: 1 });
    assert.deepEqual(planSummary(em.plan()), [
      { kind: 'insert', table: 'bookstore_orders', rows: 1 },
      { kind: 'update', table: 'bookstore_books', rows: 1 },
    ]);
  });
});

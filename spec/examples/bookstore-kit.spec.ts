/**
 * The bookstore example tested with 'tabula-orm/testing' at the three levels of
 * docs/testing-your-app.md: plans without a database; a rollback per test on SQLite; the same
 * tests on PostgreSQL and MariaDB (the matrix runs the one body on every database).
 */
import { expect } from 'chai';
import type { Container } from 'inversify';
import { Tabula } from 'tabula-orm';
import { EntityRepository, runInUnitOfWork } from 'tabula-orm/di';
import { planSql, planSummary, RecordingDialect, type TestDatabase, testDatabase } from 'tabula-orm/testing';
import { CatalogService } from '../../docs/examples/bookstore/catalog-service';
import { bookstoreContainer } from '../../docs/examples/bookstore/container';
import { Book, Order, Tag } from '../../docs/examples/bookstore/entities';
import { BookstoreError } from '../../docs/examples/bookstore/errors';
import { authors, books, customers, type Shop, seedShop, tags } from '../../docs/examples/bookstore/factories';
import { bookstoreMappers } from '../../docs/examples/bookstore/mappers';
import { OrderService } from '../../docs/examples/bookstore/order-service';
import { bookstoreRoutes } from '../../docs/examples/bookstore/routes';
import { listen } from '../di/support/http-server';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';

describe('docs/examples/bookstore, level 1: plans without a database', () => {
  /** An EntityManager whose flushes are recorded, for `dialect`'s SQL. */
  function recorded(dialect: 'sqlite' | 'postgres' | 'mysql' = 'sqlite') {
    const recording = new RecordingDialect({ dialect });
    return { recording, em: recording.open({ mappers: bookstoreMappers }).em.fork() };
  }

  beforeEach(() => {
    for (const f of [authors, tags, books, customers]) f.reset();
  });

  it('OrderService.place plans the order’s INSERT and the stock’s versioned UPDATE, with no SELECT', async () => {
    const { recording, em } = recorded();
    // Arranged through a recorded flush, so both are managed: a find by key is answered from memory.
    const book = await books.create(em, { price: '12.50', stock: 5 });
    const customer = await customers.create(em);
    recording.clear();
    const order = await new OrderService(em).place({
      customerId: customer.id as number,
      bookId: book.id as number,
      quantity: 2,
    });
    expect([order.total, book.stock, recording.sql]).to.deep.equal(['25.00', 3, []]);
    expect(planSummary(em.plan())).to.deep.equal([
      { kind: 'insert', table: 'bookstore_orders', rows: 1 },
      { kind: 'update', table: 'bookstore_books', rows: 1 },
    ]);
  });

  it('… in each dialect’s SQL', async () => {
    const sql: Record<string, string[]> = {};
    for (const dialect of ['sqlite', 'postgres', 'mysql'] as const) {
      const { em } = recorded(dialect);
      const book = await books.create(em, { stock: 5 });
      const customer = await customers.create(em);
      await new OrderService(em).place({ customerId: customer.id as number, bookId: book.id as number, quantity: 1 });
      sql[dialect] = planSql(em.plan());
    }
    expect(sql).to.deep.equal(PLACE_ORDER_SQL);
  });

  it('refuses an order larger than the stock and plans nothing', async () => {
    const { em } = recorded();
    const book = await books.create(em, { title: 'Kindred', stock: 1 });
    const customer = await customers.create(em);
    const error = await expectRejection(
      new OrderService(em).place({ customerId: customer.id as number, bookId: book.id as number, quantity: 2 }),
      BookstoreError,
    );
    expect([error.message, em.plan().isEmpty]).to.deep.equal(['Only 1 of "Kindred" left, 2 wanted.', true]);
  });

  it('CatalogService.removeBook soft-deletes: the plan sets deleted_at instead of deleting the row', async () => {
    const { recording, em } = recorded();
    const book = await books.create(em, { title: 'Kindred' });
    recording.clear();
    await new CatalogService(em, new EntityRepository(em, Book)).removeBook(book.id as number);
    const plan = em.plan();
    expect(planSummary(plan)).to.deep.equal([{ kind: 'update', table: 'bookstore_books', rows: 1 }]);
    expect(plan.steps[0]?.columns.map((c) => c.name)).to.deep.equal(['deleted_at', 'version']);
    expect(plan.describe()).to.contain('soft delete: deleted_at set instead of DELETE');
  });

  it('CatalogService.addBook looks each tag up, then plans the book, the new tags and its links', async () => {
    const { recording, em } = recorded('postgres');
    const author = await authors.create(em);
    recording.clear();
    const catalog = new CatalogService(em, new EntityRepository(em, Book));
    await catalog.addBook({
      title: 'Lathe',
      price: '9.50',
      stock: 4,
      authorId: author.id as number,
      tags: ['sf', 'new'],
    });
    expect(planSummary(em.plan())).to.deep.equal([
      { kind: 'insert', table: 'bookstore_books', rows: 1 },
      { kind: 'insert', table: 'bookstore_tags', rows: 2 },
      { kind: 'link', table: 'bookstore_book_tags', rows: 2 },
    ]);
    expect(recording.statements.map((s) => s.params)).to.deep.equal([['sf'], ['new']]);
  });
});

describeEachDialect(
  'docs/examples/bookstore, levels 2 and 3: a rollback per test',
  (ctx) => {
    let orm: Tabula;
    let app: Container;
    let db: TestDatabase;
    let shop: Shop;
    let container: Container;
    before(async () => {
      orm = await Tabula.connect({ url: ctx.url, mappers: bookstoreMappers });
      await orm.schema.drop();
      await orm.schema.create();
      app = await bookstoreContainer(orm);
      db = testDatabase(orm);
    });
    after(async () => {
      await orm.schema.drop();
      await orm.close();
    });
    beforeEach(async () => {
      await db.begin();
      shop = await seedShop(db.em);
      container = await db.container(app);
    });
    afterEach(() => db.rollback());

    const id = (entity: { id?: number }) => entity.id as number;

    it('places an order in a unit of work: the stock goes down and the order is written', async () => {
      const order = await runInUnitOfWork(container, (s) =>
        s.get(OrderService).place({ customerId: id(shop.shoppers[0] ?? {}), bookId: id(shop.hot), quantity: 2 }),
      );
      const em = db.fork();
      const stock = (await em.findOneOrFail(Book, id(shop.hot))).stock;
      expect([stock, await em.count(Order), order.total]).to.deep.equal([1, 1, '29.98']);
      // placedAt came from the database's DEFAULT, read back by the flush; the book's update stamped updatedAt.
      const loaded = await em.findOneOrFail(Order, id(order));
      expect(order.placedAt).to.be.instanceOf(Date);
      expect(loaded.placedAt?.getTime()).to.equal(order.placedAt?.getTime());
      const hot = await em.findOneOrFail(Book, id(shop.hot));
      expect((hot.updatedAt as Date).getTime()).to.be.at.least((hot.createdAt as Date).getTime());
    });

    it('starts every test from the seeded shop: the previous test’s order is gone', async () => {
      const em = db.fork();
      const stock = (await em.findOneOrFail(Book, id(shop.hot))).stock;
      expect([stock, await em.count(Order), await em.count(Book), await em.count(Tag)]).to.deep.equal([3, 0, 3, 4]);
    });

    it('answers concurrent orders over HTTP until the stock is gone, never below zero', async () => {
      const server = await listen(bookstoreRoutes(container, { conflicts: 0, transient: 0 }).listener());
      try {
        const statuses = await Promise.all(
          shop.shoppers.map(async (customer) => {
            const res = await fetch(`${server.base}/orders`, {
              method: 'POST',
              body: JSON.stringify({ customerId: id(customer), bookId: id(shop.hot), quantity: 1 }),
            });
            await res.text();
            return res.status;
          }),
        );
        expect(statuses.sort()).to.deep.equal([201, 201, 201, 409, 409, 409]);
      } finally {
        await server.close();
      }
      const em = db.fork();
      expect([(await em.findOneOrFail(Book, id(shop.hot))).stock, await em.count(Order)]).to.deep.equal([0, 3]);
    });

    it('refuses an order larger than the stock in its unit, and the test goes on with nothing written', async () => {
      await expectRejection(
        runInUnitOfWork(container, (s) =>
          s.get(OrderService).place({ customerId: id(shop.shoppers[1] ?? {}), bookId: id(shop.hot), quantity: 4 }),
        ),
        BookstoreError,
      );
      const em = db.fork();
      expect([(await em.findOneOrFail(Book, id(shop.hot))).stock, await em.count(Order)]).to.deep.equal([3, 0]);
    });
  },
  { sqliteMemory: true },
);

/** What placing an order sends, per dialect: the INSERT, then the UPDATE checked by version. */
const PLACE_ORDER_SQL = {
  sqlite: [
    'INSERT INTO "bookstore_orders" ("customer_id", "book_id", "quantity", "total") VALUES (?, ?, ?, ?) RETURNING "id", "placed_at"',
    'UPDATE "bookstore_books" SET "stock" = ?, "updated_at" = ?, "version" = ? WHERE "id" = ? AND "version" = ?',
  ],
  postgres: [
    'INSERT INTO "bookstore_orders" ("customer_id", "book_id", "quantity", "total") VALUES ($1, $2, $3, $4) RETURNING "id", "placed_at"',
    'UPDATE "bookstore_books" SET "stock" = $1, "updated_at" = $2, "version" = $3 WHERE "id" = $4 AND "version" = $5',
  ],
  mysql: [
    'INSERT INTO `bookstore_orders` (`customer_id`, `book_id`, `quantity`, `total`) VALUES (?, ?, ?, ?) RETURNING `id`, `placed_at`',
    'UPDATE `bookstore_books` SET `stock` = ?, `updated_at` = ?, `version` = ? WHERE `id` = ? AND `version` = ?',
  ],
};

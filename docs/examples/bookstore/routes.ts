/**
 * The REST endpoints. Each one is a unit of work: its reads run outside a transaction and its
 * changes are flushed in one transaction at the end (span 'flush'), so concurrent orders detect
 * each other through the book's version and are retried on fresh data.
 */
import type { Container } from 'inversify';
import { ForeignKeyConstraintError, OptimisticLockError, TransientError, UniqueConstraintError } from 'tabula-orm';
import {
  defaultErrorResult,
  type HttpResult,
  httpUnitOfWork,
  type HttpUnitContext,
  type UnitOfWorkScope,
} from 'tabula-orm/di';
import { CatalogService } from './catalog-service';
import { BookstoreError } from './errors';
import { count, names, object, price, text } from './input';
import { OrderService } from './order-service';
import { type Endpoint, type Params, Router } from './router';
import { authorView, bookView, customerView, orderView, tagView } from './views';

/** What the load driver reads back: retries after optimistic-lock conflicts. */
export interface RouteStats {
  conflicts: number;
  /** Retries after deadlocks and serialization failures (MariaDB's FK locks can deadlock two orders). */
  transient: number;
}

/** How often a unit of work runs again after a conflict before the request answers 409. */
export const RETRIES = 40;

type Req = HttpUnitContext['req'] & { params: Params };
type Action = (scope: UnitOfWorkScope, body: unknown, params: Params) => Promise<HttpResult>;

function errorResult(error: unknown): HttpResult {
  if (error instanceof BookstoreError)
    return { status: error.status, body: { error: error.name, message: error.message } };
  const result = defaultErrorResult(error);
  const conflict = error instanceof UniqueConstraintError || error instanceof ForeignKeyConstraintError;
  return conflict ? { ...result, status: 409 } : result;
}

export function bookstoreRoutes(container: Container, stats: RouteStats): Router {
  const unit = (action: Action): Endpoint =>
    httpUnitOfWork<Req>(container, ({ req, body, scope }) => action(scope, body, req.params), {
      span: 'flush',
      retries: RETRIES,
      // Orders on one book collide on its version: a stale read is redone. Random waits let the
      // losers come back one at a time.
      retryOn: [OptimisticLockError, TransientError],
      backoff: { baseMs: 10, maxMs: 200 },
      onRetry: (e) => {
        if (e instanceof OptimisticLockError) stats.conflicts += 1;
        else stats.transient += 1;
      },
      errorResult,
    });
  const catalog = (s: UnitOfWorkScope) => s.get(CatalogService);
  const orders = (s: UnitOfWorkScope) => s.get(OrderService);
  const id = (params: Params) => Number(params.id);

  return new Router()
    .on(
      'GET',
      '/authors',
      unit(async (s) => ({ body: (await catalog(s).authors()).map(authorView) })),
    )
    .on(
      'POST',
      '/authors',
      unit(async (s, body) => {
        const author = catalog(s).addAuthor(text(object(body), 'name'));
        return { status: 201, body: () => authorView(author) };
      }),
    )
    .on(
      'GET',
      '/tags',
      unit(async (s) => ({ body: (await catalog(s).tags()).map(tagView) })),
    )
    .on(
      'GET',
      '/books',
      unit(async (s) => ({ body: (await catalog(s).listBooks()).map(bookView) })),
    )
    .on(
      'GET',
      '/books/:id',
      unit(async (s, _b, p) => ({ body: bookView(await catalog(s).book(id(p))) })),
    )
    .on(
      'POST',
      '/books',
      unit(async (s, body) => {
        const o = object(body);
        const book = await catalog(s).addBook({
          title: text(o, 'title'),
          price: price(o, 'price'),
          stock: count(o, 'stock'),
          authorId: count(o, 'authorId', 1),
          tags: names(o, 'tags'),
        });
        return { status: 201, body: () => bookView(book) };
      }),
    )
    .on(
      'PATCH',
      '/books/:id',
      unit(async (s, body, p) => {
        const o = object(body);
        const book = await catalog(s).changeBook(id(p), {
          ...(o.title !== undefined ? { title: text(o, 'title') } : {}),
          ...(o.price !== undefined ? { price: price(o, 'price') } : {}),
          ...(o.stock !== undefined ? { stock: count(o, 'stock') } : {}),
        });
        return { body: () => bookView(book) };
      }),
    )
    .on(
      'DELETE',
      '/books/:id',
      unit(async (s, _b, p) => {
        await catalog(s).removeBook(id(p));
        return { status: 204 };
      }),
    )
    .on(
      'POST',
      '/customers',
      unit(async (s, body) => {
        const o = object(body);
        const customer = orders(s).addCustomer(text(o, 'name'), text(o, 'email'));
        return { status: 201, body: () => customerView(customer) };
      }),
    )
    .on(
      'GET',
      '/customers/:id',
      unit(async (s, _b, p) => ({ body: customerView(await orders(s).customer(id(p))) })),
    )
    .on(
      'POST',
      '/orders',
      unit(async (s, body) => {
        const o = object(body);
        const order = await orders(s).place({
          customerId: count(o, 'customerId', 1),
          bookId: count(o, 'bookId', 1),
          quantity: count(o, 'quantity', 1),
        });
        return { status: 201, body: () => orderView(order) };
      }),
    )
    .on(
      'GET',
      '/orders/:id',
      unit(async (s, _b, p) => ({ body: orderView(await orders(s).order(id(p))) })),
    );
}

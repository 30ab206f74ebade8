/**
 * The REST endpoints. Each one is a unit of work: its reads run outside a transaction and its
 * changes are flushed in one transaction at the end (span 'flush'), so concurrent orders detect
 * each other through the book's version and are retried on fresh data.
 */
import type { Container } from 'inversify';
import {
  ForeignKeyConstraintError,
  OptimisticLockError,
  serialize,
  TransientError,
  UniqueConstraintError,
} from 'tabula-orm';
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

/** What the load driver reads back: retries after optimistic-lock conflicts. */
export interface RouteStats {
  conflicts: number;
  /** Retries after deadlocks and serialization failures (MariaDB's FK locks can deadlock two orders). */
  transient: number;
}

/**
 * Responses are `serialize`d from the mapping. `populate: []` nests no relation: a book's author
 * and an order's customer and book are written as `{ id }` whether or not this unit of work
 * happened to load them, so each endpoint answers with one shape.
 */
const REFERENCES_ONLY = { populate: [] } as const;

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
      unit(async (s) => ({ body: serialize(await catalog(s).authors()) })),
    )
    .on(
      'POST',
      '/authors',
      unit(async (s, body) => {
        const author = catalog(s).addAuthor(text(object(body), 'name'));
        return { status: 201, body: () => serialize(author) };
      }),
    )
    .on(
      'GET',
      '/tags',
      unit(async (s) => ({ body: serialize(await catalog(s).tags()) })),
    )
    .on(
      'GET',
      '/books',
      unit(async (s) => ({ body: serialize(await catalog(s).listBooks(), REFERENCES_ONLY) })),
    )
    .on(
      'GET',
      '/books/:id',
      unit(async (s, _b, p) => ({ body: serialize(await catalog(s).book(id(p)), REFERENCES_ONLY) })),
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
        return { status: 201, body: () => serialize(book, REFERENCES_ONLY) };
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
        return { body: () => serialize(book, REFERENCES_ONLY) };
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
        return { status: 201, body: () => serialize(customer) };
      }),
    )
    .on(
      'GET',
      '/customers/:id',
      unit(async (s, _b, p) => ({ body: serialize(await orders(s).customer(id(p))) })),
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
        return { status: 201, body: () => serialize(order, REFERENCES_ONLY) };
      }),
    )
    .on(
      'GET',
      '/orders/:id',
      unit(async (s, _b, p) => ({ body: serialize(await orders(s).order(id(p)), REFERENCES_ONLY) })),
    );
}

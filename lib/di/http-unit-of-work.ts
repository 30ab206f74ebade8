/**
 * A unit of work per HTTP request, for `node:http` and for Express-style `(req, res, next)`
 * stacks (without importing Express): read the body, open a scope, run the handler, flush and
 * COMMIT, then write the handler's result. Any error rolls everything back and becomes an error
 * response; a client that disconnects before COMMIT rolls the work back. The connection goes back
 * to the pool on every path (the transaction helpers release it in `finally`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Container } from 'inversify';
import { defaultErrorResult, type HttpResult, writeResult } from './http-result.js';
import { readJsonBody } from './read-body.js';
import { runInUnitOfWork, type UnitOfWorkOptions } from './run-in-unit-of-work.js';
import type { UnitOfWorkScope } from './unit-of-work-scope.js';

export interface HttpUnitContext<Req extends IncomingMessage = IncomingMessage> {
  readonly req: Req;
  /** The parsed JSON body (`undefined` when empty), read once before the first attempt. */
  readonly body: unknown;
  readonly scope: UnitOfWorkScope;
}

export type HttpUnitHandler<Req extends IncomingMessage = IncomingMessage> = (
  context: HttpUnitContext<Req>,
) => Promise<HttpResult>;

export interface HttpUnitOfWorkOptions extends Omit<UnitOfWorkOptions, 'signal' | 'propagation'> {
  /** Maps an error to a response (default: {@link defaultErrorResult}). */
  readonly errorResult?: ((error: unknown) => HttpResult) | undefined;
  /** Largest accepted body; default 1 MiB. */
  readonly bodyLimitBytes?: number | undefined;
}

/**
 * Wraps a handler as a `node:http` request listener.
 *
 * @example
 * http.createServer(httpUnitOfWork(container, async ({ body, scope }) => {
 *   const order = await scope.get(OrderService).place(body as PlaceOrder);
 *   return { status: 201, body: order };
 * }, { retries: 3 }));
 */
export function httpUnitOfWork<Req extends IncomingMessage = IncomingMessage>(
  container: Container,
  handler: HttpUnitHandler<Req>,
  options: HttpUnitOfWorkOptions = {},
): (req: Req, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    try {
      writeResult(res, await runRequest(container, handler, options, req, res));
    } catch (e) {
      writeResult(res, (options.errorResult ?? defaultErrorResult)(e));
    }
  };
}

/**
 * The same as an Express-compatible middleware: the result is written after COMMIT; an error is
 * passed to `next(error)` for the application's error handler, after the rollback.
 */
export function expressUnitOfWork<Req extends IncomingMessage = IncomingMessage>(
  container: Container,
  handler: HttpUnitHandler<Req>,
  options: HttpUnitOfWorkOptions = {},
): (req: Req, res: ServerResponse, next: (error?: unknown) => void) => void {
  return (req, res, next) => {
    runRequest(container, handler, options, req, res).then(
      (result) => writeResult(res, result),
      (e: unknown) => next(e),
    );
  };
}

async function runRequest<Req extends IncomingMessage>(
  container: Container,
  handler: HttpUnitHandler<Req>,
  options: HttpUnitOfWorkOptions,
  req: Req,
  res: ServerResponse,
): Promise<HttpResult> {
  const aborted = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) aborted.abort('client disconnected');
  };
  res.once('close', onClose);
  try {
    // An Express body parser may have consumed the stream already and left `req.body`.
    const parsed = (req as { body?: unknown }).body;
    const body = parsed !== undefined ? parsed : await readJsonBody(req, options.bodyLimitBytes ?? 1 << 20);
    return await runInUnitOfWork(container, (scope) => handler({ req, body, scope }), {
      ...options,
      propagation: 'requires-new',
      signal: aborted.signal,
    });
  } finally {
    res.off('close', onClose);
  }
}

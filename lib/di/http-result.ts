/**
 * What an HTTP unit of work answers, and how errors map to statuses. The response is written
 * only after COMMIT, so a client never sees success for work that was rolled back.
 */
import type { ServerResponse } from 'node:http';
import { EntityNotFoundError, OptimisticLockError, TabulaError, UnitOfWorkAbortedError } from '../errors/index.js';

export interface HttpResult {
  /** Default 200. */
  readonly status?: number;
  /**
   * Serialized as JSON (bigint as a string); omitted for 204. A function is called after COMMIT,
   * so a view of new entities includes their generated ids: `body: () => orderView(order)`.
   */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The default error mapping: not found 404, optimistic conflict 409, bad JSON 400, anything else 500. */
export function defaultErrorResult(error: unknown): HttpResult {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  const code = error instanceof TabulaError ? error.code : undefined;
  const status =
    error instanceof EntityNotFoundError
      ? 404
      : error instanceof OptimisticLockError
        ? 409
        : error instanceof BadRequestError
          ? 400
          : error instanceof UnitOfWorkAbortedError
            ? 499
            : 500;
  return { status, body: { error: name, ...(code ? { code } : {}), message } };
}

/** A request the handler cannot serve as sent (unreadable JSON, body too large). */
export class BadRequestError extends TabulaError {
  override readonly code = 'BAD_REQUEST';
}

export function writeResult(res: ServerResponse, result: HttpResult): void {
  if (res.headersSent || res.destroyed) return;
  const status = result.status ?? 200;
  const body: unknown = typeof result.body === 'function' ? (result.body as () => unknown)() : result.body;
  const hasBody = body !== undefined && status !== 204;
  const text = hasBody ? JSON.stringify(body, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)) : undefined;
  res.writeHead(status, {
    ...(hasBody ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    ...result.headers,
  });
  res.end(text);
}

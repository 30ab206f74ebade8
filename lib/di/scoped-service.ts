/**
 * A service that lives for one unit of work: built once per scope, from dependencies resolved in
 * that scope (so every service of a request shares the request's EntityManager).
 */
import type { ServiceIdentifier } from 'inversify';

/** The dependency identifiers of a factory, position by position. */
export type Dependencies<A extends readonly unknown[]> = { readonly [K in keyof A]: ServiceIdentifier<A[K]> };

export interface ScopedService<T = unknown> {
  readonly id: ServiceIdentifier<T>;
  readonly create: (...dependencies: never[]) => T;
  readonly inject: readonly ServiceIdentifier[];
}

/**
 * Declares a per-scope service without decorators: `create` receives `inject`'s instances from
 * the current scope. The compiler checks that each identifier's type fits its parameter.
 *
 * @example
 * scopedService(OrderService, (em, books) => new OrderService(em, books), [EntityManager, repositoryToken(Book)])
 */
export function scopedService<T, A extends readonly unknown[]>(
  id: ServiceIdentifier<T>,
  create: (...dependencies: A) => T,
  inject: Dependencies<A>,
): ScopedService<T> {
  // Sound: `inject` lists exactly A's identifiers, so inversify calls `create` with an A.
  return {
    id,
    create: create as unknown as ScopedService<T>['create'],
    inject: inject as readonly ServiceIdentifier[],
  };
}

/** Service identifiers of the Tabula container module that are not classes. */
import type { ServiceIdentifier } from 'inversify';
import type { EntityClass } from '../mapping/index.js';
import type { EntityRepository } from './entity-repository.js';

const repositoryTokens = new WeakMap<EntityClass, symbol>();

/**
 * The identifier of `EntityRepository<T>` for an entity class (one symbol per class, so the
 * result type follows the class).
 *
 * @example
 * const books = scope.get(repositoryToken(Book)); // EntityRepository<Book>
 */
export function repositoryToken<T extends object>(cls: EntityClass<T>): ServiceIdentifier<EntityRepository<T>> {
  let token = repositoryTokens.get(cls);
  if (!token) {
    token = Symbol(`EntityRepository<${cls.name}>`);
    repositoryTokens.set(cls, token);
  }
  return token;
}

/** @internal the module's scope configuration, bound in the root container. */
export const SCOPE_CONFIG: unique symbol = Symbol('tabula.ScopeConfig');

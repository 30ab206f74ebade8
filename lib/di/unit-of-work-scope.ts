/**
 * A unit-of-work scope: a child container of the application's container in which the
 * EntityManager is one fork, and every scoped service and repository is built once. Everything
 * resolved through the scope shares that EntityManager; nothing outside it can reach it.
 *
 * Child containers (rather than inversify's request scope, which lasts one `get` call) let a
 * scope span a whole request or job: any number of `scope.get(…)` calls, one EntityManager.
 */
import { Container, type ServiceIdentifier } from 'inversify';
import { EntityManager, entityManagerInternals } from '../entity-manager/index.js';
import { ConfigError, TransactionError } from '../errors/index.js';
import { EntityRepository } from './entity-repository.js';
import type { ScopeConfig } from './tabula-module.js';
import { repositoryToken, SCOPE_CONFIG } from './tokens.js';

const scopes = new WeakMap<Container, UnitOfWorkScope>();

export class UnitOfWorkScope {
  /** @internal use `runInUnitOfWork` or `httpUnitOfWork` */
  constructor(
    /** The application's container (the one `tabulaModule` was loaded into). */
    readonly root: Container,
    /** This scope's child container: resolve scoped services from it. */
    readonly container: Container,
    /** This scope's EntityManager, the one every service of the scope receives. */
    readonly em: EntityManager,
    /** Aborted when the request this scope serves goes away (client disconnect). */
    readonly signal: AbortSignal | undefined,
  ) {}

  /** Resolves a service in this scope. */
  get<T>(id: ServiceIdentifier<T>): T {
    return this.container.get(id);
  }
}

/** The scope a container belongs to, when it is a scope's child container. */
export function scopeOf(container: Container): UnitOfWorkScope | undefined {
  return scopes.get(container);
}

/** @internal opens a scope under the application's container, with a new fork unless `em` is given. */
export function openScope(
  container: Container,
  options: { readonly em?: EntityManager; readonly signal?: AbortSignal | undefined } = {},
): UnitOfWorkScope {
  const caller = scopeOf(container);
  const root = caller?.root ?? container;
  if (!root.isBound(SCOPE_CONFIG)) {
    throw new ConfigError(
      'This container has no Tabula bindings.\n  Load tabulaModule(orm) into it: await container.load(tabulaModule(orm, {…})).',
    );
  }
  const config = root.get<ScopeConfig>(SCOPE_CONFIG);
  const em = options.em ?? joinedFork(config, caller, options.signal);
  const child = new Container({ parent: root });
  child.bind(EntityManager).toConstantValue(em);
  for (const cls of config.repositories) {
    child
      .bind(repositoryToken(cls))
      .toDynamicValue(() => new EntityRepository(em, cls))
      .inSingletonScope();
  }
  for (const service of config.scoped) {
    child
      .bind(service.id)
      .toResolvedValue(service.create, [...service.inject])
      .inSingletonScope();
  }
  const scope = new UnitOfWorkScope(root, child, em, options.signal);
  scopes.set(child, scope);
  return scope;
}

/**
 * A new EntityManager for a scope, bound to the scope's signal. Under a container made by `containerJoining`, it works inside
 * the caller's transaction when started from a unit that has one (a 'requires-new' unit cannot
 * commit on its own there, and a savepoint of the outer transaction would wait for the caller's
 * savepoint to end: for ever), else inside the transaction of `config.joins`.
 */
function joinedFork(
  config: ScopeConfig,
  caller: UnitOfWorkScope | undefined,
  signal: AbortSignal | undefined,
): EntityManager {
  // The scope's signal (a request that went away) cancels the statement running, not only the next one.
  const em = config.orm.em.fork(signal || config.reads ? { ...config.reads, signal } : {});
  if (config.joins === undefined) return em;
  const tx =
    (caller && entityManagerInternals.transaction(caller.em)) ?? entityManagerInternals.transaction(config.joins);
  if (!tx) {
    throw new TransactionError(
      'This container runs its units of work inside a transaction that is not open.\n' +
        '  Start units only between begin() and rollback() of the test database that made the container.',
    );
  }
  entityManagerInternals.joinTransaction(em, tx);
  return em;
}

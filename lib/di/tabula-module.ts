/**
 * The inversify module: binds the Tabula instance as a singleton, and makes the EntityManager,
 * the entity repositories and the scoped services resolvable only inside a unit-of-work scope.
 * In the root container they are bound to a factory that throws {@link OutsideScopeError}, so a
 * forgotten scope is a clear error, never a silently shared EntityManager.
 */
import { ContainerModule, type ServiceIdentifier } from 'inversify';
import { EntityManager, type ForkOptions } from '../entity-manager/index.js';
import { Tabula } from '../tabula.js';
import { OutsideScopeError } from '../errors/index.js';
import type { EntityClass } from '../mapping/index.js';
import type { ScopedService } from './scoped-service.js';
import { repositoryToken, SCOPE_CONFIG } from './tokens.js';

export interface TabulaModuleOptions {
  /** Entity classes whose `EntityRepository<T>` resolves per scope under `repositoryToken(cls)`. */
  readonly repositories?: readonly EntityClass[] | undefined;
  /** Services (and custom repositories) built once per scope; see `scopedService`. */
  readonly scoped?: readonly ScopedService[] | undefined;
  /**
   * How each scope's EntityManager reads when there are replicas (docs/scaling.md): `replicas:
   * false` keeps every read on the primary; `readYourWrites` overrides the `connect` option.
   */
  readonly reads?: Pick<ForkOptions, 'replicas' | 'readYourWrites'> | undefined;
}

/** @internal what `openScope` binds in each scope's child container. */
export interface ScopeConfig {
  readonly orm: Tabula;
  readonly repositories: readonly EntityClass[];
  readonly scoped: readonly ScopedService[];
  /** The replica choices of each scope's EntityManager. */
  readonly reads?: Pick<ForkOptions, 'replicas' | 'readYourWrites'> | undefined;
  /**
   * Set in a container made by `containerJoining`: every unit of work opened under it works
   * inside this EntityManager's transaction, so its own transaction is a savepoint of that one.
   */
  readonly joins?: EntityManager;
}

/**
 * @example
 * const container = new Container();
 * await container.load(tabulaModule(orm, { repositories: [Book], scoped: [bookServiceBinding] }));
 * await runInUnitOfWork(container, (scope) => scope.get(BookService).restock(1, 5));
 */
export function tabulaModule(orm: Tabula, options: TabulaModuleOptions = {}): ContainerModule {
  const config: ScopeConfig = {
    orm,
    repositories: options.repositories ?? [],
    scoped: options.scoped ?? [],
    ...(options.reads ? { reads: options.reads } : {}),
  };
  return new ContainerModule(({ bind }) => {
    bind(Tabula).toConstantValue(orm);
    bind<ScopeConfig>(SCOPE_CONFIG).toConstantValue(config);
    const outside = <T>(id: ServiceIdentifier<T>, name: string) =>
      bind(id).toDynamicValue(() => {
        throw new OutsideScopeError(name);
      });
    outside(EntityManager, 'EntityManager');
    for (const cls of config.repositories) outside(repositoryToken(cls), `EntityRepository<${cls.name}>`);
    for (const service of config.scoped) outside(service.id, describeId(service.id));
  });
}

function describeId(id: ServiceIdentifier): string {
  return typeof id === 'function' ? id.name : String(id);
}

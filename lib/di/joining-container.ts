/**
 * A container whose units of work nest inside a transaction that is already open: the test kit
 * (`tabula-orm/testing`) hands one to each test, so that everything the units a test starts write
 * is rolled back with the test's transaction.
 */
import { Container } from 'inversify';
import type { EntityManager } from '../entity-manager/index.js';
import { ConfigError } from '../errors/index.js';
import type { ScopeConfig } from './tabula-module.js';
import { SCOPE_CONFIG } from './tokens.js';
import { scopeOf } from './unit-of-work-scope.js';

/**
 * A child container of the application's container in which every unit of work
 * (`runInUnitOfWork`, `httpUnitOfWork`, any propagation) gets an EntityManager inside `em`'s
 * transaction: its own transaction becomes a savepoint of that one (and a span 'flush' unit reads
 * in it and flushes in a savepoint). Everything else resolves as in the application's container.
 * @internal
 */
export function containerJoining(container: Container, em: EntityManager): Container {
  const root = scopeOf(container)?.root ?? container;
  if (!root.isBound(SCOPE_CONFIG)) {
    throw new ConfigError(
      'This container has no Tabula bindings.\n  Load tabulaModule(orm) into it: await container.load(tabulaModule(orm, {…})).',
    );
  }
  const config = root.get<ScopeConfig>(SCOPE_CONFIG);
  const child = new Container({ parent: root });
  child.bind<ScopeConfig>(SCOPE_CONFIG).toConstantValue({ ...config, joins: em });
  return child;
}

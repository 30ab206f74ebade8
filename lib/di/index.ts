export { EntityRepository } from './entity-repository.js';
export { BadRequestError, defaultErrorResult, type HttpResult } from './http-result.js';
export { containerJoining } from './joining-container.js';
export {
  expressUnitOfWork,
  type HttpUnitContext,
  type HttpUnitHandler,
  type HttpUnitOfWorkOptions,
  httpUnitOfWork,
} from './http-unit-of-work.js';
export {
  type Propagation,
  runInUnitOfWork,
  type TransactionSpan,
  type UnitOfWorkOptions,
} from './run-in-unit-of-work.js';
export { type Dependencies, type ScopedService, scopedService } from './scoped-service.js';
export { type TabulaModuleOptions, tabulaModule } from './tabula-module.js';
export { repositoryToken } from './tokens.js';
export { scopeOf, UnitOfWorkScope } from './unit-of-work-scope.js';

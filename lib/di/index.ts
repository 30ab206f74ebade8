export { EntityRepository } from './entity-repository';
export { BadRequestError, defaultErrorResult, type HttpResult } from './http-result';
export {
  expressUnitOfWork,
  type HttpUnitContext,
  type HttpUnitHandler,
  type HttpUnitOfWorkOptions,
  httpUnitOfWork,
} from './http-unit-of-work';
export { type Propagation, runInUnitOfWork, type TransactionSpan, type UnitOfWorkOptions } from './run-in-unit-of-work';
export { type Dependencies, type ScopedService, scopedService } from './scoped-service';
export { type TabulaModuleOptions, tabulaModule } from './tabula-module';
export { repositoryToken } from './tokens';
export { scopeOf, UnitOfWorkScope } from './unit-of-work-scope';

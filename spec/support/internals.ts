/** What specs may read inside an EntityManager that applications cannot: its unit of work. */
import { type EntityManager, entityManagerInternals } from '../../lib/entity-manager';
import type { UnitOfWork } from '../../lib/unit-of-work';

export function unitOfWorkOf(em: EntityManager): UnitOfWork {
  return entityManagerInternals.unitOfWork(em);
}

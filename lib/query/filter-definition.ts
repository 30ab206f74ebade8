/**
 * Gives the mapping layer's `FilterCondition<T>` its type: the `Filter<T>` of `em.find`, so a
 * global filter's condition is checked by `tsc` like any filter.
 */
import type { Filter } from './filter.js';

declare module '../mapping/index.js' {
  interface FilterConditionTypes<T> {
    readonly condition: Filter<T>;
  }
}

/**
 * The mappers as the database will report them: the registry's tables through the same
 * description the DDL writes (toTableDescription), with each type and default normalised by the
 * dialect's own reader, so a schema created from the mappers compares equal to its introspection.
 */
import type { Dialect } from '../dialects/index.js';
import type { MetadataRegistry } from '../mapping/index.js';
import type { SchemaModel } from './model.js';

/** The schema the mappers describe, as `dialect` would report it once created. */
export function desiredSchema(registry: MetadataRegistry, dialect: Dialect): SchemaModel {
  void registry;
  void dialect;
  throw new Error('not yet');
}

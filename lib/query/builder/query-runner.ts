/**
 * What a query builder needs from its EntityManager, and nothing more: the dialect's types and
 * compiler, a place to run statements, and the materializer that turns rows into managed entities.
 * query/ may not import entity-manager/ (DESIGN.md), so the EntityManager hands this in.
 */
import type { EntityMetadata } from '../../mapping/index.js';
import type { SqlNode } from '../../sql/index.js';
import type { CompiledQuery } from '../../sql/index.js';
import type { DialectTypes } from '../../types/index.js';

export type QueryRow = Readonly<Record<string, unknown>>;

export interface QueryRunner {
  readonly types: DialectTypes;
  compile(node: SqlNode): CompiledQuery;
  query(node: SqlNode): Promise<QueryRow[]>;
  /** A row holding `meta`'s columns → the entity (managed: through the identity map). */
  entity(meta: EntityMetadata, row: QueryRow): object;
  /**
   * The global-filter conditions on a joined class's rows (the EntityManager's active filters),
   * added to its join's ON; undefined: none apply.
   */
  readonly restrictions?: ((meta: EntityMetadata) => readonly object[] | undefined) | undefined;
}

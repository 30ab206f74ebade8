/**
 * The tables one query level (the main query, or an EXISTS subquery) reads: its root, aliased,
 * and the to-one relations its filter and order reach, each joined once per path. Aliases come
 * from one counter per statement, so a subquery never shadows a table of the query around it.
 */
import type { ColumnMetadata, EntityMetadata, RelationMetadata } from '../mapping/index.js';
import { InternalError } from '../errors/index.js';
import { and, type ColumnNode, column, eq, type JoinClause, type JoinType, table } from '../sql/index.js';

/** An entity's table as one query level reads it. */
export interface TableRef {
  readonly meta: EntityMetadata;
  readonly alias: string;
  /** The property path from the query's root (`''` for the root). */
  readonly path: string;
}

/** Hands out `t0`, `t1`, … for one statement. */
export class AliasCounter {
  private next = 0;

  constructor(private readonly prefix = 't') {}

  take(): string {
    return `${this.prefix}${this.next++}`;
  }
}

/** A typed reference to a column of `ref`'s table. */
export function columnOf(ref: { readonly alias: string }, c: ColumnMetadata): ColumnNode {
  return column(c.name, { table: ref.alias, type: c.type });
}

/** The owning relation on `relation.target` that an inverse side is mapped by. */
export function owningSideOf(relation: RelationMetadata): RelationMetadata | undefined {
  return relation.target.relations.find((r) => r.name === relation.mappedBy);
}

export class JoinScope {
  readonly root: TableRef;
  private readonly joinList: JoinClause[] = [];
  private readonly byPath = new Map<string, TableRef>();

  constructor(
    meta: EntityMetadata,
    readonly aliases: AliasCounter,
    /** The root's alias when the caller chose it (a subquery's pivot join needs it first). */
    alias: string = aliases.take(),
    /** Joins that come before any the filter adds (a many-to-many subquery's target). */
    initialJoins: readonly JoinClause[] = [],
  ) {
    this.root = { meta, alias, path: '' };
    this.joinList.push(...initialJoins);
  }

  get joins(): readonly JoinClause[] {
    return this.joinList;
  }

  /**
   * The target of a to-one relation of `from`, LEFT JOINed once per path. LEFT, so a row without
   * the related entity is still there for `$or`, `$null` and ordering.
   */
  joinToOne(from: TableRef, relation: RelationMetadata, path: string): TableRef {
    const known = this.byPath.get(path);
    if (known) return known;
    const target: TableRef = { meta: relation.target, alias: this.aliases.take(), path };
    this.byPath.set(path, target);
    this.addJoin('left', target, relationJoinCondition(from, relation, target));
    return target;
  }

  private addJoin(type: JoinType, target: TableRef, on: ReturnType<typeof and>): void {
    this.joinList.push(Object.freeze({ type, table: table(target.meta.table, target.alias), on }));
  }
}

/** `target.pk = from.fk` for an owning to-one; `target.fk = from.pk` for an inverse side (one-to-one, one-to-many). */
export function relationJoinCondition(from: TableRef, relation: RelationMetadata, target: TableRef) {
  if (relation.joinColumns.length > 0) {
    return and(
      ...relation.joinColumns.map((fk, i) =>
        eq(columnOf(target, relation.referencedColumns[i] as ColumnMetadata), columnOf(from, fk)),
      ),
    );
  }
  const owning = owningSideOf(relation);
  if (!owning) throw new InternalError(`${relation.name}: an inverse relation without its owning side.`);
  return and(
    ...owning.joinColumns.map((fk, i) =>
      eq(columnOf(target, fk), columnOf(from, owning.referencedColumns[i] as ColumnMetadata)),
    ),
  );
}

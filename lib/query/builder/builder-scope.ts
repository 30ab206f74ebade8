/**
 * The tables one builder query reads: its root and the relations reached from it, joined once per
 * property path. `join`/`leftJoin` join explicitly (to-one or to-many); a to-one relation that a
 * callback reaches without a join is LEFT JOINed implicitly, as filters do. A to-many relation is
 * never joined implicitly: it multiplies the rows, which must be asked for.
 */
import { InternalError } from '../../errors/index.js';
import type { ColumnMetadata, EntityMetadata, RelationMetadata } from '../../mapping/index.js';
import { and, column, eq, type Expression, type JoinClause, type JoinType, table } from '../../sql/index.js';
import { propertyOf } from '../filter-compiler.js';
import { type AliasCounter, columnOf, relationJoinCondition, type TableRef } from '../join-scope.js';
import { QueryError } from '../query-error.js';
import type { ValueCheck } from '../value-conditions.js';

/** A table of the query: the root (`path` empty) or a joined relation's target. */
export interface ScopeTable extends TableRef {
  /** True when reached through a to-many join (its rows repeat the parent's). */
  readonly isToMany: boolean;
}

export class BuilderScope {
  readonly root: ScopeTable;
  private readonly joinList: JoinClause[] = [];
  private readonly byPath = new Map<string, ScopeTable>();

  constructor(
    meta: EntityMetadata,
    readonly aliases: AliasCounter,
    /** Checks values compared with a column, with this dialect's rules. */
    readonly check: ValueCheck,
    /** A joined table's global-filter condition, ANDed to its ON (a hidden row joins as no row). */
    private readonly restrict?: ((target: ScopeTable) => Expression | undefined) | undefined,
  ) {
    this.root = { meta, alias: aliases.take(), path: '', isToMany: false };
  }

  get joins(): readonly JoinClause[] {
    return this.joinList;
  }

  /** True when a to-many relation was joined (the root's rows may repeat). */
  get hasToManyJoin(): boolean {
    return [...this.byPath.values()].some((t) => t.isToMany);
  }

  /** True when `path` was joined (explicitly, or by an earlier reference). */
  isJoined(path: string): boolean {
    return this.byPath.has(path);
  }

  /** Joins every relation along a dotted path; prefixes already joined are reused. */
  join(path: string, type: JoinType): ScopeTable {
    let current = this.root;
    let at = '';
    for (const segment of path.split('.')) {
      at = at ? `${at}.${segment}` : segment;
      current = this.byPath.get(at) ?? this.add(current, this.relationOf(current, segment, at), at, type);
    }
    return current;
  }

  /** The table of `relation` reached from `from` by a callback: joined before, or a to-one joined now. */
  reach(from: ScopeTable, relation: RelationMetadata, path: string): ScopeTable {
    const known = this.byPath.get(path);
    if (known) return known;
    if (isToMany(relation)) {
      throw QueryError.invalid(
        this.root.meta.name,
        path,
        `is a to-many relation that was not joined; call .join('${path}') or .leftJoin('${path}') first.`,
      );
    }
    return this.add(from, relation, path, 'left');
  }

  private relationOf(from: ScopeTable, name: string, path: string): RelationMetadata {
    const property = propertyOf(from.meta, name, path);
    if (property.kind !== 'relation') {
      throw QueryError.invalid(
        this.root.meta.name,
        path,
        `is ${property.kind === 'column' ? 'a column' : 'an embeddable'}, not a relation; only relations are joined.`,
      );
    }
    return property.relation;
  }

  private add(from: ScopeTable, relation: RelationMetadata, path: string, type: JoinType): ScopeTable {
    const target: ScopeTable = {
      meta: relation.target,
      alias: '',
      path,
      isToMany: from.isToMany || isToMany(relation),
    };
    if (relation.kind === 'many-to-many') return this.addManyToMany(from, relation, target, type);
    const joined = { ...target, alias: this.aliases.take() };
    this.push(type, joined, relationJoinCondition(from, relation, joined));
    this.byPath.set(path, joined);
    return joined;
  }

  /** The pivot, then the target: two joins of the same type. */
  private addManyToMany(from: ScopeTable, relation: RelationMetadata, target: ScopeTable, type: JoinType): ScopeTable {
    const pivot = relation.pivot;
    if (!pivot) throw new InternalError(`${relation.name}: a many-to-many without a pivot table.`);
    // The pivot is declared by the owning side; from the inverse side its two column lists swap roles.
    const [mine, theirs] = relation.isOwner
      ? [pivot.joinColumns, pivot.inverseJoinColumns]
      : [pivot.inverseJoinColumns, pivot.joinColumns];
    const pivotAlias = this.aliases.take();
    const joined = { ...target, alias: this.aliases.take() };
    const pivotColumn = (name: string, like: ColumnMetadata) => column(name, { table: pivotAlias, type: like.type });
    const ownKey = (i: number) => from.meta.primaryKey[i] as ColumnMetadata;
    const targetKey = (i: number) => joined.meta.primaryKey[i] as ColumnMetadata;
    this.joinList.push(
      Object.freeze({
        type,
        table: table(pivot.table, pivotAlias),
        on: and(...mine.map((name, i) => eq(pivotColumn(name, ownKey(i)), columnOf(from, ownKey(i))))),
      }),
    );
    this.push(
      type,
      joined,
      and(...theirs.map((name, i) => eq(columnOf(joined, targetKey(i)), pivotColumn(name, targetKey(i))))),
    );
    this.byPath.set(target.path, joined);
    return joined;
  }

  private push(type: JoinType, target: ScopeTable, on: Expression): void {
    const restricted = this.restrict?.(target);
    this.joinList.push(
      Object.freeze({ type, table: table(target.meta.table, target.alias), on: restricted ? and(on, restricted) : on }),
    );
  }
}

function isToMany(relation: RelationMetadata): boolean {
  return relation.kind === 'one-to-many' || relation.kind === 'many-to-many';
}

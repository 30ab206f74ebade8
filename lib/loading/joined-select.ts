/**
 * The SQL of `populate` with strategy `joined`: every requested relation level LEFT JOINed to the
 * roots' SELECT, each level's columns under labels of their own, and — when a to-many join would
 * multiply the roots under a `limit`/`offset` — the page of roots chosen in a subquery first.
 */
import type { ColumnMetadata, EntityMetadata, RelationMetadata } from '../mapping/index.js';
import { columnOf } from '../query/index.js';
import { discriminatorCondition } from '../query/index.js';
import {
  and,
  column,
  type Expression,
  eq,
  type JoinInput,
  type OrderInput,
  row,
  type SelectItem,
  type SelectNode,
  select,
  sql,
  table,
} from '../sql/index.js';
import type { PathTree } from './populate.js';

/** One entity level of the joined SELECT: the roots, or the targets of one relation path. */
export interface JoinedLevel {
  /** Position in depth-first order; the root is 0. Labels its columns. */
  readonly index: number;
  readonly meta: EntityMetadata;
  readonly alias: string;
  /** The relation from the parent level; none for the root. */
  readonly relation?: RelationMetadata;
  /** The columns this level selects (the root's may be partial; its key always is there). */
  readonly columns: readonly ColumnMetadata[];
  /** The labels of the key columns, in primary key order. */
  readonly keyLabels: readonly string[];
  readonly children: readonly JoinedLevel[];
  /** True when one parent row may join several rows of this level (to-many, inverse one-to-one). */
  readonly multiplies: boolean;
}

/** The label of a level's `i`-th column: reserved prefix, so no mapped column is named so. */
export function columnLabel(level: Pick<JoinedLevel, 'index'>, i: number): string {
  return `tabula_${level.index}_${i}`;
}

/** The levels of `tree` below a root read through `alias`, numbered depth-first. */
export function planLevels(
  meta: EntityMetadata,
  alias: string,
  rootColumns: readonly ColumnMetadata[],
  tree: PathTree,
): JoinedLevel[] {
  const levels: JoinedLevel[] = [];
  const build = (
    at: EntityMetadata,
    levelAlias: string,
    columns: readonly ColumnMetadata[],
    sub: PathTree,
    relation?: RelationMetadata,
  ) => {
    const index = levels.length;
    const children: JoinedLevel[] = [];
    const level: JoinedLevel = {
      index,
      meta: at,
      alias: levelAlias,
      columns,
      keyLabels: at.primaryKey.map((k) =>
        columnLabel(
          { index },
          columns.findIndex((c) => c.name === k.name),
        ),
      ),
      children,
      multiplies: relation !== undefined && (relation.kind === 'many-to-many' || relation.joinColumns.length === 0),
      ...(relation ? { relation } : {}),
    };
    levels.push(level);
    for (const [name, next] of sub) {
      const child = at.relations.find((r) => r.name === name) as RelationMetadata;
      children.push(build(child.target, `j${levels.length}`, child.target.columns, next, child));
    }
    return level;
  };
  build(meta, alias, rootColumns, tree);
  return levels;
}

/** The condition of a joined level's global filters on its alias (undefined: none). */
export type LevelRestriction = (meta: EntityMetadata, alias: string) => Expression | undefined;

/** The LEFT JOINs that reach every level below the root (a many-to-many goes through its pivot). */
export function levelJoins(levels: readonly JoinedLevel[], restrict?: LevelRestriction): JoinInput[] {
  const joins: JoinInput[] = [];
  for (const parent of levels) {
    for (const level of parent.children) {
      const relation = level.relation as RelationMetadata;
      const discriminator = discriminatorCondition(level.meta, (c) => columnOf(level, c));
      // The related class's global filters go into the ON: a hidden row joins as no row.
      const filtered = restrict?.(level.meta, level.alias);
      const join = (on: Expression[]) =>
        joins.push({
          type: 'left',
          table: table(level.meta.table, level.alias),
          on: and(...on, ...(discriminator ? [discriminator] : []), ...(filtered ? [filtered] : [])),
        });
      if (relation.kind === 'many-to-many') {
        const pivot = relation.pivot as NonNullable<RelationMetadata['pivot']>;
        const pivotAlias = `${level.alias}p`;
        const [ownerColumns, targetColumns] = relation.isOwner
          ? [pivot.joinColumns, pivot.inverseJoinColumns]
          : [pivot.inverseJoinColumns, pivot.joinColumns];
        const pivotColumn = (name: string) => column(name, { table: pivotAlias });
        joins.push({
          type: 'left',
          table: table(pivot.table, pivotAlias),
          on: and(...ownerColumns.map((name, i) => eq(pivotColumn(name), keyColumn(parent, i)))),
        });
        join(targetColumns.map((name, i) => eq(keyColumn(level, i), pivotColumn(name))));
      } else if (relation.joinColumns.length > 0) {
        join(
          relation.joinColumns.map((fk, i) =>
            eq(columnOf(level, relation.referencedColumns[i] as ColumnMetadata), columnOf(parent, fk)),
          ),
        );
      } else {
        const owning = level.meta.relations.find((r) => r.name === relation.mappedBy) as RelationMetadata;
        join(
          owning.joinColumns.map((fk, i) =>
            eq(columnOf(level, fk), columnOf(parent, owning.referencedColumns[i] as ColumnMetadata)),
          ),
        );
      }
    }
  }
  return joins;
}

function keyColumn(level: JoinedLevel, i: number) {
  return columnOf(level, level.meta.primaryKey[i] as ColumnMetadata);
}

/** Every level's columns, each under its label. */
export function levelColumns(levels: readonly JoinedLevel[]): SelectItem[] {
  return levels.flatMap((level) =>
    level.columns.map((c, i) => ({ expression: columnOf(level, c), alias: columnLabel(level, i) })),
  );
}

/**
 * After the roots' own order: the root key (roots whose order values tie stay together), then the
 * key of each multiplying level, so to-many members come in key order as select-in loads them.
 */
export function levelOrder(levels: readonly JoinedLevel[], rootKeyToo: boolean): OrderInput[] {
  return levels
    .filter((level) => (level.index === 0 ? rootKeyToo : level.multiplies))
    .flatMap((level) => level.meta.primaryKey.map((c) => ({ expression: columnOf(level, c) })));
}

/** The alias of the derived table that holds a page of root keys. */
const PAGE = 'tabula_page';

/**
 * `root.key IN (SELECT page.key FROM (<page>) AS page)`: the roots of one page, chosen before the
 * joins multiply them. MySQL and MariaDB refuse LIMIT directly inside an IN subquery but accept it
 * in a derived table there, which the others take as well.
 */
export function pageCondition(meta: EntityMetadata, rootAlias: string, paged: SelectNode): Expression {
  // Untyped key columns: a dialect's read-back cast (SQLite's bigint as text) must not change the comparison.
  const page = select({ ...paged, columns: meta.primaryKey.map((c) => column(c.name, { table: rootAlias })) });
  const keys = meta.primaryKey.map((c) => columnOf({ alias: rootAlias }, c));
  const left = keys.length === 1 ? (keys[0] as Expression) : row(...keys);
  const picked = sql.join(meta.primaryKey.map((c) => sql.id(PAGE, c.name)));
  return sql`${left} IN (SELECT ${picked} FROM (${page}) AS ${sql.id(PAGE)})`;
}

/**
 * Desired vs actual schema → the fewest changes, each said in words, with the statements that make
 * them (`up`) and undo them (`down`), through the dialect's DDL compiler. Safe by default:
 * destructive changes are held back unless allowed; renames happen only where a mapper says
 * `renamedFrom`, and a drop + add that looks like a rename is a suggestion, never a guess.
 */
import type { Dialect } from '../dialects/index.js';
import { type MutableTable, mutable, type TableItem, tableItems, typeText } from './diff-table.js';
import type { ColumnModel, SchemaModel, TableModel } from './model.js';

export interface SchemaDiffOptions {
  /** Also drop tables, columns, indexes and constraints, and narrow types (held back otherwise). */
  readonly allowDestructive?: boolean | undefined;
}

export type SchemaChangeKind =
  | 'create-table'
  | 'drop-table'
  | 'rename-table'
  | 'add-column'
  | 'drop-column'
  | 'alter-column'
  | 'rename-column'
  | 'add-index'
  | 'drop-index'
  | 'add-unique'
  | 'drop-unique'
  | 'add-foreign-key'
  | 'drop-foreign-key'
  | 'alter-primary-key'
  | 'rebuild-table';

/** One difference between the mappers and the database, and what resolving it does. */
export interface SchemaChange {
  readonly kind: SchemaChangeKind;
  readonly table: string;
  /** The column, index or constraint concerned, where there is one. */
  readonly name?: string | undefined;
  /** In words: `authors.bio: in the mappers, not in the database`. */
  readonly description: string;
  /** Loses data or narrows a type: applied only with `allowDestructive`. */
  readonly destructive: boolean;
  /** Why this change rewrites or locks the table (a type change on PostgreSQL, a MODIFY on MySQL, a SQLite rebuild). */
  readonly rewritesTable?: string | undefined;
  /**
   * The statements that make this change ([] for a change made by its table's `rebuild-table`,
   * which carries the statements of all of them).
   */
  readonly up: readonly string[];
  /** The statements that undo it. */
  readonly down: readonly string[];
}

export interface SchemaDiff {
  /** What will be applied, in order. */
  readonly changes: readonly SchemaChange[];
  /** Destructive changes not allowed (without `allowDestructive`), and those only a person can make. */
  readonly heldBack: readonly SchemaChange[];
  /** Probable renames and the like, never applied by themselves. */
  readonly suggestions: readonly string[];
  /** Table rewrites and locks. */
  readonly warnings: readonly string[];
  /** The statements of `changes`, in order. */
  readonly up: readonly string[];
  /** Statements that restore `actual` exactly, in order. */
  readonly down: readonly string[];
  /**
   * Statements to run on the same connection outside the transaction of `up` / `down`, before it
   * and after it (SQLite's PRAGMA foreign_keys around a table rebuild); empty lists otherwise.
   */
  readonly session: { readonly before: readonly string[]; readonly after: readonly string[] };
}

interface Planned {
  readonly changes: SchemaChange[];
  readonly up: string[];
  readonly down: string[];
}

/** The changes that turn `actual` into `desired` on `dialect`. */
export function diffSchemas(
  desired: SchemaModel,
  actual: SchemaModel,
  dialect: Dialect,
  options: SchemaDiffOptions = {},
): SchemaDiff {
  const ddl = dialect.ddl;
  const allow = options.allowDestructive ?? false;
  const suggestions: string[] = [];
  const heldBack: SchemaChange[] = [];
  const actualByName = new Map(actual.tables.map((t) => [t.name, t]));
  const desiredNames = new Set(desired.tables.map((t) => t.name));

  // Renamed tables: the mappers say so, the old one exists and the new one does not.
  const tableRenames = new Map<string, string>();
  for (const d of desired.tables) {
    const old = d.renamedFrom;
    if (old !== undefined && !actualByName.has(d.name) && actualByName.has(old) && !desiredNames.has(old))
      tableRenames.set(old, d.name);
  }
  const renamedActual = (name: string) => tableRenames.get(name) ?? name;
  const current = new Map<string, TableModel>();
  for (const a of actual.tables) {
    current.set(renamedActual(a.name), {
      ...a,
      name: renamedActual(a.name),
      foreignKeys: a.foreignKeys.map((f) => ({ ...f, referencedTable: renamedActual(f.referencedTable) })),
    });
  }
  const renameTables: Planned = { changes: [], up: [], down: [] };
  for (const [from, to] of tableRenames) {
    const up = ddl.renameTable(from, to);
    const down = ddl.renameTable(to, from);
    renameTables.changes.push({
      kind: 'rename-table',
      table: to,
      name: from,
      description: `${to}: renamed from ${from}`,
      destructive: false,
      up,
      down,
    });
    renameTables.up.push(...up);
    renameTables.down.unshift(...down);
  }

  // Renamed columns, applied to the current model before comparing (the database renames them in indexes and keys too).
  const columnRenames: { table: string; from: string; to: string }[] = [];
  for (const d of desired.tables) {
    const a = current.get(d.name);
    if (!a) continue;
    for (const c of d.columns) {
      const old = c.renamedFrom;
      if (old === undefined || a.columns.some((x) => x.name === c.name) || !a.columns.some((x) => x.name === old))
        continue;
      if (d.columns.some((x) => x.name === old)) continue;
      columnRenames.push({ table: d.name, from: old, to: c.name });
    }
  }
  for (const r of columnRenames) {
    const rename = (name: string) => (name === r.from ? r.to : name);
    for (const [name, t] of current) {
      current.set(name, {
        ...t,
        ...(name === r.table
          ? {
              columns: t.columns.map((c) => (c.name === r.from ? { ...c, name: r.to } : c)),
              primaryKey: t.primaryKey.map(rename),
              uniques: t.uniques.map((u) => ({ ...u, columns: u.columns.map(rename) })),
              indexes: t.indexes.map((i) => ({
                ...i,
                columns: i.columns.map(rename),
                ...(i.whereNull ? { whereNull: rename(i.whereNull) } : {}),
              })),
            }
          : {}),
        foreignKeys: t.foreignKeys.map((f) => ({
          ...f,
          ...(name === r.table ? { columns: f.columns.map(rename) } : {}),
          ...(f.referencedTable === r.table ? { referencedColumns: f.referencedColumns.map(rename) } : {}),
        })),
      });
    }
  }

  // New tables, parents first.
  const created = parentsFirst(desired.tables.filter((d) => !current.has(d.name)));
  const creates: Planned = { changes: [], up: [], down: [] };
  if (created.length > 0) {
    creates.up.push(...ddl.createTablesModel(created));
    creates.down.push(...ddl.dropTables(created.map((t) => t.name).reverse()));
    for (const t of created)
      creates.changes.push({
        kind: 'create-table',
        table: t.name,
        description: `${t.name}: a table in the mappers, not in the database`,
        destructive: false,
        up: [],
        down: [],
      });
  }

  // Tables in both.
  const alters: Planned = { changes: [], up: [], down: [] };
  const warnings: string[] = [];
  for (const d of desired.tables) {
    const a = current.get(d.name);
    if (!a) continue;
    const renames = columnRenames.filter((r) => r.table === d.name);
    const items = tableItems(d, a, ddl);
    suggestRenames(d.name, items, a, d, suggestions);
    const allowed = items.filter((i) => !i.manual && (allow || !i.destructive));
    for (const i of items.filter((x) => !allowed.includes(x))) heldBack.push(toChange(i, true));
    const renameUp = renames.flatMap((r) => ddl.renameColumn(d.name, r.from, r.to));
    const renameDown = renames.flatMap((r) => ddl.renameColumn(d.name, r.to, r.from)).reverse();
    const renameChanges = renames.map(
      (r): SchemaChange => ({
        kind: 'rename-column',
        table: d.name,
        name: r.to,
        description: `${d.name}.${r.to}: renamed from ${r.from}`,
        destructive: false,
        up: ddl.renameColumn(d.name, r.from, r.to),
        down: ddl.renameColumn(d.name, r.to, r.from),
      }),
    );
    if (allowed.length === 0) {
      alters.changes.push(...renameChanges);
      alters.up.push(...renameUp);
      alters.down.unshift(...renameDown);
      continue;
    }
    const rebuild = allowed.some((i) => i.needs !== undefined && !ddl.altersInPlace(i.needs, i.column));
    if (!rebuild) {
      const changes = allowed.map((i) => toChange(i, false));
      alters.changes.push(...renameChanges, ...changes);
      alters.up.push(...renameUp, ...changes.flatMap((c) => c.up));
      alters.down.unshift(...[...changes].reverse().flatMap((c) => c.down), ...renameDown);
      for (const c of changes) if (c.rewritesTable) warnings.push(`${c.table}: ${c.rewritesTable} (${c.description})`);
      continue;
    }
    const target: MutableTable = mutable(a);
    for (const i of allowed) i.apply(target);
    const copy = new Map(
      target.columns.filter((c) => a.columns.some((x) => x.name === c.name)).map((c) => [c.name, c.name]),
    );
    const up = ddl.rebuildTable(a, target, copy);
    const down = ddl.rebuildTable(target, a, copy);
    const why = ddl.alterRewrites(a.columns[0] as ColumnModel, a.columns[0] as ColumnModel) ?? 'the table is rebuilt';
    const parts = allowed.map((i) => ({ ...toChange(i, false), up: [], down: [], rewritesTable: why }));
    alters.changes.push(...renameChanges, ...parts, {
      kind: 'rebuild-table',
      table: d.name,
      description: `${d.name}: rebuilt for ${allowed.map((i) => i.kind).join(', ')}`,
      destructive: allowed.some((i) => i.destructive),
      rewritesTable: why,
      up,
      down,
    });
    alters.up.push(...renameUp, ...up);
    alters.down.unshift(...down, ...renameDown);
    warnings.push(`${d.name}: ${why}`);
  }

  // Tables the mappers no longer have: dropped only when allowed, children first.
  const dropped = parentsFirst(
    actual.tables.filter((a) => !current.has(renamedActual(a.name)) || !desiredNames.has(renamedActual(a.name))),
  ).reverse();
  const drops: Planned = { changes: [], up: [], down: [] };
  const dropChanges = dropped.map(
    (t): SchemaChange => ({
      kind: 'drop-table',
      table: t.name,
      description: `${t.name}: a table in the database, not in the mappers (dropping it loses its rows)`,
      destructive: true,
      up: [],
      down: [],
    }),
  );
  if (allow && dropped.length > 0) {
    drops.changes.push(...dropChanges);
    drops.up.push(...ddl.dropTables(dropped.map((t) => t.name)));
    drops.down.push(...ddl.createTablesModel(parentsFirst(dropped)));
  } else heldBack.push(...dropChanges);
  for (const t of dropped) {
    const twin = created.find((c) => sameColumns(c, t));
    if (twin)
      suggestions.push(
        `${twin.name} looks like ${t.name} renamed: if it is, give its mapper renamedFrom: '${t.name}' (without it ${t.name} is dropped and its rows lost).`,
      );
  }

  const phases = [renameTables, creates, alters, drops];
  const changes = phases.flatMap((p) => p.changes);
  const up = phases.flatMap((p) => p.up);
  const down = [...phases].reverse().flatMap((p) => p.down);
  const rebuilds = changes.some((c) => c.kind === 'rebuild-table');
  return {
    changes,
    heldBack,
    suggestions,
    warnings,
    up,
    down,
    session: rebuilds ? ddl.rebuildSession : { before: [], after: [] },
  };
}

function toChange(item: TableItem, held: boolean): SchemaChange {
  return {
    kind: item.kind,
    table: item.table,
    name: item.name,
    description: item.description,
    destructive: item.destructive,
    ...(item.rewritesTable ? { rewritesTable: item.rewritesTable } : {}),
    up: held ? [] : item.up(),
    down: held ? [] : item.down(),
  };
}

/** A dropped and an added column of the same type: a rename the mappers do not declare. */
function suggestRenames(
  table: string,
  items: readonly TableItem[],
  actual: TableModel,
  desired: TableModel,
  out: string[],
): void {
  const added = items.filter((i) => i.kind === 'add-column');
  const dropped = items.filter((i) => i.kind === 'drop-column');
  for (const a of added) {
    const type = typeText(desired.columns.find((c) => c.name === a.name)?.type ?? { kind: '' });
    const twin = dropped.find(
      (d) => typeText(actual.columns.find((c) => c.name === d.name)?.type ?? { kind: '?' }) === type,
    );
    if (twin)
      out.push(
        `${table}.${a.name} may be ${table}.${twin.name} renamed (same type ${type}): if it is, write .renamedFrom('${twin.name}') on its property — without it ${twin.name} is dropped and its data lost.`,
      );
  }
}

function sameColumns(a: TableModel, b: TableModel): boolean {
  const names = (t: TableModel) =>
    t.columns
      .map((c) => `${c.name}:${typeText(c.type)}`)
      .sort()
      .join(',');
  return names(a) === names(b);
}

/** Tables ordered so that each comes after those it references (a cycle keeps the given order). */
function parentsFirst(tables: readonly TableModel[]): TableModel[] {
  const names = new Set(tables.map((t) => t.name));
  const placed = new Set<string>();
  const remaining = [...tables].sort((a, b) => (a.name < b.name ? -1 : 1));
  const out: TableModel[] = [];
  while (remaining.length > 0) {
    const ready = remaining.findIndex((t) =>
      t.foreignKeys.every(
        (f) => f.referencedTable === t.name || !names.has(f.referencedTable) || placed.has(f.referencedTable),
      ),
    );
    const [next] = remaining.splice(Math.max(ready, 0), 1) as [TableModel];
    placed.add(next.name);
    out.push(next);
  }
  return out;
}

/**
 * One table's differences, desired vs actual, as items: each said in words, with its in-place
 * statements both ways and the edit it makes to the table's model (so a table that must be rebuilt
 * is rebuilt into exactly the changes that are allowed).
 */
import { type DdlCompiler, type InPlaceChange, indexDescription } from '../sql/index.js';
import type { ColumnModel, ForeignKeyModel, IndexModel, NormalisedType, TableModel, UniqueModel } from './model.js';

export type ItemKind =
  | 'rename-column'
  | 'drop-foreign-key'
  | 'drop-index'
  | 'drop-unique'
  | 'drop-column'
  | 'add-column'
  | 'alter-column'
  | 'add-unique'
  | 'add-index'
  | 'add-foreign-key'
  | 'alter-primary-key';

/** The order of a table's statements: what frees a column before what needs it. */
const ORDER: readonly ItemKind[] = [
  'rename-column',
  'drop-foreign-key',
  'drop-index',
  'drop-unique',
  'alter-primary-key',
  'drop-column',
  'add-column',
  'alter-column',
  'add-unique',
  'add-index',
  'add-foreign-key',
];

export interface TableItem {
  readonly kind: ItemKind;
  readonly table: string;
  readonly name: string;
  readonly description: string;
  readonly destructive: boolean;
  readonly rewritesTable?: string | undefined;
  /** The capability it needs of ALTER TABLE; undefined: every dialect does it in place. */
  readonly needs?: InPlaceChange | undefined;
  readonly column?: ColumnModel | undefined;
  /** Never applied automatically, whatever the options (a primary-key change). */
  readonly manual?: boolean | undefined;
  readonly up: () => string[];
  readonly down: () => string[];
  readonly apply: (table: MutableTable) => void;
}

export interface MutableTable {
  name: string;
  columns: ColumnModel[];
  primaryKey: string[];
  uniques: UniqueModel[];
  indexes: IndexModel[];
  foreignKeys: ForeignKeyModel[];
  checks: TableModel['checks'][number][];
}

export function mutable(table: TableModel): MutableTable {
  return {
    name: table.name,
    columns: [...table.columns],
    primaryKey: [...table.primaryKey],
    uniques: [...table.uniques],
    indexes: [...table.indexes],
    foreignKeys: [...table.foreignKeys],
    checks: [...table.checks],
  };
}

export const typeText = (t: NormalisedType): string =>
  `${t.kind}${t.values ? `(${t.values.join(',')})` : t.precision !== undefined ? `(${t.precision}${t.scale !== undefined ? `,${t.scale}` : ''})` : t.length !== undefined ? `(${t.length})` : ''}`;

const sameType = (a: NormalisedType, b: NormalisedType) => typeText(a) === typeText(b);

const WIDENINGS: ReadonlySet<string> = new Set([
  'smallint>integer',
  'smallint>bigint',
  'integer>bigint',
  'smallint>int',
  'int>bigint',
  'tinyint>int',
  'real>double precision',
  'float>double',
  'varchar>text',
  'varchar>longtext',
  'text>longtext',
]);

/** True when every value of `from` fits `to` unchanged. */
export function widens(from: NormalisedType, to: NormalisedType): boolean {
  if (WIDENINGS.has(`${from.kind}>${to.kind}`) && from.length !== 1) return true;
  if (from.kind !== to.kind) return false;
  if (from.values || to.values) return (from.values ?? []).every((v, i) => to.values?.[i] === v);
  const ge = (a: number | undefined, b: number | undefined) => a === undefined || (b !== undefined && a <= b);
  if (from.precision !== undefined || to.precision !== undefined) {
    const fromInt = (from.precision ?? 0) - (from.scale ?? 0);
    const toInt = (to.precision ?? 0) - (to.scale ?? 0);
    return fromInt <= toInt && (from.scale ?? 0) <= (to.scale ?? 0) && to.precision !== undefined;
  }
  return to.length === undefined || ge(from.length, to.length);
}

const columnText = (c: ColumnModel) =>
  `${typeText(c.type)} ${c.nullable ? 'NULL' : 'NOT NULL'}${c.default !== undefined ? ` DEFAULT ${c.default}` : ''}${c.autoIncrement ? ' auto-increment' : ''}`;

const cols = (columns: readonly string[]) => `(${columns.join(', ')})`;
const indexKey = (i: IndexModel) =>
  `${i.columns.join(',')}|${i.unique}|${i.whereNull ?? ''}|${(i.descending ?? []).map(Number).join('')}`.replace(
    /\|0*$/,
    '|',
  );
const fkKey = (f: ForeignKeyModel) => `${f.columns.join(',')}>${f.referencedTable}(${f.referencedColumns.join(',')})`;

/** The items that turn `actual` (already renamed where the mappers say so) into `desired`. */
export function tableItems(desired: TableModel, actual: TableModel, ddl: DdlCompiler): TableItem[] {
  const t = desired.name;
  const items: TableItem[] = [];
  const add = (item: TableItem) => items.push(item);
  const byName = (list: readonly ColumnModel[], name: string) => list.find((c) => c.name === name);

  for (const d of desired.columns) {
    const a = byName(actual.columns, d.name);
    if (!a) {
      const hard = !d.nullable && d.default === undefined && !d.autoIncrement;
      add({
        kind: 'add-column',
        table: t,
        name: d.name,
        description: `${t}.${d.name}: in the mappers, not in the database`,
        destructive: false,
        ...(hard ? { rewritesTable: 'a NOT NULL column without a default cannot be added to a table with rows' } : {}),
        needs: 'add-column',
        column: d,
        up: () => ddl.addColumn(t, d),
        down: () => ddl.dropColumn(t, d.name),
        apply: (m) => m.columns.push(d),
      });
      continue;
    }
    if (columnText(a) === columnText(d)) continue;
    const narrows = !sameType(a.type, d.type) && !widens(a.type, d.type);
    add({
      kind: 'alter-column',
      table: t,
      name: d.name,
      description: `${t}.${d.name}: ${columnText(d)} in the mappers, ${columnText(a)} in the database${narrows ? ' (narrows the type)' : ''}`,
      destructive: narrows,
      rewritesTable: ddl.alterRewrites(a, d),
      needs: 'alter-column',
      up: () => ddl.alterColumn(t, a, d),
      down: () => ddl.alterColumn(t, d, a),
      apply: (m) => {
        m.columns = m.columns.map((c) => (c.name === d.name ? d : c));
      },
    });
  }
  for (const a of actual.columns) {
    if (byName(desired.columns, a.name)) continue;
    add({
      kind: 'drop-column',
      table: t,
      name: a.name,
      description: `${t}.${a.name}: in the database, not in the mappers (dropping it loses its data)`,
      destructive: true,
      needs: 'drop-column',
      up: () => ddl.dropColumn(t, a.name),
      down: () => ddl.addColumn(t, a),
      apply: (m) => {
        m.columns = m.columns.filter((c) => c.name !== a.name);
      },
    });
  }

  if (desired.primaryKey.join(',') !== actual.primaryKey.join(',')) {
    add({
      kind: 'alter-primary-key',
      table: t,
      name: 'primary key',
      description: `${t}: primary key ${cols(desired.primaryKey)} in the mappers, ${cols(actual.primaryKey)} in the database (change it by hand)`,
      destructive: true,
      manual: true,
      needs: 'primary-key',
      up: () => [],
      down: () => [],
      apply: () => {},
    });
  }

  const uniqueKey = (u: UniqueModel) => u.columns.join(',');
  for (const unnamed of desired.uniques) {
    if (actual.uniques.some((x) => uniqueKey(x) === uniqueKey(unnamed))) continue;
    // Named as PostgreSQL would, so `down` can drop it by name on every dialect.
    const u = { ...unnamed, name: unnamed.name ?? fitName(`${t}_${unnamed.columns.join('_')}_key`) };
    add({
      kind: 'add-unique',
      table: t,
      name: u.name ?? cols(u.columns),
      description: `${t}: unique ${cols(u.columns)} in the mappers, not in the database`,
      destructive: false,
      needs: 'add-unique',
      up: () => ddl.addUnique(t, u),
      down: () => ddl.dropUnique(t, u),
      apply: (m) => m.uniques.push(u),
    });
  }
  for (const u of actual.uniques) {
    if (desired.uniques.some((x) => uniqueKey(x) === uniqueKey(u))) continue;
    add({
      kind: 'drop-unique',
      table: t,
      name: u.name ?? cols(u.columns),
      description: `${t}: unique ${cols(u.columns)} in the database, not in the mappers`,
      destructive: true,
      needs: 'drop-unique',
      up: () => ddl.dropUnique(t, u),
      down: () => ddl.addUnique(t, u),
      apply: (m) => {
        m.uniques = m.uniques.filter((x) => uniqueKey(x) !== uniqueKey(u));
      },
    });
  }

  for (const i of desired.indexes) {
    if (actual.indexes.some((x) => indexKey(x) === indexKey(i))) continue;
    add({
      kind: 'add-index',
      table: t,
      name: i.name,
      description: `${t}: ${i.unique ? 'unique ' : ''}index ${i.name} ${cols(i.columns)} in the mappers, not in the database`,
      destructive: false,
      up: () => [ddl.createIndex(t, indexDescription(i))],
      down: () => [ddl.dropIndex(t, i.name)],
      apply: (m) => m.indexes.push(i),
    });
  }
  for (const i of actual.indexes) {
    if (desired.indexes.some((x) => indexKey(x) === indexKey(i))) continue;
    add({
      kind: 'drop-index',
      table: t,
      name: i.name,
      description: `${t}: index ${i.name} ${cols(i.columns)} in the database, not in the mappers`,
      destructive: true,
      up: () => [ddl.dropIndex(t, i.name)],
      down: () => [ddl.createIndex(t, indexDescription(i))],
      apply: (m) => {
        m.indexes = m.indexes.filter((x) => x.name !== i.name);
      },
    });
  }

  for (const unnamed of desired.foreignKeys) {
    const a = actual.foreignKeys.find((x) => fkKey(x) === fkKey(unnamed));
    const f = { ...unnamed, name: unnamed.name ?? a?.name ?? fitName(`${t}_${unnamed.columns.join('_')}_fkey`) };
    if (a && a.onDelete === f.onDelete && a.onUpdate === f.onUpdate) continue;
    const what = `foreign key ${cols(f.columns)} → ${f.referencedTable}`;
    add({
      kind: 'add-foreign-key',
      table: t,
      name: f.name ?? cols(f.columns),
      description: a
        ? `${t}: ${what} is ON DELETE ${f.onDelete} ON UPDATE ${f.onUpdate} in the mappers, ON DELETE ${a.onDelete} ON UPDATE ${a.onUpdate} in the database`
        : `${t}: ${what} in the mappers, not in the database`,
      destructive: false,
      needs: 'add-foreign-key',
      up: () => [...(a ? ddl.dropForeignKey(t, a) : []), ...ddl.addForeignKey(t, f)],
      down: () => [...ddl.dropForeignKey(t, f), ...(a ? ddl.addForeignKey(t, a) : [])],
      apply: (m) => {
        m.foreignKeys = [...m.foreignKeys.filter((x) => fkKey(x) !== fkKey(f)), f];
      },
    });
  }
  for (const a of actual.foreignKeys) {
    if (desired.foreignKeys.some((x) => fkKey(x) === fkKey(a))) continue;
    add({
      kind: 'drop-foreign-key',
      table: t,
      name: a.name ?? cols(a.columns),
      description: `${t}: foreign key ${cols(a.columns)} → ${a.referencedTable} in the database, not in the mappers`,
      destructive: true,
      needs: 'drop-foreign-key',
      up: () => ddl.dropForeignKey(t, a),
      down: () => ddl.addForeignKey(t, a),
      apply: (m) => {
        m.foreignKeys = m.foreignKeys.filter((x) => fkKey(x) !== fkKey(a));
      },
    });
  }
  return items.sort((x, y) => ORDER.indexOf(x.kind) - ORDER.indexOf(y.kind));
}

/** At most 63 characters (PostgreSQL's limit); a longer name keeps a hash of the rest. */
export function fitName(name: string): string {
  if (name.length <= 63) return name;
  let hash = 0;
  for (const ch of name) hash = (Math.imul(hash, 31) + (ch.codePointAt(0) ?? 0)) >>> 0;
  return `${name.slice(0, 54)}_${hash.toString(16).padStart(8, '0')}`;
}

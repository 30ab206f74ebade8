/**
 * SQLite: the live schema from sqlite_master and the table pragmas. SQLite keeps each column's
 * declared type text as written, so a type is normalised only in case and spacing (`NVARCHAR(160)`
 * reads `{ kind: 'nvarchar', length: 160 }`; `INT` stays apart from `INTEGER`, which alone makes a
 * rowid). Check constraints are not reported by any pragma and are left out.
 */
import type {
  ColumnModel,
  ForeignKeyModel,
  IndexModel,
  IntrospectionQuery,
  NormalisedType,
  ReferentialAction,
  SchemaModel,
  SchemaReader,
  TableModel,
  UniqueModel,
} from '../../sql/index.js';
import { splitTypeText, stripOuterParentheses, unquoteNumber } from '../../sql/index.js';

const NUMERIC = /int|real|floa|doub|num|dec/;

function normaliseType(sqlType: string): NormalisedType {
  const { name, args } = splitTypeText(sqlType);
  const [a, b] = args.map(Number);
  if (args.length === 2) return { kind: name, precision: a, scale: b };
  if (args.length === 1) return { kind: name, length: a };
  return { kind: name };
}

function typeSql(type: NormalisedType): string {
  const size =
    type.precision !== undefined
      ? `(${type.precision},${type.scale ?? 0})`
      : type.length !== undefined
        ? `(${type.length})`
        : '';
  return `${type.kind.toUpperCase()}${size}`;
}

function normaliseDefault(expression: string, type: NormalisedType): string | undefined {
  const text = expression.trim();
  if (text === '' || /^null$/i.test(text)) return undefined;
  // SQLite prints a default without the parentheses DDL needs around an expression: a literal
  // reads bare, an expression in one pair of parentheses (valid DDL either way).
  const inner = stripOuterParentheses(text);
  const literal = /^('.*'|-?\d+(\.\d+)?|true|false|current_(timestamp|date|time))$/is.test(inner)
    ? inner
    : `(${inner})`;
  return NUMERIC.test(type.kind) ? unquoteNumber(literal) : literal;
}

function normaliseAction(action: ReferentialAction | undefined): ReferentialAction {
  return action ?? 'no action';
}

const action = (text: unknown): ReferentialAction => String(text).toLowerCase() as ReferentialAction;

async function introspect(query: IntrospectionQuery, only?: readonly string[]): Promise<SchemaModel> {
  const tables = await query(
    "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
  );
  const out: TableModel[] = [];
  for (const t of tables) {
    const name = String(t.name);
    if (only && !only.includes(name)) continue;
    out.push(await introspectTable(query, name, String(t.sql ?? '')));
  }
  return { tables: out };
}

async function introspectTable(query: IntrospectionQuery, table: string, createSql: string): Promise<TableModel> {
  const info = await query(
    'SELECT name, type, "notnull" AS nn, dflt_value, pk FROM pragma_table_info(?) ORDER BY cid',
    [table],
  );
  const primaryKey = info
    .filter((c) => Number(c.pk) > 0)
    .sort((x, y) => Number(x.pk) - Number(y.pk))
    .map((c) => String(c.name));
  const rowidKey = primaryKey.length === 1 && /\bAUTOINCREMENT\b/i.test(createSql) ? primaryKey[0] : undefined;
  const columns: ColumnModel[] = info.map((c) => {
    const type = normaliseType(String(c.type ?? ''));
    const auto = c.name === rowidKey;
    const dflt = c.dflt_value == null ? undefined : normaliseDefault(String(c.dflt_value), type);
    return {
      name: String(c.name),
      type,
      // The rowid can never be NULL, whether or not NOT NULL was written.
      nullable: auto ? false : Number(c.nn) === 0,
      ...(dflt !== undefined ? { default: dflt } : {}),
      autoIncrement: auto,
    };
  });
  const uniques: UniqueModel[] = [];
  const indexes: IndexModel[] = [];
  const list = await query('SELECT name, "unique" AS u, origin, partial FROM pragma_index_list(?)', [table]);
  for (const index of list) {
    const indexName = String(index.name);
    const keys = await query('SELECT name, "desc" AS d FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno', [
      indexName,
    ]);
    const cols = keys.map((k) => String(k.name));
    if (index.origin === 'pk') continue;
    if (index.origin === 'u') {
      uniques.push(indexName.startsWith('sqlite_autoindex_') ? { columns: cols } : { name: indexName, columns: cols });
      continue;
    }
    const [row] = await query("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", [indexName]);
    const where = /\bWHERE\s+"?([^"\s]+)"?\s+IS\s+NULL\s*$/i.exec(String(row?.sql ?? ''));
    const descending = keys.map((k) => Number(k.d) === 1);
    indexes.push({
      name: indexName,
      columns: cols,
      unique: Number(index.u) === 1,
      ...(descending.some(Boolean) ? { descending } : {}),
      ...(Number(index.partial) === 1 && where ? { whereNull: where[1] as string } : {}),
    });
  }
  const fkRows = await query(
    'SELECT id, seq, "table" AS ref, "from" AS col, "to" AS refcol, on_update, on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq',
    [table],
  );
  const foreignKeys: ForeignKeyModel[] = [];
  for (const id of [...new Set(fkRows.map((r) => Number(r.id)))].sort((x, y) => x - y)) {
    const rows = fkRows.filter((r) => Number(r.id) === id);
    const first = rows[0] as Record<string, unknown>;
    const referencedTable = String(first.ref);
    let referencedColumns = rows.map((r) => (r.refcol == null ? '' : String(r.refcol)));
    if (referencedColumns.some((c) => c === '')) {
      // REFERENCES t without columns: the referenced table's primary key.
      const pk = await query('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk', [referencedTable]);
      referencedColumns = pk.map((r) => String(r.name));
    }
    foreignKeys.push({
      columns: rows.map((r) => String(r.col)),
      referencedTable,
      referencedColumns,
      onDelete: action(first.on_delete),
      onUpdate: action(first.on_update),
    });
  }
  return { name: table, columns, primaryKey, uniques, indexes, foreignKeys, checks: [] };
}

export const sqliteSchema: SchemaReader = { introspect, normaliseType, normaliseDefault, normaliseAction, typeSql };

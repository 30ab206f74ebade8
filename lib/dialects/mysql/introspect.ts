/**
 * MySQL / MariaDB: the live schema of `DATABASE()` from information_schema. Types are read from
 * COLUMN_TYPE and normalised to one spelling (`INT`, `int(11)` and `integer` are `int`: display
 * widths mean nothing, except `tinyint(1)`, the boolean; `NUMERIC` is `decimal`, `NVARCHAR` is
 * `varchar`); collations and character sets are left out. MariaDB reports a JSON column as
 * `longtext` with a `json_valid` check: it reads back as `json`. NO ACTION and RESTRICT are the same
 * in InnoDB, and MariaDB reports one as the other: both read `no action`.
 */
import type {
  CheckModel,
  ColumnModel,
  IndexModel,
  IntrospectionQuery,
  NormalisedType,
  ReferentialAction,
  SchemaModel,
  SchemaReader,
  TableModel,
  UniqueModel,
} from '../../sql/index.js';
import { lowerOutsideQuotes, splitTypeText, stripOuterParentheses, unquoteNumber } from '../../sql/index.js';

const ALIASES: Readonly<Record<string, string>> = {
  integer: 'int',
  numeric: 'decimal',
  dec: 'decimal',
  fixed: 'decimal',
  nvarchar: 'varchar',
  'national varchar': 'varchar',
  'character varying': 'varchar',
  nchar: 'char',
  character: 'char',
  'double precision': 'double',
  real: 'double',
  bool: 'tinyint',
  boolean: 'tinyint',
};
const INTEGERS = /^(tinyint|smallint|mediumint|int|bigint)( unsigned)?( zerofill)?$/;
const NUMERIC = /int|decimal|float|double/;

function normaliseType(sqlType: string): NormalisedType {
  const text = sqlType.trim();
  const enumMatch = /^enum\s*\((.*)\)$/is.exec(text);
  if (enumMatch) return { kind: 'enum', values: enumValues(enumMatch[1] as string) };
  const { name, args } = splitTypeText(text);
  const kind = ALIASES[name] ?? name;
  const [a, b] = args.map(Number);
  if (kind === 'tinyint' && (name === 'bool' || name === 'boolean' || a === 1)) return { kind, length: 1 };
  if (INTEGERS.test(kind)) return { kind };
  if (kind === 'decimal') return { kind, precision: args.length > 0 ? a : 10, scale: b ?? 0 };
  if (/^(datetime|timestamp|time)$/.test(kind)) return args.length > 0 && a !== 0 ? { kind, precision: a } : { kind };
  if (kind === 'char' && args.length === 0) return { kind, length: 1 };
  if (args.length > 0) return { kind, length: a };
  return { kind };
}

/** `'a','b'` or `"a", "b"` → ['a', 'b']. */
function enumValues(list: string): string[] {
  const values: string[] = [];
  const re = /'((?:[^']|'')*)'|"((?:[^"]|"")*)"/g;
  for (let m = re.exec(list); m; m = re.exec(list)) {
    values.push(m[1] !== undefined ? m[1].replaceAll("''", "'") : (m[2] as string).replaceAll('""', '"'));
  }
  return values;
}

function typeSql(type: NormalisedType): string {
  if (type.kind === 'enum') return `enum(${(type.values ?? []).map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')})`;
  if (type.kind === 'decimal') return `decimal(${type.precision ?? 10},${type.scale ?? 0})`;
  if (type.precision !== undefined) return `${type.kind}(${type.precision})`;
  if (type.length !== undefined) return `${type.kind}(${type.length})`;
  return type.kind;
}

function normaliseDefault(expression: string, type: NormalisedType): string | undefined {
  let text = stripOuterParentheses(expression);
  if (text === '' || /^null$/i.test(text)) return undefined;
  text = lowerOutsideQuotes(text);
  // TINYINT(1): TRUE is stored and printed as 1.
  if (text === 'true') text = '1';
  if (text === 'false') text = '0';
  if (text === 'current_timestamp' || text === 'now()') text = 'current_timestamp()';
  return NUMERIC.test(type.kind) ? unquoteNumber(text) : text;
}

const normaliseAction = (action: ReferentialAction | undefined): ReferentialAction =>
  action === undefined || action === 'restrict' ? 'no action' : action;

const s = (value: unknown): string => String(value);

async function introspect(query: IntrospectionQuery, only?: readonly string[]): Promise<SchemaModel> {
  const wanted = (t: unknown) => !only || only.includes(s(t));
  const tableNames = (
    await query(
      "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
    )
  )
    .map((r) => s(r.name))
    .filter(wanted);
  const columns = await query(
    'SELECT TABLE_NAME AS t, COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS dflt, EXTRA AS extra FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION',
  );
  const stats = await query(
    'SELECT TABLE_NAME AS t, INDEX_NAME AS name, NON_UNIQUE AS non_unique, COLUMN_NAME AS col, COLLATION AS ord FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX',
  );
  const fks = await query(
    `SELECT k.TABLE_NAME AS t, k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS col, k.REFERENCED_TABLE_NAME AS ref_table,
            k.REFERENCED_COLUMN_NAME AS ref_col, r.UPDATE_RULE AS on_update, r.DELETE_RULE AS on_delete
       FROM information_schema.KEY_COLUMN_USAGE k
       JOIN information_schema.REFERENTIAL_CONSTRAINTS r
         ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
      WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
      ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
  );
  const checks = await query(
    'SELECT TABLE_NAME AS t, CONSTRAINT_NAME AS name, CHECK_CLAUSE AS clause FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() ORDER BY TABLE_NAME, CONSTRAINT_NAME',
  );
  const tables: TableModel[] = tableNames.map((table) => {
    const of = (rows: Record<string, unknown>[]) => rows.filter((r) => s(r.t) === table);
    const tableChecks = of(checks);
    const jsonColumns = new Set(
      tableChecks
        .map((c) => /^json_valid\(`([^`]+)`\)$/i.exec(s(c.clause).trim())?.[1])
        .filter((c): c is string => c !== undefined),
    );
    const cols: ColumnModel[] = of(columns).map((r) => {
      const reported = normaliseType(s(r.type));
      const type = reported.kind === 'longtext' && jsonColumns.has(s(r.name)) ? { kind: 'json' } : reported;
      const dflt = r.dflt == null ? undefined : normaliseDefault(s(r.dflt), type);
      return {
        name: s(r.name),
        type,
        nullable: s(r.nullable) === 'YES',
        ...(dflt !== undefined ? { default: dflt } : {}),
        autoIncrement: /auto_increment/i.test(s(r.extra)),
      };
    });
    const byIndex = new Map<string, Record<string, unknown>[]>();
    for (const r of of(stats)) byIndex.set(s(r.name), [...(byIndex.get(s(r.name)) ?? []), r]);
    const uniques: UniqueModel[] = [];
    const indexes: IndexModel[] = [];
    let primaryKey: string[] = [];
    for (const [name, rows] of byIndex) {
      const columnsOf = rows.map((r) => s(r.col));
      const unique = Number((rows[0] as Record<string, unknown>).non_unique) === 0;
      if (name === 'PRIMARY') primaryKey = columnsOf;
      else if (unique) uniques.push({ name, columns: columnsOf });
      else {
        const descending = rows.map((r) => r.ord === 'D');
        indexes.push({ name, columns: columnsOf, unique, ...(descending.some(Boolean) ? { descending } : {}) });
      }
    }
    const byFk = new Map<string, Record<string, unknown>[]>();
    for (const r of of(fks)) byFk.set(s(r.name), [...(byFk.get(s(r.name)) ?? []), r]);
    const checkModels: CheckModel[] = tableChecks
      .filter((c) => !jsonColumns.has(s(c.name)) || !/^json_valid/i.test(s(c.clause)))
      .map((c) => ({ name: s(c.name), expression: s(c.clause) }));
    return {
      name: table,
      columns: cols,
      primaryKey,
      uniques,
      indexes,
      foreignKeys: [...byFk].map(([name, rows]) => {
        const first = rows[0] as Record<string, unknown>;
        return {
          name,
          columns: rows.map((r) => s(r.col)),
          referencedTable: s(first.ref_table),
          referencedColumns: rows.map((r) => s(r.ref_col)),
          onDelete: normaliseAction(s(first.on_delete).toLowerCase() as ReferentialAction),
          onUpdate: normaliseAction(s(first.on_update).toLowerCase() as ReferentialAction),
        };
      }),
      checks: checkModels,
    };
  });
  return { tables };
}

export const mysqlSchema: SchemaReader = { introspect, normaliseType, normaliseDefault, normaliseAction, typeSql };

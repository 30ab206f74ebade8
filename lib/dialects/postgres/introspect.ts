/**
 * PostgreSQL: the live schema of `current_schema()` from pg_catalog. Type names are read with
 * format_type and normalised to one spelling per type (`int4`, `integer` and `INT` are `integer`;
 * `character varying(160)` and `varchar(160)` are `varchar` of length 160; `timestamp(3) with time
 * zone` is `timestamptz` of precision 3); defaults lose the casts PostgreSQL prints
 * (`'x'::character varying` is `'x'`), and a `nextval(…)` default is a serial: auto-increment.
 */
import type {
  ColumnModel,
  IntrospectionQuery,
  NormalisedType,
  ReferentialAction,
  SchemaModel,
  SchemaReader,
  TableModel,
} from '../../sql/index.js';
import { lowerOutsideQuotes, splitTypeText, stripOuterParentheses, unquoteNumber } from '../../sql/index.js';

const ALIASES: Readonly<Record<string, string>> = {
  int: 'integer',
  int4: 'integer',
  serial: 'integer',
  serial4: 'integer',
  int8: 'bigint',
  bigserial: 'bigint',
  serial8: 'bigint',
  int2: 'smallint',
  float4: 'real',
  float8: 'double precision',
  float: 'double precision',
  bool: 'boolean',
  'character varying': 'varchar',
  character: 'char',
  bpchar: 'char',
  decimal: 'numeric',
  'timestamp with time zone': 'timestamptz',
  'timestamp without time zone': 'timestamp',
  'time without time zone': 'time',
  'time with time zone': 'timetz',
};
const SIZED_BY_PRECISION = new Set(['numeric', 'timestamptz', 'timestamp', 'time', 'timetz']);
const NUMERIC = new Set(['integer', 'bigint', 'smallint', 'real', 'double precision', 'numeric']);

function normaliseType(sqlType: string): NormalisedType {
  const { name, args } = splitTypeText(sqlType);
  const kind = ALIASES[name] ?? name;
  const [a, b] = args.map(Number);
  if (kind === 'numeric' && args.length > 0) return { kind, precision: a, scale: b ?? 0 };
  if (SIZED_BY_PRECISION.has(kind) && args.length > 0) return { kind, precision: a };
  if (args.length > 0) return { kind, length: a };
  // `char` alone is char(1).
  return kind === 'char' ? { kind, length: 1 } : { kind };
}

function typeSql(type: NormalisedType): string {
  if (type.kind === 'numeric' && type.precision !== undefined) return `numeric(${type.precision},${type.scale ?? 0})`;
  if (type.precision !== undefined) return `${type.kind}(${type.precision})`;
  if (type.length !== undefined) return `${type.kind}(${type.length})`;
  return type.kind;
}

function normaliseDefault(expression: string, type: NormalisedType): string | undefined {
  let text = stripOuterParentheses(expression);
  if (text === '' || /^null$/i.test(text)) return undefined;
  // `'x'::character varying`, `'2020-01-01'::date`, `NULL::text`: the casts PostgreSQL prints.
  for (;;) {
    const cast = /^(.*)::[a-z_ ]+(\(\d+(,\d+)?\))?(\[\])?$/is.exec(text);
    if (!cast) break;
    text = stripOuterParentheses(cast[1] as string);
  }
  if (/^null$/i.test(text)) return undefined;
  text = lowerOutsideQuotes(text);
  return NUMERIC.has(type.kind) ? unquoteNumber(text) : text;
}

const ACTIONS: Readonly<Record<string, ReferentialAction>> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
};

const normaliseAction = (action: ReferentialAction | undefined): ReferentialAction => action ?? 'no action';

const COLUMNS = `
SELECT c.relname AS table_name, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
       a.attnotnull AS notnull, pg_get_expr(d.adbin, d.adrelid) AS dflt, a.attidentity AS identity
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
 WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY c.relname, a.attnum`;

const CONSTRAINTS = `
SELECT t.relname AS table_name, k.conname AS name, k.contype AS type,
       array_to_json(ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, o)
                           JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.o)) AS columns,
       r.relname AS ref_table,
       array_to_json(ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(n, o)
                           JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.o)) AS ref_columns,
       k.confdeltype AS on_delete, k.confupdtype AS on_update,
       CASE WHEN k.contype = 'c' THEN pg_get_constraintdef(k.oid) END AS definition
  FROM pg_constraint k
  JOIN pg_class t ON t.oid = k.conrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
  LEFT JOIN pg_class r ON r.oid = k.confrelid
 WHERE n.nspname = current_schema() AND k.contype IN ('p', 'u', 'f', 'c')
 ORDER BY t.relname, k.conname`;

const INDEXES = `
SELECT t.relname AS table_name, i.relname AS name, x.indisunique AS is_unique,
       pg_get_expr(x.indpred, x.indrelid) AS predicate,
       array_to_json(ARRAY(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY u(n, o)
                           JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = u.n ORDER BY u.o)) AS columns,
       array_to_json(ARRAY(SELECT (x.indoption[o - 1] & 1) = 1 FROM generate_subscripts(x.indkey, 1) WITH ORDINALITY g(s, o) ORDER BY o)) AS descending
  FROM pg_index x
  JOIN pg_class i ON i.oid = x.indexrelid
  JOIN pg_class t ON t.oid = x.indrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
 WHERE n.nspname = current_schema()
   AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.contype IN ('p', 'u'))
 ORDER BY t.relname, i.relname`;

const TABLES =
  "SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY c.relname";

const json = (value: unknown): unknown[] => (typeof value === 'string' ? JSON.parse(value) : (value as unknown[]));
const names = (value: unknown): string[] => json(value).map(String);

async function introspect(query: IntrospectionQuery, only?: readonly string[]): Promise<SchemaModel> {
  const wanted = (t: unknown) => !only || only.includes(String(t));
  const tableNames = (await query(TABLES)).map((r) => String(r.name)).filter(wanted);
  const columns = (await query(COLUMNS)).filter((r) => wanted(r.table_name));
  const constraints = (await query(CONSTRAINTS)).filter((r) => wanted(r.table_name));
  const indexes = (await query(INDEXES)).filter((r) => wanted(r.table_name));
  const tables: TableModel[] = tableNames.map((table) => {
    const of = (rows: Record<string, unknown>[]) => rows.filter((r) => r.table_name === table);
    const cons = of(constraints);
    return {
      name: table,
      columns: of(columns).map(column),
      primaryKey: names(cons.find((k) => k.type === 'p')?.columns ?? '[]'),
      uniques: cons.filter((k) => k.type === 'u').map((k) => ({ name: String(k.name), columns: names(k.columns) })),
      indexes: of(indexes).map((i) => {
        const descending = json(i.descending).map(Boolean);
        const where = /^\(?"?([^"\s()]+)"?\s+IS\s+NULL\)?$/i.exec(String(i.predicate ?? ''));
        return {
          name: String(i.name),
          columns: names(i.columns),
          unique: Boolean(i.is_unique),
          ...(descending.some(Boolean) ? { descending } : {}),
          ...(where ? { whereNull: where[1] as string } : {}),
        };
      }),
      foreignKeys: cons
        .filter((k) => k.type === 'f')
        .map((k) => ({
          name: String(k.name),
          columns: names(k.columns),
          referencedTable: String(k.ref_table),
          referencedColumns: names(k.ref_columns),
          onDelete: ACTIONS[String(k.on_delete)] ?? 'no action',
          onUpdate: ACTIONS[String(k.on_update)] ?? 'no action',
        })),
      checks: cons
        .filter((k) => k.type === 'c')
        .map((k) => ({ name: String(k.name), expression: String(k.definition).replace(/^CHECK\s*/i, '') })),
    };
  });
  return { tables };
}

function column(r: Record<string, unknown>): ColumnModel {
  const type = normaliseType(String(r.type));
  const raw = r.dflt == null ? undefined : String(r.dflt);
  // A serial's default, nextval('t_id_seq'::regclass), is its auto-increment.
  const serial = raw !== undefined && /^nextval\(/i.test(raw);
  const dflt = raw === undefined || serial ? undefined : normaliseDefault(raw, type);
  return {
    name: String(r.name),
    type,
    nullable: !r.notnull,
    ...(dflt !== undefined ? { default: dflt } : {}),
    autoIncrement: serial || (r.identity !== '' && r.identity != null),
  };
}

export const postgresSchema: SchemaReader = { introspect, normaliseType, normaliseDefault, normaliseAction, typeSql };

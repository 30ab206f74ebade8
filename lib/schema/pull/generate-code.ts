/**
 * `db pull`: entity classes and mappers (`defineEntity` + `p.*`) from an introspected schema — the
 * reverse of the desired schema. Every name is explicit (table, columns, indexes) and every column
 * keeps the database's exact type through `.sqlType(…)`, so the mappers diff to nothing against
 * the database they came from. A single-column foreign key to another table's single-column
 * primary key becomes a many-to-one relation; anything else stays a scalar column.
 */
import type { ColumnModel, ForeignKeyModel, NormalisedType, SchemaModel, TableModel } from '../model.js';

export interface PulledCode {
  /** `entities.ts`: plain classes, importing nothing from Tabula. */
  readonly entities: string;
  /** `mappers.ts`: one mapper per table, and `mappers`, the list of them. */
  readonly mappers: string;
}

interface Builder {
  readonly call: string;
  readonly js: string;
}

/** The builder and JS type for a column, by the words of its normalised type name. */
function builderOf(type: NormalisedType, typeSql: string): Builder {
  const k = type.kind.toLowerCase();
  const exact = `.sqlType(${JSON.stringify(typeSql)})`;
  if (/bigint|int8/.test(k)) return { call: `p.bigint()${exact}`, js: 'bigint' };
  if (/int/.test(k)) return { call: `p.integer()${exact}`, js: 'number' };
  if (/bool/.test(k)) return { call: `p.boolean()${exact}`, js: 'boolean' };
  if (/numeric|decimal/.test(k)) {
    const precision = type.precision ?? 38;
    return { call: `p.decimal({ precision: ${precision}, scale: ${type.scale ?? 0} })${exact}`, js: 'string' };
  }
  if (/real|float|double/.test(k)) return { call: `p.double()${exact}`, js: 'number' };
  if (/timestamp|datetime/.test(k)) return { call: `p.datetime()${exact}`, js: 'Date' };
  if (k === 'date') return { call: `p.date()${exact}`, js: 'string' };
  if (/uuid/.test(k)) return { call: `p.uuid()${exact}`, js: 'string' };
  if (/json/.test(k)) return { call: `p.json()${exact}`, js: 'unknown' };
  if (/blob|bytea|binary/.test(k)) return { call: `p.blob()${exact}`, js: 'Buffer' };
  if (/char|string/.test(k) && type.length !== undefined) {
    return { call: `p.string({ length: ${type.length} })${exact}`, js: 'string' };
  }
  return { call: `p.text()${exact}`, js: 'string' };
}

const words = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
const pascal = (name: string) => {
  const s = words(name)
    .map((w) => w[0]?.toUpperCase() + w.slice(1).toLowerCase())
    .join('');
  return /^[A-Za-z_]/.test(s) ? s : `T${s}`;
};
const camel = (name: string) => {
  const s = pascal(name);
  return s[0]?.toLowerCase() + s.slice(1);
};

/** Unique names within one scope (a class's properties, the module's classes). */
class Names {
  private readonly taken = new Set<string>(['constructor']);
  take(wanted: string): string {
    let name = wanted;
    for (let i = 2; this.taken.has(name); i++) name = `${wanted}${i}`;
    this.taken.add(name);
    return name;
  }
}

interface Property {
  readonly name: string;
  readonly js: string;
  readonly optional: boolean;
  readonly call: string;
}

export function generateCode(
  model: SchemaModel,
  typeSql: (type: NormalisedType) => string,
  options: {
    readonly importFrom?: string | undefined;
    /** Beside each many-to-one, its key as a scalar: `albumId: p.foreignKey('album')` (`--scalar-foreign-keys`). */
    readonly scalarForeignKeys?: boolean | undefined;
  } = {},
): PulledCode {
  const classNames = new Names();
  const classOf = new Map(model.tables.map((t) => [t.name, classNames.take(pascal(t.name))]));
  const byName = new Map(model.tables.map((t) => [t.name, t]));
  const relationOf = (_table: TableModel, fk: ForeignKeyModel) => {
    const target = byName.get(fk.referencedTable);
    return fk.columns.length === 1 &&
      target &&
      target.primaryKey.length === 1 &&
      target.primaryKey[0] === fk.referencedColumns[0]
      ? target
      : undefined;
  };
  const classes: string[] = [];
  const mappers: string[] = [];
  for (const table of model.tables) {
    const cls = classOf.get(table.name) as string;
    const names = new Names();
    const propertyOf = new Map<string, string>();
    const properties: Property[] = [];
    const relations = new Map(
      table.foreignKeys.filter((fk) => relationOf(table, fk)).map((fk) => [fk.columns[0] as string, fk]),
    );
    for (const column of table.columns) {
      const fk = relations.get(column.name);
      const inKey = table.primaryKey.includes(column.name);
      if (fk) {
        const base = camel(column.name.replace(/_?id$/i, '')) || camel(fk.referencedTable);
        const name = names.take(base);
        propertyOf.set(column.name, name);
        const target = classOf.get(fk.referencedTable) as string;
        const onDelete =
          fk.onDelete === 'no action' || fk.onDelete === 'restrict' ? '' : `, onDelete: '${fk.onDelete}'`;
        let call = `p.manyToOne(() => ${target}, { column: ${JSON.stringify(column.name)}${onDelete} })`;
        if (inKey) call += '.primaryKey()';
        if (column.nullable) call += '.nullable()';
        properties.push({ name, js: column.nullable ? `${target} | null` : target, optional: false, call });
        if (options.scalarForeignKeys && !inKey) {
          const key = byName.get(fk.referencedTable)?.columns.find((c) => c.name === fk.referencedColumns[0]);
          const js = key ? builderOf(key.type, typeSql(key.type)).js : 'unknown';
          properties.push({
            name: names.take(`${name}Id`),
            js: column.nullable ? `${js} | null` : js,
            optional: false,
            call: `p.foreignKey(${JSON.stringify(name)})`,
          });
        }
        continue;
      }
      const name = names.take(camel(column.name));
      propertyOf.set(column.name, name);
      properties.push(scalar(name, column, inKey, typeSql));
    }
    const fields = properties.map((p) => `  ${p.name}${p.optional ? '?' : '!'}: ${p.js};`).join('\n');
    classes.push(`export class ${cls} {\n${fields}\n}\n`);
    const indexes = [
      ...table.uniques.map((u) => ({ columns: u.columns, unique: true, name: u.name })),
      ...table.indexes
        .filter((i) => i.whereNull === undefined)
        .map((i) => ({ columns: i.columns, unique: i.unique, name: i.name })),
    ].filter((i) => i.columns.every((c) => propertyOf.has(c)));
    const indexText =
      indexes.length === 0
        ? ''
        : `  indexes: [\n${indexes
            .map(
              (i) =>
                `    { properties: [${i.columns.map((c) => JSON.stringify(propertyOf.get(c))).join(', ')}]${i.unique ? ', unique: true' : ''}${i.name ? `, name: ${JSON.stringify(i.name)}` : ''} },`,
            )
            .join('\n')}\n  ],\n`;
    mappers.push(
      `export const ${cls}Mapper = defineEntity(${cls}, {\n  table: ${JSON.stringify(table.name)},\n  properties: {\n${properties
        .map((p) => `    ${p.name}: ${p.call},`)
        .join('\n')}\n  },\n${indexText}});\n`,
    );
  }
  const from = options.importFrom ?? 'tabula-orm';
  const list = model.tables.map((t) => `${classOf.get(t.name)}Mapper`);
  return {
    entities: `// Generated by \`tabula db pull\`: plain classes, one per table.\n\n${classes.join('\n')}`,
    mappers:
      `// Generated by \`tabula db pull\`: one mapper per table, with the database's exact column types.\n` +
      `import { defineEntity, p } from '${from}';\n` +
      `import { ${[...classOf.values()].join(', ')} } from './entities';\n\n${mappers.join('\n')}\n` +
      `export const mappers = [${list.join(', ')}];\n`,
  };
}

function scalar(
  name: string,
  column: ColumnModel,
  inKey: boolean,
  typeSql: (type: NormalisedType) => string,
): Property {
  const builder = builderOf(column.type, typeSql(column.type));
  let call = `${builder.call}.column(${JSON.stringify(column.name)})`;
  if (inKey) call += '.primaryKey()';
  if (column.autoIncrement) call += '.generated()';
  if (column.nullable) call += '.nullable()';
  if (column.default !== undefined && !column.autoIncrement) call += `.defaultSql(${JSON.stringify(column.default)})`;
  return {
    name,
    js: column.nullable ? `${builder.js} | null` : builder.js,
    optional: column.autoIncrement,
    call,
  };
}

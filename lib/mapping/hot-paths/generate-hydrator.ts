/**
 * Generates the hydrator of one entity: straight-line code that turns a row keyed by column name
 * into an instance created with `Object.create(Class.prototype)` (no constructor runs). Columns
 * are read once; a converter is called only where the dialect's `fromDriver` is not the identity
 * for that column (read-plans.ts). To-one relations become references (the resolver's, or a stub
 * holding only the key); relations without a column here stay unset until populated.
 */
import type { DialectTypes } from '../../types/index.js';
import { MappingError } from '../mapping-error.js';
import type { ColumnMetadata, EmbeddedMetadata, EntityMetadata, RelationMetadata } from '../metadata.js';
import { GeneratedSource, literal, member } from './generated-source.js';
import { readPlanOf } from './read-plans.js';

/** Turns a FK value into the referenced instance (the EntityManager's identity map, typically). */
export interface ReferenceResolver {
  /** `key` is the key value, or an array of them for a composite key. */
  reference(target: EntityMetadata, key: unknown): object;
}

/**
 * `into`: an instance to fill instead of a new one (a reference the identity map already holds);
 * ignored by a single-table-inheritance hydrator, which picks the class from the row.
 */
export type Hydrator<T = object> = (row: Record<string, unknown>, refs?: ReferenceResolver, into?: object) => T;

export function hydratorSource(
  entity: EntityMetadata,
  types: DialectTypes,
  subclassHydrator: (descendant: EntityMetadata) => Hydrator,
): { source: GeneratedSource; title: string; signature: string } {
  const src = new GeneratedSource();
  const columnVar = new Map<ColumnMetadata, string>();
  const read = (column: ColumnMetadata, mayBeNull = true): string => {
    const v = columnVar.get(column) as string;
    const plan = readPlanOf(types, column.type);
    if (plan.kind === 'raw') return v;
    const t = src.constant(`t${v.slice(1)}`, column.type, `${typeName(column)} (${column.name})`);
    const convert = `read(${t}, ${v})`;
    const value = plan.kind === 'guarded' ? `${plan.guard(v)} ? ${v} : ${convert}` : convert;
    return mayBeNull ? `${v} == null ? null : ${value}` : value;
  };
  src.constant('proto', entity.entityClass.prototype, `${entity.className}.prototype`);
  src.constant('read', types.fromDriver.bind(types), "the dialect's fromDriver");
  if (dispatch(src, entity, subclassHydrator) === 'always-dispatched') {
    return { source: src, title: titleOf(entity), signature: `hydrate${entity.className}(row, refs, into)` };
  }
  src.line('const e = into === undefined ? Object.create(proto) : into;');
  entity.columns.forEach((column, i) => {
    if (column.source === 'discriminator') return;
    columnVar.set(column, `c${i}`);
    src.line(`const c${i} = ${member('row', column.name)};`);
  });
  for (const property of entity.properties) {
    if (property.kind === 'column') src.line(`${member('e', property.name)} = ${read(property.column)};`);
    else if (property.kind === 'embedded') embedded(src, property, read, columnVar);
    else if (property.relation.joinColumns.length > 0) reference(src, entity, property.relation, read, columnVar);
  }
  src.line('return e;');
  return { source: src, title: titleOf(entity), signature: `hydrate${entity.className}(row, refs, into)` };
}

function titleOf(entity: EntityMetadata): string {
  return `hydrate${entity.className}: one ${entity.className} from a row keyed by column name (${entity.name})`;
}

/** `decimal(10,2)`, `string(100)`, `bigint as number`: the column type, for the printed header. */
function typeName(column: ColumnMetadata): string {
  const { kind, length, precision, scale, bigintAsNumber } = column.type;
  if (kind === 'decimal' && precision !== undefined) return `decimal(${precision},${scale ?? ''})`;
  if (kind === 'string' && length !== undefined) return `string(${length})`;
  return bigintAsNumber ? 'bigint as number' : kind;
}

/** STI: a row of a subclass is handed to that subclass's hydrator; an abstract class never hydrates itself. */
function dispatch(
  src: GeneratedSource,
  entity: EntityMetadata,
  subclassHydrator: (d: EntityMetadata) => Hydrator,
): 'always-dispatched' | undefined {
  const inheritance = entity.inheritance;
  if (!inheritance || inheritance.descendants.length === 0) return undefined;
  src.line(`const d = ${member('row', inheritance.discriminatorColumn.name)};`);
  inheritance.descendants.forEach((descendant, i) => {
    const value = descendant.inheritance?.discriminatorValue;
    if (value === undefined) return;
    const h = src.constant(`h${i}`, subclassHydrator(descendant), `hydrate${descendant.className}`);
    src.line(`if (d === ${literal(value)}) return ${h}(row, refs);`);
  });
  src.constant(
    'unknown',
    (value: unknown) => MappingError.unknownDiscriminator(entity.name, value),
    'MappingError.unknownDiscriminator',
  );
  const own = inheritance.discriminatorValue;
  if (own === undefined) {
    src.line('throw unknown(d);');
    return 'always-dispatched';
  }
  src.line(`if (d !== ${literal(own)}) throw unknown(d);`);
  return undefined;
}

function embedded(
  src: GeneratedSource,
  property: EmbeddedMetadata,
  read: (c: ColumnMetadata) => string,
  columnVar: ReadonlyMap<ColumnMetadata, string>,
): void {
  const target = member('e', property.name);
  const proto = src.constant(
    `${property.name}Proto`,
    property.embeddableClass.prototype,
    `${property.embeddableClass.name}.prototype`,
  );
  const vars = property.fields.map((f) => columnVar.get(f.column) as string);
  let depth = 1;
  if (property.nullable) {
    src.line(`if (${vars.map((v) => `${v} == null`).join(' && ')}) ${target} = null;`);
    src.line('else {');
    depth = 2;
  }
  src.line(`const o = Object.create(${proto});`, depth);
  for (const field of property.fields) src.line(`${member('o', field.property)} = ${read(field.column)};`, depth);
  src.line(`${target} = o;`, depth);
  if (property.nullable) src.line('}');
}

function reference(
  src: GeneratedSource,
  entity: EntityMetadata,
  relation: RelationMetadata,
  read: (c: ColumnMetadata, mayBeNull?: boolean) => string,
  columnVar: ReadonlyMap<ColumnMetadata, string>,
): void {
  const target = relation.target;
  const keyProperties = target.primaryKey.map((key) => {
    if (key.source !== 'property') {
      throw MappingError.unsupported(
        entity.name,
        relation.name,
        `a reference to ${target.className}, whose primary key holds a relation,`,
        `Map ${target.className} with a key column of its own, or map this relation's FK as a plain column`,
      );
    }
    return key.property;
  });
  const i = entity.relations.indexOf(relation);
  const meta = src.constant(`target${i}`, target, `metadata of ${target.className}`);
  const proto = src.constant(`refProto${i}`, target.entityClass.prototype, `${target.className}.prototype`);
  const vars = relation.joinColumns.map((c) => columnVar.get(c) as string);
  // A single-column key is known to be non-null inside the else branch; a composite one may be partly null.
  const isSingle = vars.length === 1;
  const keys = relation.joinColumns.map((c) => read(c, !isSingle));
  const property = member('e', relation.name);
  src.line(`if (${vars.map((v) => `${v} == null`).join(' && ')}) ${property} = null;`);
  src.line('else {');
  src.line(`const k = ${isSingle ? keys[0] : `[${keys.join(', ')}]`};`, 2);
  src.line('if (refs === undefined) {', 2);
  src.line(`const r = Object.create(${proto});`, 3);
  keyProperties.forEach((name, k) => {
    src.line(`${member('r', name)} = ${isSingle ? 'k' : `k[${k}]`};`, 3);
  });
  src.line(`${property} = r;`, 3);
  src.line(`} else ${property} = refs.reference(${meta}, k);`, 2);
  src.line('}');
}

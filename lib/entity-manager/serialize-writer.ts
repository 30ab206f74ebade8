/**
 * The per-class writer behind `serialize`, generated once per class like the hydrator: one
 * straight-line function that reads each mapped property by name and writes the JSON-ready value,
 * so a list of 10,000 entities costs about what hand-written views cost (a loop over the metadata
 * with computed keys was two to three times slower). Relations call back into the serializer,
 * which knows what is loaded, the path (cycles) and the populate tree.
 */
import {
  type ColumnMetadata,
  type EntityMetadata,
  GeneratedSource,
  hiddenProperties,
  literal,
  member,
  type RelationMetadata,
} from '../mapping/index.js';

/** What a writer calls for a relation's value (not null, not undefined). */
export interface RelationWriter {
  toOne(value: object, relation: RelationMetadata, tree: unknown, name: string): unknown;
  /** Undefined: the to-many is left out. */
  toMany(value: unknown, relation: RelationMetadata, tree: unknown, name: string): unknown;
}

export type EntityWriter = (source: object, relations: RelationWriter, tree: unknown) => Record<string, unknown>;

type Convert = (value: unknown) => unknown;

const toDigits: Convert = (v) => (typeof v === 'bigint' ? v.toString() : v);
const toIso: Convert = (v) => (v instanceof Date ? v.toISOString() : v);
const toBase64: Convert = (v) =>
  v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') : v;

/** How a column's value becomes JSON; undefined when it is written as it is. */
export function converterOf(column: ColumnMetadata): Convert | undefined {
  switch (column.type.kind) {
    case 'bigint':
      return column.type.bigintAsNumber ? undefined : toDigits;
    case 'datetime':
      return toIso;
    case 'blob':
      return toBase64;
    default:
      return undefined;
  }
}

const CONVERTERS = new Map<Convert, string>([
  [toDigits, 'toDigits'],
  [toIso, 'toIso'],
  [toBase64, 'toBase64'],
]);

/** `target.name = <value>` for a column value `v`, converted when its kind needs it. */
function writeColumn(src: GeneratedSource, target: string, name: string, column: ColumnMetadata, v: string): void {
  const convert = converterOf(column);
  const fn = convert && src.constant(CONVERTERS.get(convert) as string, convert, 'a JSON converter');
  src.line(`if (${v} !== undefined) ${member(target, name)} = ${fn ? `${v} === null ? null : ${fn}(${v})` : v};`);
}

function generate(meta: EntityMetadata): GeneratedSource {
  const hidden = hiddenProperties(meta);
  const src = new GeneratedSource();
  src.line('const o = {};');
  src.line('let v;');
  meta.properties.forEach((p, i) => {
    if (hidden.has(p.name)) return;
    src.line(`v = ${member('s', p.name)};`);
    if (p.kind === 'column') {
      writeColumn(src, 'o', p.name, p.column, 'v');
    } else if (p.kind === 'embedded') {
      src.line(`if (v === null) ${member('o', p.name)} = null;`);
      src.line('else if (v !== undefined) {');
      src.line('const e = {};', 2);
      src.line('let x;', 2);
      src.nested(1, () => {
        for (const f of p.fields) {
          if (hidden.has(`${p.name}.${f.property}`)) continue;
          src.line(`x = ${member('v', f.property)};`);
          writeColumn(src, 'e', f.property, f.column, 'x');
        }
      });
      src.line(`${member('o', p.name)} = e;`, 2);
      src.line('}');
    } else {
      const rel = src.constant(`r${i}`, p.relation, `the relation ${meta.className}.${p.name}`);
      const name = literal(p.name);
      const toMany = p.relation.kind === 'one-to-many' || p.relation.kind === 'many-to-many';
      src.line(`if (v === null) ${member('o', p.name)} = null;`);
      if (toMany) {
        src.line(
          `else if (v !== undefined && (v = w.toMany(v, ${rel}, t, ${name})) !== undefined) ${member('o', p.name)} = v;`,
        );
      } else {
        src.line(`else if (v !== undefined) ${member('o', p.name)} = w.toOne(v, ${rel}, t, ${name});`);
      }
    }
  });
  src.line('return o;');
  return src;
}

const writers = new WeakMap<EntityMetadata, EntityWriter>();

/** The generated writer of `meta`'s class (hidden properties left out), compiled on first use. */
export function writerOf(meta: EntityMetadata): EntityWriter {
  let writer = writers.get(meta);
  if (writer === undefined) {
    writer = generate(meta).compile<EntityWriter>(`serialize ${meta.className}`, 'write(s, w, t)');
    writers.set(meta, writer);
  }
  return writer;
}

/** The generated writer's source, for reading and for golden files. */
export function describeSerializer(meta: EntityMetadata): string {
  return generate(meta).print(`serialize ${meta.className}`, 'write(s, w, t)');
}

/**
 * `serialize`: entities to plain JSON-ready objects, read from the mapping. Only what is loaded is
 * written (no I/O: an unloaded to-one is its key object, an unloaded to-many is left out), an
 * entity met again below itself is its key object (so cycles end), and values that JSON cannot
 * carry losslessly become strings: bigint and decimal as digits, datetimes as ISO 8601, blobs as
 * base64. Hidden properties are never written. See docs/serialization.md.
 */
import { ValueError } from '../errors/index.js';
import { isReadOnlyStub } from '../loading/index.js';
import {
  type ColumnMetadata,
  type EntityMetadata,
  hiddenProperties,
  metadataOfClass,
  type RelationMetadata,
} from '../mapping/index.js';
import { markedEntry } from '../unit-of-work/index.js';
import type { Serialized, SerializeOptions } from './serialized-type.js';

type Bag = Record<string, unknown>;
type Convert = (value: unknown) => unknown;
/** A populate tree: the relations to expand below each level; `undefined`: every loaded one. */
type Tree = Map<string, Tree> | undefined;

/** One property as the serializer writes it, resolved once per class. */
type Field =
  | { readonly kind: 'value'; readonly name: string; readonly convert: Convert | undefined }
  | {
      readonly kind: 'embedded';
      readonly name: string;
      readonly fields: readonly { readonly name: string; readonly convert: Convert | undefined }[];
    }
  | { readonly kind: 'to-one' | 'to-many'; readonly name: string; readonly relation: RelationMetadata };

const toDigits: Convert = (v) => (typeof v === 'bigint' ? v.toString() : v);
const toIso: Convert = (v) => (v instanceof Date ? v.toISOString() : v);
const toBase64: Convert = (v) =>
  v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') : v;

/** How a column's value becomes JSON; undefined when it is written as it is (the common case, tested first). */
function converterOf(column: ColumnMetadata): Convert | undefined {
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

const plans = new WeakMap<EntityMetadata, readonly Field[]>();

function planOf(meta: EntityMetadata): readonly Field[] {
  let plan = plans.get(meta);
  if (plan === undefined) plans.set(meta, (plan = makePlan(meta)));
  return plan;
}

function makePlan(meta: EntityMetadata): readonly Field[] {
  const hidden = hiddenProperties(meta);
  const fields: Field[] = [];
  for (const p of meta.properties) {
    if (hidden.has(p.name)) continue;
    if (p.kind === 'column') fields.push({ kind: 'value', name: p.name, convert: converterOf(p.column) });
    else if (p.kind === 'embedded') {
      const inner = p.fields
        .filter((f) => !hidden.has(`${p.name}.${f.property}`))
        .map((f) => ({ name: f.property, convert: converterOf(f.column) }));
      fields.push({ kind: 'embedded', name: p.name, fields: inner });
    } else {
      const toMany = p.relation.kind === 'one-to-many' || p.relation.kind === 'many-to-many';
      fields.push({ kind: toMany ? 'to-many' : 'to-one', name: p.name, relation: p.relation });
    }
  }
  return Object.freeze(fields);
}

/** The metadata of an entity: its manager's, else the class's as a registry resolved it. */
function metaOf(entity: object, fallback: EntityMetadata | undefined): EntityMetadata | undefined {
  return markedEntry(entity)?.meta ?? metadataOfClass(entity.constructor) ?? fallback;
}

/** False for a reference that holds only its key (em.getReference, an unloaded to-one, a read-only stub). */
function isLoaded(entity: object): boolean {
  const entry = markedEntry(entity);
  if (entry !== undefined && entry.owner !== undefined) return entry.isInitialized;
  return !isReadOnlyStub(entity);
}

function keyObject(entity: object, meta: EntityMetadata): Bag {
  const out: Bag = {};
  for (const c of meta.primaryKey) {
    const value = (entity as Bag)[c.property];
    if (value !== null && typeof value === 'object' && !(value instanceof Date) && !(value instanceof Uint8Array)) {
      // A key that is itself a relation (a to-one primary key): its target's key object.
      const target = metaOf(value, undefined);
      out[c.property] = target ? keyObject(value, target) : value;
    } else {
      const convert = converterOf(c);
      out[c.property] = convert ? convert(value) : value;
    }
  }
  return out;
}

class Serializer {
  /** The entities being written, root to the current one: one met again is written as its key. */
  private readonly path = new Set<object>();

  entity(entity: object, meta: EntityMetadata, tree: Tree): Bag {
    if (this.path.has(entity) || !isLoaded(entity)) return keyObject(entity, meta);
    this.path.add(entity);
    const source = entity as Bag;
    const out: Bag = {};
    for (const f of planOf(meta)) {
      const value = source[f.name];
      if (value === undefined) continue; // not loaded (partial fields, unloaded to-many) or never set
      if (f.kind === 'value') out[f.name] = f.convert === undefined || value === null ? value : f.convert(value);
      else if (value === null) out[f.name] = null;
      else if (f.kind === 'embedded') out[f.name] = embeddedObject(value as Bag, f.fields);
      else {
        const below = tree === undefined ? undefined : tree.get(f.name);
        const expand = tree === undefined || below !== undefined;
        if (f.kind === 'to-one') {
          const target = metaOf(value as object, f.relation.target) as EntityMetadata;
          out[f.name] = expand ? this.entity(value as object, target, below) : keyObject(value as object, target);
        } else if (expand && Array.isArray(value)) {
          out[f.name] = value.map((m: object) => this.entity(m, metaOf(m, f.relation.target) as EntityMetadata, below));
        }
      }
    }
    this.path.delete(entity);
    return out;
  }
}

function embeddedObject(
  value: Bag,
  fields: readonly { readonly name: string; readonly convert: Convert | undefined }[],
): Bag {
  const out: Bag = {};
  for (const f of fields) {
    const v = value[f.name];
    if (v !== undefined) out[f.name] = f.convert === undefined || v === null ? v : f.convert(v);
  }
  return out;
}

function treeOf(paths: readonly string[] | undefined): Tree {
  if (paths === undefined) return undefined;
  const root = new Map<string, Tree>();
  for (const path of paths) {
    let level = root;
    for (const part of path.split('.')) {
      let next = level.get(part);
      if (next === undefined) level.set(part, (next = new Map()));
      level = next;
    }
  }
  return root;
}

function rootMeta(entity: unknown): EntityMetadata {
  const meta =
    entity !== null && typeof entity === 'object' && !Array.isArray(entity) ? metaOf(entity, undefined) : undefined;
  if (meta === undefined) {
    const what = entity === null || typeof entity !== 'object' ? String(entity) : `a ${entity.constructor?.name}`;
    throw new ValueError(
      `serialize: ${what} is not an entity of a mapped class.\n  Pass entities (or an array of them) whose mapper is registered with Tabula.connect.`,
    );
  }
  return meta;
}

/**
 * Plain JSON-ready data of an entity or an array of entities, read from the mapping: loaded
 * relations nested (an unloaded to-one as its key object `{ id }`, an unloaded to-many left out),
 * an entity met again below itself as its key object, bigint and decimal as strings, datetimes as
 * ISO 8601 strings, calendar dates as `YYYY-MM-DD`, embeddables as nested objects, JSON columns as
 * they are, blobs as base64; hidden properties never. Reads only memory: nothing is loaded.
 *
 * `populate` limits which loaded relations are nested (`['author', 'comments.author']`); the
 * others are written as key objects (to-one) or left out (to-many).
 * @example res.json(serialize(await em.find(Post, {}, { populate: ['author'] })));
 */
export function serialize<T extends object>(entities: readonly T[], options?: SerializeOptions<T>): Serialized<T>[];
export function serialize<T extends object>(entity: T, options?: SerializeOptions<T>): Serialized<T>;
export function serialize(value: object, options: SerializeOptions<object> = {}): unknown {
  const tree = treeOf(options.populate as readonly string[] | undefined);
  const serializer = new Serializer();
  if (Array.isArray(value)) return value.map((e: object) => serializer.entity(e, rootMeta(e), tree));
  return serializer.entity(value, rootMeta(value), tree);
}

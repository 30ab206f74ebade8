/**
 * `serialize`: entities to plain JSON-ready objects, read from the mapping. Only what is loaded is
 * written (no I/O: an unloaded to-one is its key object, an unloaded to-many is left out), an
 * entity met again below itself is its key object (so cycles end), and values that JSON cannot
 * carry losslessly become strings: bigint and decimal as digits, datetimes as ISO 8601, blobs as
 * base64. Hidden properties are never written. See docs/serialization.md.
 */
import { ValueError } from '../errors/index.js';
import { isReadOnlyStub, type PopulatePath } from '../loading/index.js';
import { type EntityMetadata, metadataOfClass, type RelationMetadata } from '../mapping/index.js';
import { markedEntry } from '../unit-of-work/index.js';
import { converterOf, type RelationWriter, writerOf } from './serialize-writer.js';
import type { Serialized, SerializedPopulated, SerializeOptions } from './serialized-type.js';

type Bag = Record<string, unknown>;
/** A populate tree: the relations to expand below each level; `undefined`: every loaded one. */
type Tree = Map<string, Tree> | undefined;

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

class Serializer implements RelationWriter {
  /**
   * The entities being written, root to the current one: one met again is written as its key. An
   * array, since it is a few deep: `includes` beats a Set's hashing there.
   */
  private readonly path: object[] = [];

  entity(entity: object, meta: EntityMetadata, tree: Tree): Bag {
    if (this.path.includes(entity) || !isLoaded(entity)) return keyObject(entity, meta);
    this.path.push(entity);
    const out = writerOf(meta)(entity, this, tree);
    this.path.pop();
    return out;
  }

  toOne(value: object, relation: RelationMetadata, tree: unknown, name: string): unknown {
    const target = metaOf(value, relation.target) as EntityMetadata;
    const below = tree === undefined ? undefined : (tree as Map<string, Tree>).get(name);
    return tree === undefined || below !== undefined ? this.entity(value, target, below) : keyObject(value, target);
  }

  toMany(value: unknown, relation: RelationMetadata, tree: unknown, name: string): unknown {
    if (!Array.isArray(value)) return undefined;
    const below = tree === undefined ? undefined : (tree as Map<string, Tree>).get(name);
    if (tree !== undefined && below === undefined) return undefined;
    return value.map((m: object) => this.entity(m, metaOf(m, relation.target) as EntityMetadata, below));
  }
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
export function serialize<T extends object, const P extends PopulatePath<T> = never>(
  entities: readonly T[],
  options: { readonly populate: readonly P[] },
): SerializedPopulated<T, P>[];
export function serialize<T extends object, const P extends PopulatePath<T> = never>(
  entity: T,
  options: { readonly populate: readonly P[] },
): SerializedPopulated<T, P>;
export function serialize<T extends object>(entities: readonly T[], options?: SerializeOptions<T>): Serialized<T>[];
export function serialize<T extends object>(entity: T, options?: SerializeOptions<T>): Serialized<T>;
export function serialize(value: object, options: { readonly populate?: readonly string[] | undefined } = {}): unknown {
  const tree = treeOf(options.populate);
  const serializer = new Serializer();
  if (Array.isArray(value)) return value.map((e: object) => serializer.entity(e, rootMeta(e), tree));
  return serializer.entity(value, rootMeta(value), tree);
}

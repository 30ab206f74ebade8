/**
 * The rows of a joined populate into entities: each row is cut into one row per level (its
 * labelled columns back under their column names), every level's entity is hydrated once per key
 * through the materializer, and the relations are set as select-in sets them.
 */
import { type ColumnMetadata, GeneratedSource, literal, member, type RelationMetadata } from '../mapping/index.js';
import type { DialectTypes } from '../types/index.js';
import { identityKey, identityOf } from '../unit-of-work/index.js';
import type { Materializer } from './materializer.js';
import { columnLabel, type JoinedLevel } from './joined-select.js';

type Bag = Record<string, unknown>;
type Row = Readonly<Record<string, unknown>>;

/** What one level gathered from the rows. */
interface LevelState {
  /** The level's entities by key: the repeated rows of one entity hydrate it once. */
  readonly byKey: Map<unknown, object>;
  /** To-many: per owner (the parent level's entity), its members in first-seen order. */
  readonly many: Map<object, Set<object>>;
  /** To-one: per owner, the entity its row joined (null for none). */
  readonly one: Map<object, object | null>;
}

export interface JoinedRowsOptions {
  readonly levels: readonly JoinedLevel[];
  readonly materializer: Materializer;
  readonly types: DialectTypes;
  /** The root entity of a row (given the root's own columns): hydrated (find), or one of the entities being populated. */
  readonly root: (rootRow: Row, key: unknown) => object | undefined;
  /** Owners known before the rows: a to-many of theirs is set (empty) even when no row names them. */
  readonly owners?: readonly object[];
}

/** The key of `level`'s entity in `row` (driver values converted as hydration converts them); undefined for a NULL join. */
export function levelKey(level: JoinedLevel, row: Row, types: DialectTypes): unknown {
  const key = level.meta.primaryKey;
  if (key.length === 1)
    return types.fromDriver((key[0] as ColumnMetadata).type, row[level.keyLabels[0] as string]) ?? undefined;
  return identityKey(key.map((c, i) => types.fromDriver(c.type, row[level.keyLabels[i] as string])));
}

/**
 * The level's own columns of a joined row under their column names (what the hot paths read), as a
 * generated object literal: one fixed shape per level, where assigning labels one by one in a loop
 * made each row a dictionary-mode object and cost most of the assembly time.
 */
function levelRowSource(level: JoinedLevel): GeneratedSource {
  const src = new GeneratedSource();
  src.line('return {');
  level.columns.forEach((c, i) => {
    src.line(`${literal(c.name)}: ${member('row', columnLabel(level, i))},`, 2);
  });
  src.line('};');
  return src;
}

const readerTitle = (level: JoinedLevel) => `joined row reader: level ${level.index} (${level.meta.className})`;

function levelRowReader(level: JoinedLevel): (row: Row) => Row {
  return levelRowSource(level).compile(readerTitle(level), 'readLevelRow(row)');
}

/** The generated source of each level's row reader, printable (golden files pin it). */
export function describeJoinedRows(levels: readonly JoinedLevel[]): string {
  return levels.map((level) => levelRowSource(level).print(readerTitle(level), 'readLevelRow(row)')).join('\n');
}

const isToMany = (relation: RelationMetadata) => relation.kind === 'one-to-many' || relation.kind === 'many-to-many';

/** Hydrates the rows' entities level by level and sets the populated relations; returns the roots in row order. */
export function assembleRows(rows: readonly Row[], options: JoinedRowsOptions): object[] {
  const { levels, materializer, types } = options;
  const states = levels.map((): LevelState => ({ byKey: new Map(), many: new Map(), one: new Map() }));
  const readers = levels.map(levelRowReader);
  const levelRow = (level: JoinedLevel, row: Row) => (readers[level.index] as (row: Row) => Row)(row);
  const state = (level: JoinedLevel) => states[level.index] as LevelState;
  const root = levels[0] as JoinedLevel;
  for (const owner of options.owners ?? []) {
    for (const child of root.children) if (child.multiplies) state(child).many.set(owner, new Set());
  }
  const walk = (level: JoinedLevel, owner: object, row: Row) => {
    const key = levelKey(level, row, types);
    const s = state(level);
    let entity = key === undefined ? undefined : s.byKey.get(key);
    if (key !== undefined && !entity) {
      entity = materializer.entity(level.meta, levelRow(level, row));
      s.byKey.set(key, entity);
    }
    if (!isToMany(level.relation as RelationMetadata)) {
      if (!s.one.has(owner)) s.one.set(owner, entity ?? null);
    } else {
      let members = s.many.get(owner);
      if (!members) s.many.set(owner, (members = new Set()));
      if (entity) members.add(entity);
    }
    if (entity) for (const child of level.children) walk(child, entity, row);
  };
  for (const row of rows) {
    const key = levelKey(root, row, types);
    let entity = state(root).byKey.get(key);
    if (!entity) {
      entity = options.root(levelRow(root, row), key);
      if (!entity) continue;
      state(root).byKey.set(key, entity);
    }
    for (const child of root.children) walk(child, entity, row);
  }
  for (const level of levels) {
    const relation = level.relation;
    if (!relation) continue;
    if (isToMany(relation)) assignMany(materializer, relation, state(level).many);
    else assignOne(materializer, relation, state(level).one);
  }
  return [...state(root).byKey.values()];
}

/** A to-many loaded before into a managed instance keeps its array and its unflushed changes, as with select-in. */
function assignMany(materializer: Materializer, relation: RelationMetadata, members: Map<object, Set<object>>): void {
  for (const [owner, set] of members) {
    if (materializer.hasMembers(owner, relation.name)) continue;
    const list = [...set];
    (owner as Bag)[relation.name] = list;
    materializer.loadedMembers(owner, relation.name, list);
  }
}

/** An inverse one-to-one takes its row's entity; an owning to-one replaces only a stub of that same row. */
function assignOne(materializer: Materializer, relation: RelationMetadata, joined: Map<object, object | null>): void {
  const inverse = relation.joinColumns.length === 0;
  for (const [owner, entity] of joined) {
    const bag = owner as Bag;
    if (inverse) {
      bag[relation.name] = entity;
      continue;
    }
    const current = bag[relation.name];
    // Null, or a reference changed in memory and not flushed, is the owner's own value.
    if (!entity || current === entity || typeof current !== 'object' || current === null) continue;
    if (materializer.isLoaded(current)) continue;
    const target = relation.target;
    if (identityOf(target, current) === identityOf(target, entity)) bag[relation.name] = entity;
  }
}

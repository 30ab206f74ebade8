/**
 * Generates the compare function of one entity: its current column values against a snapshot,
 * returning the changed columns (old → new). Equality follows the column kind: Dates by time,
 * Buffers by bytes, json by stable serialisation, bigint by value, NaN equal to NaN, and null
 * equal to undefined.
 */
import type { ColumnKind } from '../../types/index.js';
import { checkForeignKeyValue, foreignKeyDisagrees } from '../foreign-key-scalars.js';
import type { ColumnMetadata, EntityMetadata, ForeignKeyPropertyMetadata } from '../metadata.js';
import { columnValues } from './column-values.js';
import { GeneratedSource, literal, member } from './generated-source.js';
import { stableJson } from './stable-json.js';

/** One changed column: `property` is the property path (`address.city`) or the relation (`author`). */
export interface ColumnChange {
  readonly column: string;
  readonly property: string;
  readonly old: unknown;
  readonly new: unknown;
}

/** What compare returns when nothing changed (shared, frozen: no allocation on the common path). */
export const NO_CHANGES: readonly ColumnChange[] = Object.freeze([]);

const SAME_NULL = '(a == null && b == null)';

function sameValue(kind: ColumnKind): string {
  switch (kind) {
    case 'float':
    case 'double':
      return `a === b || (a !== a && b !== b) || ${SAME_NULL}`;
    case 'datetime':
      return `a === b || (a instanceof Date && b instanceof Date && a.getTime() === b.getTime()) || ${SAME_NULL}`;
    case 'blob':
      return `a === b || (a instanceof Uint8Array && b instanceof Uint8Array && Buffer.compare(a, b) === 0) || ${SAME_NULL}`;
    default:
      return `a === b || ${SAME_NULL}`;
  }
}

/** A to-one reference read by the compare statements: its local (`r2`) and the key properties of its target. */
export interface ComparedReference {
  readonly local: string;
  readonly keys: readonly string[];
}

/**
 * Emits the statements that compare `e` with its snapshot `s`, pushing each changed column onto
 * `changes` (declared by the caller with `a` and `b`). Returns the to-one references it read, whose
 * locals the caller may use after the statements.
 */
export function emitCompare(src: GeneratedSource, entity: EntityMetadata): ComparedReference[] {
  const values = columnValues(src, entity);
  const scalars = scalarsByColumn(entity);
  for (const [column, value] of values) {
    const scalar = scalars?.get(column);
    if (scalar) {
      emitScalarCompare(src, entity, column, value, scalar);
      continue;
    }
    const where = `column: ${literal(column.name)}, property: ${literal(column.property)}`;
    src.line(`a = s[${literal(column.name)}];`);
    if (column.type.kind === 'json') {
      const json = src.constant('json', stableJson, 'stable JSON text');
      const parse = src.constant('parse', parseJson, 'JSON.parse of a snapshot value');
      src.line(`b = ${value};`);
      src.line(`if (a !== ${json}(b)) (changes ??= []).push({ ${where}, old: ${parse}(a), new: b });`);
    } else {
      src.line(`b = ${value};`);
      src.line(`if (!(${sameValue(column.type.kind)})) (changes ??= []).push({ ${where}, old: a, new: b });`);
    }
  }
  return entity.properties.flatMap((property, i) => {
    if (property.kind !== 'relation' || property.relation.joinColumns.length === 0) return [];
    const { relation } = property;
    const keys = relation.joinColumns.map((_, k) => (relation.target.primaryKey[k] as { property: string }).property);
    return [{ local: `r${i}`, keys }];
  });
}

/** Only classes with scalar foreign keys get a map: the others' code is generated as before. */
function scalarsByColumn(entity: EntityMetadata): Map<ColumnMetadata, ForeignKeyPropertyMetadata> | undefined {
  const list = entity.foreignKeyProperties;
  if (!list || list.length === 0) return undefined;
  return new Map(list.map((p) => [p.column, p]));
}

/**
 * The FK column of a relation with a scalar beside it (`company` / `companyId`): a changed relation
 * wins, and a scalar changed to another key beside it is refused; a scalar changed alone is
 * written, checked, and reported under its own name (the planner writes its value). Keys compare
 * by `===` (integers, bigints, strings), null equal to undefined.
 */
function emitScalarCompare(
  src: GeneratedSource,
  entity: EntityMetadata,
  column: ColumnMetadata,
  value: string,
  scalar: ForeignKeyPropertyMetadata,
): void {
  const i = entity.foreignKeyProperties?.indexOf(scalar) ?? 0;
  const meta = src.constant('fkMeta', entity, `the metadata of ${entity.className}`);
  const fk = src.constant(`fk${i}`, scalar, `the scalar foreign key ${scalar.name}`);
  const disagree = src.constant('disagree', foreignKeyDisagrees, 'foreignKeyDisagrees');
  const check = src.constant('checkKey', checkForeignKeyValue, 'checkForeignKeyValue');
  const same = (x: string, y: string) => `(${x} === ${y} || (${x} == null && ${y} == null))`;
  const change = (property: string, now: string) =>
    `(changes ??= []).push({ column: ${literal(column.name)}, property: ${literal(property)}, old: a, new: ${now} });`;
  const relation = scalar.foreignKeyOf.name;
  src.line(`a = s[${literal(column.name)}];`);
  src.line(`b = ${value};`);
  src.line('{');
  src.line(`const v = ${member('e', scalar.name)};`, 2);
  // A reference to an entity without a key yet (inserted by this flush) is a changed relation too.
  src.line(`if (!${same('b', 'a')} || (b === undefined && ${member('e', relation)} != null)) {`, 2);
  src.line(`if (!${same('v', 'a')} && v !== b) throw ${disagree}(${meta}, ${fk}, e, v, b);`, 3);
  src.line(`if (!${same('b', 'a')}) ${change(relation, 'b')}`, 3);
  src.line(`} else if (!${same('v', 'a')}) ${change(scalar.name, `${check}(${meta}, ${fk}, v)`)}`, 2);
  src.line('}');
}

export function comparatorSource(entity: EntityMetadata): {
  source: GeneratedSource;
  title: string;
  signature: string;
} {
  const src = new GeneratedSource();
  src.constant('NO_CHANGES', NO_CHANGES, 'the shared empty result');
  src.line('let changes, a, b;');
  emitCompare(src, entity);
  src.line('return changes === undefined ? NO_CHANGES : changes;');
  const name = `compare${entity.className}`;
  return {
    source: src,
    title: `${name}: the columns of a ${entity.className} that differ from its snapshot (${entity.name})`,
    signature: `${name}(e, s)`,
  };
}

function parseJson(text: unknown): unknown {
  return typeof text === 'string' ? JSON.parse(text) : null;
}

/**
 * Generates the snapshot function of one entity: a flat record of its column values keyed by
 * column name, with to-one relations as the referenced key, copies of Dates and Buffers (so
 * in-place changes show), and json as its stable serialisation.
 */
import type { EntityMetadata } from '../metadata.js';
import { GeneratedSource, literal } from './generated-source.js';
import { columnValues } from './column-values.js';
import { stableJson } from './stable-json.js';

/** Column values by column name, as `snapshot` took them. */
export type Snapshot = Readonly<Record<string, unknown>>;

export function snapshotSource(entity: EntityMetadata): { source: GeneratedSource; title: string; signature: string } {
  const src = new GeneratedSource();
  const values = columnValues(src, entity);
  const entries: string[] = [];
  for (const [column, value] of values) {
    let copy = value;
    if (column.type.kind === 'datetime') copy = `${src.constant('date', copyDate, 'a copy of a Date')}(${value})`;
    if (column.type.kind === 'blob') copy = `${src.constant('bytes', copyBytes, 'a copy of a Buffer')}(${value})`;
    if (column.type.kind === 'json') copy = `${src.constant('json', stableJson, 'stable JSON text')}(${value})`;
    entries.push(`${literal(column.name)}: ${copy},`);
  }
  src.line('return {');
  for (const entry of entries) src.line(entry, 2);
  src.line('};');
  const name = `snapshot${entity.className}`;
  return {
    source: src,
    title: `${name}: the column values of a ${entity.className} (${entity.name})`,
    signature: `${name}(e)`,
  };
}

function copyDate(value: unknown): unknown {
  return value instanceof Date ? new Date(value.getTime()) : value;
}

function copyBytes(value: unknown): unknown {
  return value instanceof Uint8Array ? Buffer.from(value) : value;
}

/**
 * Hydrate, snapshot and compare: the generated per-mapper functions against a naive loop over the
 * metadata (what an ORM without code generation does per row: walk the properties, call
 * fromDriver on every column), on 100,000 rows shaped as each driver returns them, for a Book
 * (conversion-heavy) and a Chinook Customer (little to convert). Prints rows per second.
 *
 *   npx tsx benchmarks/hydration.ts [rows]
 */
import { Customer } from '../fixtures/chinook/entities';
import { chinookMappers } from '../fixtures/chinook/mappers';
import { Book } from '../fixtures/entities/book';
import { libraryMappers } from '../fixtures/entities/mappers';
import { mysqlTypes } from '../lib/dialects/mysql/types';
import { postgresTypes } from '../lib/dialects/postgres/types';
import { sqliteTypes } from '../lib/dialects/sqlite/types';
import { type ColumnMetadata, type EntityMetadata, MetadataRegistry, pascalCaseNaming } from '../lib/mapping';
import { stableJson } from '../lib/mapping/hot-paths/stable-json';
import type { DialectTypes } from '../lib/types/dialect-types';

type Row = Record<string, unknown>;
type Bag = Record<string, unknown>;

const ROWS = Number(process.argv[2] ?? 100_000);
const library = new MetadataRegistry(libraryMappers);
const chinook = new MetadataRegistry(chinookMappers, { naming: pascalCaseNaming });

/** A Book row as each driver returns it (see docs/types.md). */
function bookRow(dialect: string, i: number): Row {
  const common = { id: `0190a6b2-7c1e-7a3b-8c4d-${String(i).padStart(12, '0')}`, title: `Book ${i}`, price: '12.50' };
  const rest = {
    sales: String(i * 1000),
    rating: 4.25,
    weight: 0.5,
    status: 'published',
    summary: null,
    author_id: i % 100,
  };
  if (dialect === 'postgres') {
    return {
      ...common,
      ...rest,
      published_at: '2021-03-14 07:00:00+00',
      in_print: true,
      metadata: { languages: ['en'] },
    };
  }
  return { ...common, ...rest, published_at: '2021-03-14 07:00:00.000', in_print: 1, metadata: '{"languages":["en"]}' };
}

/** A Chinook Customer row: strings, ints and NULLs, the same from every driver. */
function customerRow(_dialect: string, i: number): Row {
  return {
    CustomerId: i,
    FirstName: 'Leonie',
    LastName: `Köhler ${i}`,
    Company: null,
    Address: 'Theodor-Heuss-Straße 34',
    City: 'Stuttgart',
    State: null,
    Country: 'Germany',
    PostalCode: '70174',
    Phone: '+49 0711 2842222',
    Fax: null,
    Email: 'leonekohler@surfeu.de',
    SupportRepId: 5,
  };
}

// --- the naive versions: one walk over the metadata per row, fromDriver on every column ---

function naiveHydrate(entity: EntityMetadata, types: DialectTypes, row: Row): object {
  const e = Object.create(entity.entityClass.prototype) as Bag;
  const read = (c: ColumnMetadata) => types.fromDriver(c.type, row[c.name]);
  for (const property of entity.properties) {
    if (property.kind === 'column') e[property.name] = read(property.column);
    else if (property.kind === 'embedded') {
      const values = property.fields.map((f) => read(f.column));
      if (property.nullable && values.every((v) => v == null)) e[property.name] = null;
      else {
        const o = Object.create(property.embeddableClass.prototype) as Bag;
        property.fields.forEach((f, i) => {
          o[f.property] = values[i];
        });
        e[property.name] = o;
      }
    } else if (property.relation.joinColumns.length > 0) {
      const { relation } = property;
      const keys = relation.joinColumns.map(read);
      if (keys.every((k) => k == null)) e[property.name] = null;
      else {
        const r = Object.create(relation.target.entityClass.prototype) as Bag;
        relation.target.primaryKey.forEach((c, i) => {
          r[c.property] = keys[i];
        });
        e[property.name] = r;
      }
    }
  }
  return e;
}

/** Calls `visit` with each column and its current value, walking the properties. */
function eachValue(entity: EntityMetadata, e: Bag, visit: (column: ColumnMetadata, value: unknown) => void): void {
  for (const property of entity.properties) {
    const value = e[property.name] as Bag | null | undefined;
    if (property.kind === 'column') visit(property.column, value);
    else if (property.kind === 'embedded') {
      for (const f of property.fields) visit(f.column, value == null ? null : value[f.property]);
    } else {
      const { joinColumns, target } = property.relation;
      joinColumns.forEach((c, i) => {
        visit(c, value == null ? null : value[target.primaryKey[i]!.property]);
      });
    }
  }
}

function naiveSnapshot(entity: EntityMetadata, e: object): Row {
  const snapshot: Row = {};
  eachValue(entity, e as Bag, (column, v) => {
    snapshot[column.name] = column.type.kind === 'json' ? stableJson(v) : v instanceof Date ? new Date(v.getTime()) : v;
  });
  return snapshot;
}

function naiveCompare(entity: EntityMetadata, e: object, snapshot: Row): unknown[] {
  const changes: unknown[] = [];
  eachValue(entity, e as Bag, (column, value) => {
    const a = snapshot[column.name];
    const b = column.type.kind === 'json' ? stableJson(value) : value;
    const same =
      a === b || (a instanceof Date && b instanceof Date && a.getTime() === b.getTime()) || (a == null && b == null);
    if (!same) changes.push({ column: column.name, old: a, new: b });
  });
  return changes;
}

// --- measuring ---

function rate(run: () => void): number {
  run(); // warm-up: lets V8 optimise before the measured runs
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const start = process.hrtime.bigint();
    run();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return ROWS / best;
}

function line(dialect: string, op: string, generated: number, naive: number): string {
  const n = (x: number) => Math.round(x).toLocaleString('en-US').padStart(12);
  return `${dialect.padEnd(9)} ${op.padEnd(9)} ${n(generated)} ${n(naive)} ${(generated / naive).toFixed(1).padStart(5)}x`;
}

interface Workload {
  readonly title: string;
  readonly registry: MetadataRegistry;
  readonly entity: EntityMetadata;
  readonly rowOf: (dialect: string, i: number) => Row;
}

const WORKLOADS: Workload[] = [
  {
    title: 'Book: uuid, decimal, datetime, bigint, json, boolean, a FK (conversions dominate)',
    registry: library,
    entity: library.get(Book),
    rowOf: bookRow,
  },
  {
    title: 'Chinook Customer: strings, ints, an embeddable, a FK (little to convert)',
    registry: chinook,
    entity: chinook.get(Customer),
    rowOf: customerRow,
  },
];

console.log(`${ROWS.toLocaleString('en-US')} rows per run, best of 3 after a warm-up`);
for (const workload of WORKLOADS) {
  const { entity } = workload;
  console.log(`\n${workload.title}, ${entity.columns.length} columns`);
  console.log(
    `${'dialect'.padEnd(9)} ${'op'.padEnd(9)} ${'generated/s'.padStart(12)} ${'naive/s'.padStart(12)}  ratio`,
  );
  for (const [dialect, types] of Object.entries({ sqlite: sqliteTypes, postgres: postgresTypes, mysql: mysqlTypes })) {
    const paths = workload.registry.hotPaths(entity, types);
    const rows = Array.from({ length: ROWS }, (_, i) => workload.rowOf(dialect, i));
    const objects = rows.map((r) => paths.hydrate(r));
    const snapshots = objects.map((o) => paths.snapshot(o));
    let misses = 0;
    const measure = (op: string, generated: () => number, naive: () => number) => {
      const g = rate(() => {
        misses += generated();
      });
      const n = rate(() => {
        misses += naive();
      });
      console.log(line(dialect, op, g, n));
    };
    measure(
      'hydrate',
      () => rows.reduce((k, r) => k + (paths.hydrate(r) ? 0 : 1), 0),
      () => rows.reduce((k, r) => k + (naiveHydrate(entity, types, r) ? 0 : 1), 0),
    );
    measure(
      'snapshot',
      () => objects.reduce((k, o) => k + (paths.snapshot(o) ? 0 : 1), 0),
      () => objects.reduce((k, o) => k + (naiveSnapshot(entity, o) ? 0 : 1), 0),
    );
    measure(
      'compare',
      () => objects.reduce((k, o, i) => k + paths.compare(o, snapshots[i]!).length, 0),
      () => objects.reduce((k, o, i) => k + naiveCompare(entity, o, snapshots[i]!).length, 0),
    );
    if (misses !== 0) throw new Error('a function returned nothing, or found changes where there were none');
  }
}

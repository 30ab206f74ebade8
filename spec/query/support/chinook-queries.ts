/**
 * Runs the query layer's SELECTs against the Chinook database the mapping spec's loader made: a
 * Tabula Database opened on the same data (the loader's SQLite file, found through
 * `PRAGMA database_list`; PostgreSQL's `t_mapping_chinook` schema through one pooled connection's
 * search_path), and hydrates the rows with the mapper's generated hydrator.
 */
import { chinookMappers } from '../../../fixtures/chinook/mappers';
import { connect, type Database } from '../../../lib/dialects';
import {
  type EntityClass,
  MetadataRegistry,
  pascalCaseNaming,
  snakeCaseNaming,
  toSnakeCase,
} from '../../../lib/mapping';
import { buildSelect, type SelectQuery } from '../../../lib/query';
import { sql } from '../../../lib/sql';
import { type ChinookDatabase, loadChinook } from '../../mapping/support/chinook-database';
import type { MatrixContext } from '../../support/matrix';

export interface ChinookQueries {
  readonly raw: ChinookDatabase;
  readonly registry: MetadataRegistry;
  /** The entities a query finds, hydrated. */
  find<T extends object>(cls: EntityClass<T>, query: SelectQuery<T>): Promise<T[]>;
  /** An identifier of the dialect's Chinook script (`TrackId` or `track_id`), quoted. */
  name(pascal: string): string;
  /** The first column of a raw SELECT's rows, as numbers. */
  ids(rawSql: string): Promise<number[]>;
  close(): Promise<void>;
}

export async function openChinook(ctx: MatrixContext): Promise<ChinookQueries> {
  const raw = await loadChinook(ctx);
  let db: Database;
  if (ctx.dialect === 'sqlite') {
    const [main] = await raw.select('PRAGMA database_list');
    db = await connect({ url: `sqlite:${String(main?.file)}` });
  } else if (ctx.dialect === 'postgres') {
    db = await connect({ url: ctx.url, pool: { size: 1 } });
    await db.execute(sql`SET search_path TO t_mapping_chinook`);
  } else {
    db = await connect({ url: ctx.url, pool: { size: 1 } });
  }
  const registry = new MetadataRegistry(chinookMappers, {
    naming: ctx.dialect === 'postgres' ? snakeCaseNaming : pascalCaseNaming,
  });
  const name = (pascal: string) => raw.quote(ctx.dialect === 'postgres' ? toSnakeCase(pascal) : pascal);
  return {
    raw,
    registry,
    name,
    async find<T extends object>(cls: EntityClass<T>, query: SelectQuery<T>) {
      const meta = registry.get(cls);
      const rows = await db.query(buildSelect(meta, { types: db.dialect.types, ...query }));
      const hydrate = registry.hotPaths(meta, db.dialect.types).hydrate;
      return rows.map((row) => hydrate(row) as T);
    },
    async ids(rawSql: string) {
      return (await raw.select(rawSql)).map((row) => Number(Object.values(row)[0]));
    },
    async close() {
      await db.close();
      await raw.close();
    },
  };
}

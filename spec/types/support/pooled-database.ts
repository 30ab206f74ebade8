/**
 * Tabula's pooled drivers (`connect()`), behind one small interface for the round-trip specs.
 * Statements run as SQL text with values already converted by the dialect's column types, so
 * what is tested is the types plus the pooled driver's configuration (pg type parsers and UTC,
 * mysql2's string options and session setup, SQLite's pragmas), with no SQL compiler in between.
 */
import { connect } from '../../../lib/dialects/connect';
import type { DialectTypes } from '../../../lib/types/dialect-types';
import type { DialectName, MatrixContext } from '../../support/matrix';

export type Row = Record<string, unknown>;

export interface PooledDatabase {
  readonly dialect: DialectName;
  /** The connected dialect's column types. */
  readonly types: DialectTypes;
  /** `$1` on PostgreSQL, `?` elsewhere. */
  placeholder(position: number): string;
  run(sql: string, params?: readonly unknown[]): Promise<void>;
  /**
   * The rows of a SELECT (without a LIMIT of its own), once per way the pooled driver can return
   * them: MySQL gives them through the text protocol and the binary protocol, which convert
   * differently.
   */
  selectEveryWay(sql: string): Promise<Record<string, Row[]>>;
  close(): Promise<void>;
}

/** A LIMIT no round trip reaches, bound as a parameter (see selectEveryWay). */
const NO_LIMIT = 2 ** 31;

export async function openPooledDatabase(ctx: MatrixContext): Promise<PooledDatabase> {
  const db = await connect(ctx.url);
  const select = async (sql: string, params: readonly unknown[] = []): Promise<Row[]> =>
    (await db.pool.run({ sql, params })).rows.map((row) => ({ ...row }));
  return {
    dialect: ctx.dialect,
    types: db.dialect.types,
    placeholder: (position) => (ctx.dialect === 'postgres' ? `$${position}` : '?'),
    run: async (sql, params = []) => {
      await db.pool.run({ sql, params });
    },
    selectEveryWay: async (sql): Promise<Record<string, Row[]>> => {
      if (ctx.dialect !== 'mysql') return { pool: await select(sql) };
      // The pooled MySQL driver sends a statement without parameters as a plain query (text
      // protocol) and one with parameters as a prepared statement (binary protocol); a bound
      // LIMIT that cuts nothing gives the same SELECT a parameter.
      return { text: await select(sql), binary: await select(`${sql} LIMIT ?`, [NO_LIMIT]) };
    },
    close: () => db.close(),
  };
}

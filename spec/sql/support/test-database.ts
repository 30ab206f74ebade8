/**
 * The matrix database through Tabula's pooled drivers (`connect()`), for the execution specs.
 * Nodes are compiled by the connected dialect (its real column types and the capabilities it
 * detected on the server) and run on pooled connections; rows come back as the pooled driver
 * gives them.
 */
import type { Connection } from '../../../lib/connection/connection';
import type { RawResult } from '../../../lib/connection/driver';
import { connect } from '../../../lib/dialects/connect';
import type { Dialect } from '../../../lib/dialects/dialect';
import type { SqlNode } from '../../../lib/sql/nodes';
import type { MatrixContext } from '../../support/matrix';
import { pinConnections } from './pinned-connections';

export interface SqlSession {
  /** The connected dialect: `compile`, `types`, `ddl`, `capabilities`. */
  readonly dialect: Dialect;
  /** Runs SQL text with already converted parameters. */
  query(sql: string, params?: readonly unknown[]): Promise<RawResult>;
  /** Compiles a node for this dialect and runs it. */
  run(node: SqlNode): Promise<RawResult>;
}

/** Statements on any connection of the pool (autocommit). */
export interface TestDatabase extends SqlSession {
  close(): Promise<void>;
}

export async function openTestDatabase(ctx: MatrixContext): Promise<TestDatabase> {
  const db = await connect(ctx.url);
  return {
    dialect: db.dialect,
    query: (sql, params = []) => db.pool.run({ sql, params }),
    run: (node) => db.execute(node),
    close: () => db.close(),
  };
}

/** Sessions that each keep one pooled connection, so a transaction or a lock stays on it. */
export async function openSessions(
  ctx: MatrixContext,
  count: number,
): Promise<{ sessions: SqlSession[]; close(): Promise<void> }> {
  const { db, connections, close } = await pinConnections(ctx.url, count);
  return { sessions: connections.map((c) => sessionOn(db.dialect, c)), close };
}

function sessionOn(dialect: Dialect, connection: Connection): SqlSession {
  return {
    dialect,
    query: (sql, params = []) => connection.run({ sql, params }),
    run: (node) => connection.run(dialect.compile(node)),
  };
}

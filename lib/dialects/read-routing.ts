/**
 * Which statements a replica may answer, and the Queryable that sends them there. A statement
 * the ORM built is a read when it is a SELECT without a row lock; raw SQL (`findBySql`, the
 * `sql` tag) only when its text is a plain query: it starts with SELECT, WITH, VALUES, TABLE or
 * SHOW and names nothing that writes or locks. Anything else goes to the primary.
 */
import type { CompiledQuery, ReadSession, ReplicaRouter, RunOptions } from '../connection/index.js';
import type { SqlNode } from '../sql/index.js';
import type { Queryable } from './database.js';
import type { Dialect } from './dialect.js';

const READ_START = /^[\s(]*(select|with|values|table|show)\b/i;
// SELECT … INTO creates a table (PostgreSQL) or writes a file (MySQL); the functions write or lock.
const WRITES =
  /\b(insert|update|delete|merge|into|create|drop|alter|truncate|grant|lock|for\s+(update|share|no\s+key\s+update|key\s+share)|nextval|setval|get_lock|pg_advisory\w*|pg_wal_replay_\w+|sleep)\b/i;

/** Whether a replica may answer this statement. */
export function isReadStatement(statement: SqlNode, compiled: CompiledQuery): boolean {
  if (statement.kind === 'select') return statement.lock === undefined;
  if (statement.kind !== 'raw') return false;
  return READ_START.test(compiled.sql) && !WRITES.test(stripComments(compiled.sql));
}

function stripComments(sql: string): string {
  return sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ');
}

/** Statements of `session` through the router: reads to a replica when one may answer, the rest to the primary. */
export function routedQueryable(dialect: Dialect, router: ReplicaRouter, session: ReadSession | undefined): Queryable {
  const execute = (statement: SqlNode, options?: RunOptions) => {
    const compiled = dialect.compile(statement);
    const runOptions = options?.signal ? { signal: options.signal } : {};
    return isReadStatement(statement, compiled)
      ? router.run(compiled, runOptions, session)
      : router.primary.run(compiled, runOptions);
  };
  return {
    execute,
    query: async <Row>(statement: SqlNode, options?: RunOptions) => (await execute(statement, options)).rows as Row[],
  };
}

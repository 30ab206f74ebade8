/**
 * A recording dialect for unit tests: real SQL from SQLite's compiler and types, and a runner
 * that records every statement instead of sending it. Generated keys are answered from a
 * counter, so a plan can be executed and its statements asserted with no database.
 */
import { SqliteCompiler } from '../../lib/dialects/sqlite/compiler';
import { sqliteTypes } from '../../lib/dialects/sqlite/types';
import type { DialectCapabilities } from '../../lib/sql';
import type { PlanRunner } from '../../lib/flush';
import type { PlanTarget } from '../../lib/flush';

export interface RecordedStatement {
  readonly sql: string;
  readonly params: readonly unknown[];
}

export const RECORDING_CAPABILITIES: DialectCapabilities = Object.freeze({
  serverVersion: '3.45.0',
  hasReturning: true,
  hasUpdateReturning: true,
  hasDeleteReturning: true,
  supportsRowLocks: false,
  supportsSkipLocked: false,
  supportsNowait: false,
  maxBindParameters: 32_766,
  maxPacketBytes: Number.POSITIVE_INFINITY,
  insertIdStep: 1,
  consecutiveInsertIds: true,
  streamsStatementRows: true,
});

export class RecordingDialect implements PlanTarget, PlanRunner {
  readonly statements: RecordedStatement[] = [];
  readonly types = sqliteTypes;
  readonly autoIncrementStep = 1;
  readonly hasReturning: boolean;
  readonly maxBindParameters: number;
  private readonly compiler: SqliteCompiler;
  private nextId = 1;

  constructor(capabilities: Partial<DialectCapabilities> = {}) {
    const merged = { ...RECORDING_CAPABILITIES, ...capabilities };
    this.compiler = new SqliteCompiler(sqliteTypes, merged);
    this.hasReturning = merged.hasReturning;
    this.maxBindParameters = merged.maxBindParameters;
  }

  compile: PlanTarget['compile'] = (node) => this.compiler.compile(node);

  /** Records the statement; an INSERT … RETURNING gets one generated id per row. */
  async run(query: RecordedStatement) {
    this.statements.push({ sql: query.sql, params: [...query.params] });
    const match = /RETURNING "([^"]+)"$/.exec(query.sql);
    const rowCount = (query.sql.match(/\), \(/g)?.length ?? 0) + 1;
    if (match && query.sql.startsWith('INSERT')) {
      const rows = Array.from({ length: rowCount }, () => ({ [match[1] as string]: this.nextId++ }));
      return { rows, affectedRows: rows.length };
    }
    return { rows: [], affectedRows: Number.MAX_SAFE_INTEGER };
  }
}

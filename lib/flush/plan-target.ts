/**
 * The dialect facts a flush is planned and executed for, built by one function for `em.plan()` and
 * `em.flush()` alike, so that what the plan shows is what the flush sends.
 */
import type { DialectCapabilities, SqlNode } from '../sql/index.js';
import type { DialectTypes } from '../types/index.js';

/** Compiles one statement node to SQL text and parameters. */
export type CompileStatement = (node: SqlNode) => { readonly sql: string; readonly params: readonly unknown[] };

/** What planning needs from the dialect. */
export interface PlanTarget {
  readonly maxBindParameters: number;
  compile: CompileStatement;
  /** One INSERT per row for generated keys (no RETURNING and no safe way to correlate ids). */
  readonly insertOneRowPerStatement?: boolean;
  /** INSERT … RETURNING is available; without it generated keys come from the driver's insertId. */
  readonly hasReturning: boolean;
  /** Compile each statement so the plan shows its SQL (default); a flush leaves that to execution. */
  readonly compileStatements?: boolean;
  /** Rows per chunk where prepared statements are reused by text (DialectCapabilities.preparedChunkRows). */
  readonly preparedChunkRows?: number | undefined;
}

/** A plan target that execution can also read generated keys for. */
export interface FlushTarget extends PlanTarget {
  readonly insertOneRowPerStatement: boolean;
  readonly types: DialectTypes;
  /** Without RETURNING: the server's auto_increment_increment (ids of one INSERT step by it). */
  readonly autoIncrementStep: number;
}

/** The dialect as a flush sees it: its capabilities (as detected, with any overrides), compiler and types. */
export interface FlushDialect {
  readonly capabilities: DialectCapabilities;
  readonly compile: CompileStatement;
  readonly types: DialectTypes;
}

export interface FlushTargetOptions {
  /**
   * Compile every statement while planning, so the plan shows its SQL (`em.plan()`). A flush plans
   * without it and compiles each statement once, at execution, with generated keys resolved: the
   * SQL is the same.
   */
  readonly compileStatements: boolean;
}

/**
 * How generated keys of a multi-row INSERT are paired with its rows, and everything else planning
 * and execution read from the dialect. Without RETURNING (MySQL): ids of a multi-row INSERT are
 * consecutive from insertId, stepping by auto_increment_increment, but only when
 * innodb_autoinc_lock_mode is 0 or 1 (the dialect reads both when it connects); otherwise one
 * INSERT per row.
 */
export function flushTarget(dialect: FlushDialect, options: FlushTargetOptions): FlushTarget {
  const c = dialect.capabilities;
  const pairsIdsByStep = !c.hasReturning && c.consecutiveInsertIds;
  return {
    maxBindParameters: c.maxBindParameters,
    compile: dialect.compile,
    types: dialect.types,
    hasReturning: c.hasReturning,
    insertOneRowPerStatement: !c.hasReturning && !c.consecutiveInsertIds,
    autoIncrementStep: pairsIdsByStep ? c.insertIdStep : 1,
    compileStatements: options.compileStatements,
    ...(c.preparedChunkRows !== undefined ? { preparedChunkRows: c.preparedChunkRows } : {}),
  };
}

/** What execution needs: a statement runner bound to the flush's transaction, and the dialect. */
export interface PlanRunner {
  run(query: { readonly sql: string; readonly params: readonly unknown[] }): Promise<{
    readonly rows: Record<string, unknown>[];
    readonly affectedRows: number;
    readonly insertId?: number | bigint;
  }>;
  compile: CompileStatement;
  readonly types: DialectTypes;
  readonly hasReturning: boolean;
  /** Without RETURNING: the server's auto_increment_increment (ids of one INSERT step by it). */
  readonly autoIncrementStep: number;
}

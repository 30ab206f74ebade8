/**
 * The heart of the recording database: compiles statements with a real dialect's compiler and,
 * instead of sending them, records them and answers as a fresh, empty database would — generated
 * keys from a counter per table, no rows for a SELECT, every row matched for an UPDATE or DELETE.
 */
import type { CompiledQuery, RawResult } from '../connection/index.js';
import type { Dialect } from '../dialects/index.js';
import type { SqlNode } from '../sql/index.js';

/** A statement as the driver would have received it. */
export interface RecordedStatement {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/**
 * Answers a statement in place of the database; `undefined` keeps the default answer. Fields left
 * out of the answer are empty (`rows: []`, `affectedRows: 0`).
 * @example (s) => (s.sql.startsWith('SELECT COUNT') ? { rows: [{ count: 3 }] } : undefined)
 */
export type RespondToStatement = (statement: RecordedStatement) => Partial<RawResult> | undefined;

/** What the compiler knew about a statement that its text no longer says plainly. */
type StatementShape =
  | {
      readonly kind: 'insert';
      readonly table: string;
      readonly rows: number;
      readonly returning: readonly { readonly name: string; readonly isKey: boolean }[];
    }
  | { readonly kind: 'write' };

/**
 * An UPDATE or DELETE reports that it matched every row it names: the planner's row-count check
 * (a stale version, a missing row) passes. The true count is unknowable without the rows.
 */
const EVERY_ROW = Number.MAX_SAFE_INTEGER;
const WRITE = /^\s*(UPDATE|DELETE)\b/i;

export class StatementRecorder {
  readonly statements: RecordedStatement[] = [];
  /** Keyed by the compiled parameter list, which travels unchanged from compiler to driver. */
  private readonly shapes = new WeakMap<readonly unknown[], StatementShape>();
  private readonly nextIds = new Map<string, number>();

  constructor(
    readonly dialect: Dialect,
    private readonly respond: RespondToStatement | undefined,
  ) {}

  /** Compiles for the dialect, remembering what the answer to the statement needs. */
  compile(node: SqlNode): CompiledQuery {
    const compiled = this.dialect.compile(node);
    if (node.kind === 'insert') {
      const returning = node.returning.map((item) => ({
        name: item.alias ?? (item.expression.kind === 'column' ? item.expression.name : ''),
        // A key column (integer, or untyped) gets the generated id; a column read back for its
        // database default (.defaultSql) gets NULL, as no database computed it.
        isKey:
          item.expression.kind !== 'column' ||
          item.expression.type === undefined ||
          item.expression.type.kind === 'integer' ||
          item.expression.type.kind === 'bigint',
      }));
      this.shapes.set(compiled.params, { kind: 'insert', table: node.table, rows: node.rows.count, returning });
    } else if (node.kind === 'update' || node.kind === 'batch-update' || node.kind === 'delete') {
      this.shapes.set(compiled.params, { kind: 'write' });
    }
    return compiled;
  }

  /** Records a statement and answers it. */
  async run(query: RecordedStatement): Promise<RawResult> {
    const statement: RecordedStatement = { sql: query.sql, params: [...query.params] };
    this.statements.push(statement);
    const answer = this.respond?.(statement);
    if (answer) return { rows: [], affectedRows: 0, ...answer };
    // A raw `sql` UPDATE or DELETE never went through compile(): its text says what it is.
    const shape = this.shapes.get(query.params) ?? (WRITE.test(query.sql) ? { kind: 'write' } : undefined);
    if (shape?.kind === 'insert') return this.answerInsert(shape);
    return { rows: [], affectedRows: shape?.kind === 'write' ? EVERY_ROW : 0 };
  }

  /** Forgets the recorded statements; generated keys go on counting. */
  clear(): void {
    this.statements.length = 0;
  }

  /** Keys as a fresh table would generate them: per table, from 1, by the server's step. */
  private answerInsert(shape: Extract<StatementShape, { kind: 'insert' }>): RawResult {
    const step = this.dialect.capabilities.insertIdStep;
    const first = this.nextIds.get(shape.table) ?? 1;
    this.nextIds.set(shape.table, first + shape.rows * step);
    const ids = Array.from({ length: shape.rows }, (_, i) => first + i * step);
    if (shape.returning.length === 0) return { rows: [], affectedRows: shape.rows, insertId: first };
    const rows = ids.map((id) => Object.fromEntries(shape.returning.map((c) => [c.name, c.isKey ? id : null])));
    return { rows, affectedRows: shape.rows };
  }
}

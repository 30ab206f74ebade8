/**
 * The recording dialect: a Tabula whose EntityManagers compile real SQL for SQLite, PostgreSQL or
 * MySQL/MariaDB and record every statement instead of sending it. A service runs against it as it
 * would against a database; the test asserts the plan (`em.plan()`, `planSummary`) or the
 * statements a flush sent — no server, no file.
 */
import { type DriverConnection, type DriverPool, Pool, QueryEvents, type RawResult } from '../connection/index.js';
import {
  Database,
  type Dialect,
  type DialectCapabilities,
  type DialectName,
  offlineDialect,
} from '../dialects/index.js';
import { type AnyEntityMapper, MetadataRegistry, type NamingStrategy } from '../mapping/index.js';
import type { CompiledQuery, SqlNode } from '../sql/index.js';
import { type Tabula, tabulaOver } from '../tabula.js';
import { type RecordedStatement, type RespondToStatement, StatementRecorder } from './statement-recorder.js';

export interface RecordingOptions {
  /** Whose SQL to write (default 'sqlite'). 'mysql' compiles for a recent MariaDB. */
  readonly dialect?: DialectName;
  /** What the pretended server can do, over a recent server's (`{ hasReturning: false }`: MySQL 8). */
  readonly capabilities?: Partial<DialectCapabilities>;
  /** Answers statements in place of the database (rows for a SELECT, an affected-row count). */
  readonly respond?: RespondToStatement;
}

/** What `open` needs besides the dialect: the mappers of `Tabula.connect`. */
export interface RecordingTabulaOptions {
  readonly mappers: readonly AnyEntityMapper[];
  readonly naming?: NamingStrategy;
}

/** One connection that records; the pool hands it to every caller. */
class RecordingConnection implements DriverConnection {
  readonly id = 1;

  constructor(private readonly recorder: StatementRecorder) {}

  run(sql: string, params: readonly unknown[]): Promise<RawResult> {
    return this.recorder.run({ sql, params });
  }

  async *stream(sql: string, params: readonly unknown[]): AsyncIterable<Record<string, unknown>> {
    yield* (await this.recorder.run({ sql, params })).rows;
  }
}

class RecordingPool implements DriverPool {
  readonly size = 1;
  private readonly connection: RecordingConnection;

  constructor(recorder: StatementRecorder) {
    this.connection = new RecordingConnection(recorder);
  }

  async acquire(): Promise<DriverConnection> {
    return this.connection;
  }

  release(): void {}

  async close(): Promise<void> {}

  stats() {
    return { total: 1, idle: 1, inUse: 0, waiting: 0 };
  }
}

/**
 * Records statements instead of sending them. Answers as a fresh, empty database would: an
 * INSERT gets generated keys counted per table from 1, a SELECT no rows, an UPDATE or DELETE
 * "every row matched"; `respond` answers otherwise.
 *
 * @example
 * const recording = new RecordingDialect({ dialect: 'postgres' });
 * const em = recording.open({ mappers }).em.fork();
 * em.persist(new Author('Ann'), new Author('Bob'));
 * expect(planSummary(em.plan())).to.deep.equal([{ kind: 'insert', table: 'authors', rows: 2 }]);
 * await em.flush();
 * expect(recording.sql).to.deep.equal([
 *   'BEGIN',
 *   'INSERT INTO "authors" ("name") SELECT * FROM unnest($1::varchar(100)[]) RETURNING "id"',
 *   'COMMIT',
 * ]);
 */
export class RecordingDialect {
  readonly #recorder: StatementRecorder;
  readonly #database: Database;

  constructor(options: RecordingOptions = {}) {
    const offline = offlineDialect(options.dialect ?? 'sqlite', options.capabilities);
    this.#recorder = new StatementRecorder(offline, options.respond);
    const dialect: Dialect = { ...offline, compile: (node) => this.#recorder.compile(node) };
    const pool = new Pool(new RecordingPool(this.#recorder), dialect, new QueryEvents(false), 1_000);
    this.#database = new Database(dialect, pool);
  }

  /** Whose SQL this writes. */
  get name(): DialectName {
    return this.#database.dialect.name;
  }

  /** What the pretended server can do. */
  get capabilities(): DialectCapabilities {
    return this.#database.dialect.capabilities;
  }

  /** A Tabula whose EntityManagers run on this recording; synchronous, no server. */
  open(options: RecordingTabulaOptions): Tabula {
    const registry = new MetadataRegistry(options.mappers, options.naming ? { naming: options.naming } : {});
    return tabulaOver(this.#database, registry, undefined);
  }

  /** Every statement recorded since the last `clear()`, transaction control included, in order. */
  get statements(): readonly RecordedStatement[] {
    return this.#recorder.statements;
  }

  /** The SQL text of `statements`. */
  get sql(): string[] {
    return this.#recorder.statements.map((s) => s.sql);
  }

  /** Compiles a SQL node as this dialect would (nothing is recorded). */
  compile(node: SqlNode): CompiledQuery {
    return this.#recorder.compile(node);
  }

  /** Forgets the recorded statements (say, after arranging a test's data); keys go on counting. */
  clear(): void {
    this.#recorder.clear();
  }
}

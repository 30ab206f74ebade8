/**
 * Query events: every statement the connection layer runs is reported once, after it finished,
 * to the listeners registered on its pool.
 */

/** One executed statement. */
export interface QueryEvent {
  readonly sql: string;
  readonly paramCount: number;
  /** The bound values, only when the pool was created with `logParams: true`. */
  readonly params?: readonly unknown[];
  readonly durationMs: number;
  /** Rows returned, or rows affected for statements that return none. */
  readonly rowCount: number;
  /** The connection's server-side id (PostgreSQL backend pid, MySQL thread id, SQLite counter). */
  readonly connectionId: number;
  /** Set when the statement failed. */
  readonly error?: Error;
  /** The replica (`host:port`) that ran the statement; absent for the primary (docs/scaling.md). */
  readonly server?: string;
}

export type QueryListener = (event: QueryEvent) => void;

/** A small listener list; a throwing listener is reported to stderr, never to the query's caller. */
export class QueryEvents {
  private listeners: QueryListener[] = [];

  constructor(readonly logParams = false) {}

  /** Adds a listener; returns the function that removes it. */
  on(listener: QueryListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  get hasListeners(): boolean {
    return this.listeners.length > 0;
  }

  emit(event: QueryEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (e) {
        process.stderr.write(`[tabula] a query listener threw: ${(e as Error).stack ?? String(e)}\n`);
      }
    }
  }
}

/** A replica's events: its statements reach the primary's listeners, marked with the replica's name. */
export class ServerQueryEvents extends QueryEvents {
  constructor(
    private readonly parent: QueryEvents,
    private readonly server: string,
  ) {
    super(parent.logParams);
  }

  override on(listener: QueryListener): () => void {
    return this.parent.on(listener);
  }

  override get hasListeners(): boolean {
    return this.parent.hasListeners;
  }

  override emit(event: QueryEvent): void {
    this.parent.emit({ ...event, server: this.server });
  }
}

/**
 * A listener that prints each statement readably, for debugging. For leveled application logs
 * (pino, console), use the `logger` option of `connect` instead (docs/logging.md).
 *
 * @example
 * db.onQuery(debugLogger());
 * // [tabula] conn 4127  1.8 ms  3 rows  select "id", "name" from "authors" where "id" = $1  [1 param]
 */
export function debugLogger(write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): QueryListener {
  return (e) => {
    const outcome = e.error ? `FAILED: ${e.error.message.split('\n')[0]}` : `${e.rowCount} rows`;
    write(
      `[tabula] conn ${e.connectionId}  ${e.durationMs.toFixed(1)} ms  ${outcome}  ${compactSql(e.sql)}  [${describeParams(e)}]`,
    );
  };
}

/** The statement on one line, cut after `maxLength` characters (a 1,000-row INSERT is not a log line). */
export function compactSql(sql: string, maxLength = Number.POSITIVE_INFINITY): string {
  const line = sql.replace(/\s+/g, ' ').trim();
  return line.length <= maxLength ? line : `${line.slice(0, maxLength)}… (${line.length} characters)`;
}

/** `2 params`, or `2 params ["x",1n]` when the event carries the values. */
export function describeParams(e: Pick<QueryEvent, 'paramCount' | 'params'>): string {
  const values = e.params?.length
    ? ` ${JSON.stringify(e.params, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}`
    : '';
  return `${e.paramCount} param${e.paramCount === 1 ? '' : 's'}${values}`;
}

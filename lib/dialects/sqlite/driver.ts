/**
 * The SQLite pool over `sqlite3`: one writer connection per file, used by one caller at a time
 * (SQLite allows a single writer anyway, so queueing here beats SQLITE_BUSY), plus optional
 * read-only connections for reads outside transactions when the database is a file in WAL mode.
 */
import type sqlite3 from 'sqlite3';
import { ClosedError, ConfigError } from '../../errors/index.js';
import type { AcquireOptions, DriverConnection, DriverPool, PoolStats, RawResult } from '../../connection/index.js';

export interface SqliteSettings {
  /** A file path, or ':memory:'. */
  readonly filename: string;
  /** Read-only connections besides the writer (files only). Default 0. */
  readonly readers: number;
  /** How long SQLite waits for a lock held by another process before SQLITE_BUSY. */
  readonly busyTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly statementTimeoutMs?: number;
  /** `PRAGMA journal_mode` of a file database: 'wal', or a rollback-journal mode. Default 'wal'. */
  readonly journalMode?: string;
}

let nextId = 1;

/**
 * Whether a statement yields rows (so it runs with `all`) or not (so it runs with `run`, which
 * reports changes and the last rowid). Reads the top-level keywords, skipping comments, string
 * literals, quoted identifiers and parenthesised parts (CTE bodies, subqueries).
 */
export function returnsRows(sql: string): boolean {
  // The common cases without a scan of the whole text (a 10,000-row INSERT is half a megabyte).
  const head = /^\s*([A-Za-z]+)/.exec(sql)?.[1]?.toLowerCase();
  if (head === 'select' || head === 'pragma' || head === 'values' || head === 'explain') return true;
  if ((head === 'insert' || head === 'update' || head === 'delete') && !/returning/i.test(sql)) return false;
  const words: string[] = [];
  let depth = 0;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i] as string;
    if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 1;
    } else if (ch === "'" || ch === '"' || ch === '`' || ch === '[') {
      const close = ch === '[' ? ']' : ch;
      let j = i + 1;
      while (j < sql.length && !(sql[j] === close && sql[j + 1] !== close)) j += sql[j] === close ? 2 : 1;
      i = j;
    } else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && /[A-Za-z_]/.test(ch)) {
      let j = i;
      while (j < sql.length && /[A-Za-z0-9_$]/.test(sql[j] as string)) j++;
      words.push(sql.slice(i, j).toLowerCase());
      i = j - 1;
    }
  }
  if (words.includes('returning')) return true;
  const main = words[0] === 'with' ? words.find((w) => MAIN_KEYWORDS.has(w)) : words[0];
  return main !== undefined && ROW_KEYWORDS.has(main);
}

const MAIN_KEYWORDS = new Set(['select', 'insert', 'update', 'delete', 'replace', 'values']);
const ROW_KEYWORDS = new Set(['select', 'values', 'pragma', 'explain']);

function open(driver: typeof sqlite3, filename: string, mode: number): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new driver.Database(filename, mode, (e) => (e ? reject(e) : resolve(db)));
  });
}

class SqliteConnection implements DriverConnection {
  readonly id = nextId++;
  lastUsed = Date.now();

  constructor(
    readonly db: sqlite3.Database,
    readonly isReader: boolean,
    private readonly statementTimeoutMs: number | undefined,
  ) {}

  run(sql: string, params: readonly unknown[], knownToReturnRows?: boolean): Promise<RawResult> {
    const values = params as unknown[];
    const timer = this.armTimeout();
    return new Promise<RawResult>((resolve, reject) => {
      const done = (e: Error | null, result?: RawResult) => {
        if (timer) clearTimeout(timer);
        if (e) reject(e);
        else resolve(result as RawResult);
      };
      if (knownToReturnRows ?? returnsRows(sql)) {
        this.db.all(sql, values, (e: Error | null, rows: Record<string, unknown>[]) =>
          done(e, e ? undefined : { rows, affectedRows: rows.length }),
        );
      } else {
        this.db.run(sql, values, function (this: sqlite3.RunResult, e: Error | null) {
          done(e, e ? undefined : { rows: [], affectedRows: this?.changes ?? 0, insertId: this?.lastID });
        });
      }
    });
  }

  async *stream(sql: string, params: readonly unknown[]): AsyncIterable<Record<string, unknown>> {
    const stmt = await new Promise<sqlite3.Statement>((resolve, reject) => {
      const s = this.db.prepare(sql, params as unknown[], (e: Error | null) => (e ? reject(e) : resolve(s)));
    });
    try {
      while (true) {
        const row = await new Promise<Record<string, unknown> | undefined>((resolve, reject) =>
          stmt.get((e: Error | null, r: Record<string, unknown> | undefined) => (e ? reject(e) : resolve(r))),
        );
        if (row === undefined) return;
        yield row;
      }
    } finally {
      await new Promise<void>((resolve) => stmt.finalize(() => resolve()));
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.db.close(() => resolve()));
  }

  /**
   * Brings a connection whose state is unknown back to autocommit with Tabula's settings. True
   * when it is usable again; false when the handle itself is gone (closed, corrupt).
   */
  async reset(): Promise<boolean> {
    await this.run('ROLLBACK', []).catch(() => undefined);
    try {
      await this.run('PRAGMA query_only = OFF', []);
      await this.run('PRAGMA foreign_keys = ON', []);
      return true;
    } catch {
      return false;
    }
  }

  private armTimeout(): NodeJS.Timeout | undefined {
    if (this.statementTimeoutMs === undefined) return undefined;
    // interrupt() aborts whatever this connection runs; each connection runs one statement at a time.
    return setTimeout(() => this.db.interrupt(), this.statementTimeoutMs);
  }
}

interface Waiter {
  readonly readOnly: boolean;
  resolve(c: SqliteConnection): void;
  reject(e: unknown): void;
}

export class SqlitePool implements DriverPool {
  private writer: SqliteConnection | undefined;
  private writerBusy = false;
  private openingWriter: Promise<SqliteConnection> | undefined;
  private readonly idleReaders: SqliteConnection[] = [];
  private readersOpen = 0;
  private readonly waiters: Waiter[] = [];
  private closing = false;
  private readonly idleTimer: NodeJS.Timeout;

  constructor(
    private readonly driver: typeof sqlite3,
    private readonly settings: SqliteSettings,
  ) {
    this.idleTimer = setInterval(() => this.closeIdleReaders(), Math.max(1000, settings.idleTimeoutMs / 2));
    this.idleTimer.unref();
  }

  get isMemory(): boolean {
    return this.settings.filename === ':memory:' || this.settings.filename === '';
  }

  get size(): number {
    return 1 + this.readerLimit;
  }

  private get readerLimit(): number {
    return this.isMemory ? 0 : this.settings.readers;
  }

  /** Opens the writer now, so configuration errors surface at connect time. */
  async warmUp(): Promise<void> {
    const c = await this.acquire({});
    this.release(c, false);
  }

  async acquire(options: AcquireOptions): Promise<SqliteConnection> {
    if (this.closing) throw new ClosedError('This SQLite pool is closed; connect again.');
    if (options.readOnly && this.readerLimit > 0) {
      const idle = this.idleReaders.pop();
      if (idle) return idle;
      if (this.readersOpen < this.readerLimit) return this.openReader();
    }
    if (!this.writerBusy) {
      this.writerBusy = true;
      try {
        return await this.getWriter();
      } catch (e) {
        this.writerBusy = false;
        this.handOver();
        throw e;
      }
    }
    return new Promise((resolve, reject) => this.waiters.push({ readOnly: !!options.readOnly, resolve, reject }));
  }

  release(connection: DriverConnection, destroy: boolean): void {
    const c = connection as SqliteConnection;
    c.lastUsed = Date.now();
    if (c.isReader) {
      if (destroy || this.closing) {
        this.readersOpen--;
        void c.close();
      } else this.idleReaders.push(c);
      this.handOver();
      return;
    }
    if (!destroy) {
      this.writerBusy = false;
      this.handOver();
      return;
    }
    // Reset rather than replace when the handle still works: a new writer of a :memory: database
    // would be a new, empty database. Only a dead handle is replaced.
    void c.reset().then((usable) => {
      if (!usable) {
        this.writer = undefined;
        void c.close();
      }
      this.writerBusy = false;
      this.handOver();
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.idleTimer);
    for (const w of this.waiters.splice(0)) w.reject(new ClosedError('The SQLite pool was closed while waiting.'));
    while (this.writerBusy || this.readersOpen > this.idleReaders.length) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const all = [...this.idleReaders.splice(0), ...(this.writer ? [this.writer] : [])];
    this.writer = undefined;
    this.readersOpen = 0;
    await Promise.all(all.map((c) => c.close()));
  }

  /** interrupt() is SQLite's own cancel, safe from this thread; a connection runs one statement at a time. */
  cancel(connection: DriverConnection): Promise<void> {
    (connection as SqliteConnection).db.interrupt();
    return Promise.resolve();
  }

  stats(): PoolStats {
    const open = (this.writer ? 1 : 0) + this.readersOpen;
    const inUse = (this.writerBusy ? 1 : 0) + this.readersOpen - this.idleReaders.length;
    return { total: open, idle: open - inUse, inUse, waiting: this.waiters.length };
  }

  private handOver(): void {
    if (this.closing) return;
    const readerIndex = this.waiters.findIndex((w) => w.readOnly);
    if (readerIndex >= 0 && (this.idleReaders.length > 0 || this.readersOpen < this.readerLimit)) {
      const [w] = this.waiters.splice(readerIndex, 1);
      const idle = this.idleReaders.pop();
      if (idle) w?.resolve(idle);
      else this.openReader().then(w?.resolve, w?.reject);
    }
    if (!this.writerBusy && this.waiters.length > 0) {
      const w = this.waiters.shift() as Waiter;
      this.writerBusy = true;
      this.getWriter().then(w.resolve, (e) => {
        this.writerBusy = false;
        w.reject(e);
        this.handOver();
      });
    }
  }

  private getWriter(): Promise<SqliteConnection> {
    if (this.writer) return Promise.resolve(this.writer);
    this.openingWriter ??= this.openConnection(false).finally(() => {
      this.openingWriter = undefined;
    });
    return this.openingWriter.then((c) => (this.writer = c));
  }

  private async openReader(): Promise<SqliteConnection> {
    this.readersOpen++;
    try {
      return await this.openConnection(true);
    } catch (e) {
      this.readersOpen--;
      throw e;
    }
  }

  private async openConnection(reader: boolean): Promise<SqliteConnection> {
    const { filename, busyTimeoutMs } = this.settings;
    const { driver } = this;
    const mode = reader ? driver.OPEN_READONLY : driver.OPEN_READWRITE | driver.OPEN_CREATE;
    const db = await open(driver, filename, mode | driver.OPEN_FULLMUTEX);
    const c = new SqliteConnection(db, reader, this.settings.statementTimeoutMs);
    db.configure('busyTimeout', busyTimeoutMs);
    const pragmas = ['PRAGMA foreign_keys = ON', 'PRAGMA case_sensitive_like = ON'];
    const journalMode = this.settings.journalMode ?? 'wal';
    // NORMAL is safe against a killed process in WAL mode; a rollback journal keeps SQLite's FULL,
    // which NORMAL would weaken against a power loss.
    if (!this.isMemory && !reader && journalMode === 'wal') pragmas.unshift('PRAGMA synchronous = NORMAL');
    try {
      if (!this.isMemory && !reader) await this.setJournalMode(c, journalMode);
      for (const p of pragmas) await c.run(p, []);
    } catch (e) {
      await c.close();
      throw e;
    }
    return c;
  }

  /** SQLite answers a journal mode it cannot switch to (another process has the file open) with the old one. */
  private async setJournalMode(c: SqliteConnection, mode: string): Promise<void> {
    const { rows } = await c.run(`PRAGMA journal_mode = ${mode.toUpperCase()}`, []);
    const now = String(rows[0]?.journal_mode ?? '').toLowerCase();
    if (now !== mode) {
      throw new ConfigError(
        `SQLite kept journal_mode ${now || '(unknown)'} instead of ${mode} for ${this.settings.filename}: another connection (another process) may have the file open in the other mode; close it first.`,
      );
    }
  }

  private closeIdleReaders(): void {
    const cutoff = Date.now() - this.settings.idleTimeoutMs;
    for (let i = this.idleReaders.length - 1; i >= 0; i--) {
      const c = this.idleReaders[i] as SqliteConnection;
      if (c.lastUsed < cutoff) {
        this.idleReaders.splice(i, 1);
        this.readersOpen--;
        void c.close();
      }
    }
  }
}

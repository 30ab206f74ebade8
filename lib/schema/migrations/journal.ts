/**
 * The journal: the table that records which migrations were applied, with the checksum each was
 * applied with, and, on MySQL, how far a migration that failed halfway got.
 */
import type { CompiledQuery, Connection, Transaction } from '../../connection/index.js';
import type { Dialect } from '../../dialects/index.js';
import { type SqlNode, sql, type TableDescription } from '../../sql/index.js';
import type { ColumnType } from '../../types/index.js';

export const DEFAULT_JOURNAL_TABLE = 'tabula_migrations';

const NAME: ColumnType = { kind: 'string', length: 255 };
const CHECKSUM: ColumnType = { kind: 'string', length: 64 };
const STATE: ColumnType = { kind: 'string', length: 16 };
const STEP: ColumnType = { kind: 'integer' };
const APPLIED_AT: ColumnType = { kind: 'datetime' };
const ERROR: ColumnType = { kind: 'text' };

export type JournalState = 'applied' | 'running' | 'failed';

export interface JournalRow {
  readonly name: string;
  readonly checksum: string;
  readonly appliedAt: Date;
  /** `applied`; on MySQL also `running` (a run that died mid-migration) or `failed`. */
  readonly state: JournalState;
  /** Statements that took effect (MySQL's partial progress; the total for an applied one). */
  readonly step: number;
  readonly error: string | null;
}

/** Where journal statements run: a transaction, or a connection in autocommit. */
type Runner = Pick<Connection, 'run'> | Pick<Transaction, 'run'>;

export class Journal {
  constructor(
    private readonly dialect: Dialect,
    readonly table: string,
  ) {}

  private compile(node: SqlNode): CompiledQuery {
    return this.dialect.compile(node);
  }

  describe(): TableDescription {
    return {
      name: this.table,
      columns: [
        { name: 'name', type: NAME, primaryKey: true },
        { name: 'checksum', type: CHECKSUM },
        { name: 'applied_at', type: APPLIED_AT },
        { name: 'state', type: STATE },
        { name: 'step', type: STEP },
        { name: 'error', type: ERROR, nullable: true },
      ],
    };
  }

  async exists(runner: Runner): Promise<boolean> {
    const rows = (await runner.run({ sql: this.dialect.ddl.listTables(), params: [] })).rows;
    return rows.some((r) => String(r.name) === this.table);
  }

  /** Creates the table when missing; call it under the lock (or in the write transaction). */
  async ensure(runner: Runner): Promise<void> {
    if (await this.exists(runner)) return;
    for (const statement of this.dialect.ddl.createTable(this.describe()))
      await runner.run({ sql: statement, params: [] });
  }

  async read(runner: Runner, name?: string): Promise<JournalRow[]> {
    const t = sql.id(this.table);
    const where = name === undefined ? sql`` : sql` WHERE ${sql.id('name')} = ${sql.value(name, NAME)}`;
    const result = await runner.run(
      this.compile(
        sql`SELECT ${sql.id('name')}, ${sql.id('checksum')}, ${sql.id('applied_at')}, ${sql.id('state')}, ${sql.id('step')}, ${sql.id('error')} FROM ${t}${where} ORDER BY ${sql.id('name')}`,
      ),
    );
    const types = this.dialect.types;
    return result.rows.map((r) => ({
      name: String(r.name),
      checksum: String(r.checksum),
      appliedAt: types.fromDriver(APPLIED_AT, r.applied_at) as Date,
      state: String(r.state) as JournalState,
      step: Number(r.step),
      error: r.error === null || r.error === undefined ? null : String(r.error),
    }));
  }

  /** Records `name` (replacing a failed attempt's row). */
  async record(runner: Runner, row: Omit<JournalRow, 'appliedAt'>): Promise<void> {
    await this.remove(runner, row.name);
    const v = (value: unknown, type: ColumnType) => sql.value(value, type);
    await runner.run(
      this.compile(
        sql`INSERT INTO ${sql.id(this.table)} (${sql.id('name')}, ${sql.id('checksum')}, ${sql.id('applied_at')}, ${sql.id('state')}, ${sql.id('step')}, ${sql.id('error')}) VALUES (${v(row.name, NAME)}, ${v(row.checksum, CHECKSUM)}, ${v(new Date(), APPLIED_AT)}, ${v(row.state, STATE)}, ${v(row.step, STEP)}, ${v(row.error, ERROR)})`,
      ),
    );
  }

  /** Sets how far a migration got (MySQL, after each statement). */
  async progress(runner: Runner, name: string, state: JournalState, step: number, error: string | null): Promise<void> {
    await runner.run(
      this.compile(
        sql`UPDATE ${sql.id(this.table)} SET ${sql.id('state')} = ${sql.value(state, STATE)}, ${sql.id('step')} = ${sql.value(step, STEP)}, ${sql.id('error')} = ${sql.value(error, ERROR)}, ${sql.id('applied_at')} = ${sql.value(new Date(), APPLIED_AT)} WHERE ${sql.id('name')} = ${sql.value(name, NAME)}`,
      ),
    );
  }

  async remove(runner: Runner, name: string): Promise<void> {
    await runner.run(
      this.compile(sql`DELETE FROM ${sql.id(this.table)} WHERE ${sql.id('name')} = ${sql.value(name, NAME)}`),
    );
  }
}

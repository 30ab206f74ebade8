/**
 * Batch statement forms at 10,000 rows, old beside new beside hand-written SQL, every form run
 * through the raw driver (sqlite3, pg, mysql2) so only the statement shape differs:
 *   update: keyed batch UPDATE with a version match (title, version), one stale row;
 *   delete: keyed DELETE by (id, version).
 * "old" is the CASE form / literal IN list; "new" is what the compilers emit now; "raw" is the
 * best hand-written SQL for the database (per-row prepared statements in one transaction on
 * SQLite and MySQL, one unnest / ANY statement on PostgreSQL). Statements are chunked under the
 * bind ceiling as the unit of work does. Prints medians over --runs.
 *
 *   npx tsx benchmarks/batch-sql.ts [--pg url] [--mysql url] [--n 10000] [--runs 5]
 */
import { connect } from '../lib/dialects/connect';
import type { Dialect } from '../lib/dialects/dialect';
import { MysqlCompiler } from '../lib/dialects/mysql/compiler';
import { PostgresCompiler } from '../lib/dialects/postgres/compiler';
import { SqliteCompiler } from '../lib/dialects/sqlite/compiler';
import type { CompileContext } from '../lib/sql/compiled-query';
import type { SqlCompiler } from '../lib/sql/compiler';
import { type BatchUpdateNode, batchUpdate, column, deleteFrom, inList, row, type SqlNode } from '../lib/sql/nodes';
import { openRawDriver, type RawDriver } from './batch-sql-raw';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] as string) : fallback;
};
const N = Number(arg('n', '10000'));
const RUNS = Number(arg('runs', '5'));
const TABLE = 't_bench_batch';
const big = { kind: 'bigint' } as const;
const int = { kind: 'integer' } as const;
const title = { kind: 'string', length: 40 } as const;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** The compilers as they were: CASE arms per row (and untyped, hence literal, IN lists below). */
class OldSqlite extends SqliteCompiler {
  protected override compileBatchUpdate(node: BatchUpdateNode, ctx: CompileContext): string {
    return this.compileBatchUpdateCase(node, ctx);
  }
}
class OldPostgres extends PostgresCompiler {
  protected override compileBatchUpdate(node: BatchUpdateNode, ctx: CompileContext): string {
    return this.compileBatchUpdateCase(node, ctx);
  }
}
class OldMysql extends MysqlCompiler {
  protected override compileBatchUpdate(node: BatchUpdateNode, ctx: CompileContext): string {
    return this.compileBatchUpdateCase(node, ctx);
  }
}

function oldCompiler(dialect: Dialect): SqlCompiler {
  const Old = { sqlite: OldSqlite, postgres: OldPostgres, mysql: OldMysql }[dialect.name];
  return new Old(dialect.types, dialect.capabilities);
}

function updateNodes(chunk: number): SqlNode[] {
  const rows = Array.from({ length: N }, (_, i) => ({
    key: [BigInt(i + 1)],
    match: [i === 4 ? 99 : 1],
    values: [`n${i + 1}`, 2],
  }));
  const nodes: SqlNode[] = [];
  for (let s = 0; s < N; s += chunk) {
    nodes.push(
      batchUpdate({
        table: TABLE,
        keys: [{ name: 'id', type: big }],
        match: [{ name: 'version', type: int }],
        columns: [
          { name: 'title', type: title },
          { name: 'version', type: int },
        ],
        rows: rows.slice(s, s + chunk),
      }),
    );
  }
  return nodes;
}

function deleteNodes(chunk: number, typed: boolean): SqlNode[] {
  const id = column('id', typed ? { type: big } : {});
  const version = column('version', typed ? { type: int } : {});
  const pairs = Array.from({ length: N }, (_, i) => [typed ? BigInt(i + 1) : i + 1, 1]);
  const nodes: SqlNode[] = [];
  for (let s = 0; s < N; s += chunk) {
    nodes.push(deleteFrom({ table: TABLE, where: inList(row(id, version), pairs.slice(s, s + chunk)) }));
  }
  return nodes;
}

async function time(raw: RawDriver, work: () => Promise<number>): Promise<string> {
  const runs: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    await raw.seed(N);
    const t = performance.now();
    let affected: number;
    try {
      affected = await work();
    } catch (e) {
      return `fails: ${(e as Error).message.split('\n')[0]}`;
    }
    runs.push(performance.now() - t);
    if (affected < N - 1) return `affected only ${affected}`;
  }
  return `${median(runs).toFixed(1)} ms`;
}

async function bench(url: string): Promise<void> {
  const db = await connect(url);
  const dialect = db.dialect;
  await db.close();
  const raw = await openRawDriver(dialect, url, TABLE);
  const old = oldCompiler(dialect);
  const max = dialect.capabilities.maxBindParameters;
  const run = async (compile: (n: SqlNode) => { sql: string; params: readonly unknown[] }, nodes: SqlNode[]) => {
    let affected = 0;
    for (const node of nodes) affected += await raw.run(compile(node));
    return affected;
  };
  // Nodes are built before the clock starts: what is timed is compiling and running them.
  const updates = { old: updateNodes(Math.floor(max / 6)), new: updateNodes(Math.floor(max / 4)) };
  const deletes = { old: deleteNodes(Math.floor(max / 2), false), new: deleteNodes(Math.floor(max / 2), true) };
  const results: Record<string, string> = {
    'update old (CASE)': await time(raw, () => run((n) => old.compile(n), updates.old)),
    'update new': await time(raw, () => run(dialect.compile, updates.new)),
    'update raw': await time(raw, () => raw.handUpdate(N)),
    'delete old (IN list)': await time(raw, () => run((n) => old.compile(n), deletes.old)),
    'delete new': await time(raw, () => run(dialect.compile, deletes.new)),
    'delete raw': await time(raw, () => raw.handDelete(N)),
  };
  await raw.close();
  console.log(`\n${dialect.name} ${dialect.capabilities.serverVersion}, ${N} rows, median of ${RUNS}`);
  for (const [k, v] of Object.entries(results)) console.log(`  ${k.padEnd(22)} ${v}`);
}

async function main(): Promise<void> {
  await bench('sqlite:/tmp/tabula-batch-sql-bench.db');
  const pg = arg('pg', process.env.TABULA_TEST_PG_URL ?? '');
  const mysql = arg('mysql', process.env.TABULA_TEST_MYSQL_URL ?? '');
  if (pg) await bench(pg);
  if (mysql) await bench(mysql);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

/**
 * The dialect matrix: `describeEachDialect` registers one suite per database. SQLite always runs
 * (on a temp file, and on `:memory:` when asked); PostgreSQL and MariaDB run when a server was
 * given through TABULA_TEST_PG_URL / TABULA_TEST_MYSQL_URL or started by the global setup.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type DialectName = 'sqlite' | 'postgres' | 'mysql';
export type MatrixTarget = DialectName | 'sqlite-memory';

export interface MatrixContext {
  /** The database family under test. */
  readonly dialect: DialectName;
  /** The matrix entry, which tells a SQLite file from `:memory:`. */
  readonly target: MatrixTarget;
  /** A connection URL for the database under test (a fresh file per suite for SQLite). */
  readonly url: string;
}

interface MatrixState {
  urls: Partial<Record<DialectName, string>>;
  skipped: Partial<Record<DialectName, string>>;
  counts: Record<MatrixTarget, number>;
}

const state: MatrixState = {
  urls: { sqlite: 'sqlite' },
  skipped: {},
  counts: { sqlite: 0, 'sqlite-memory': 0, postgres: 0, mysql: 0 },
};

export function matrixState(): MatrixState {
  return state;
}

export interface EachDialectOptions {
  /** Also run the suite on `sqlite::memory:` (for behaviour that differs for in-memory databases). */
  readonly sqliteMemory?: boolean;
  /** Limit the suite to these dialects (the others are not registered). */
  readonly only?: readonly DialectName[];
}

/**
 * Registers `body` once per available database. Inside `body`, read `ctx.url` in hooks or tests
 * (never at registration time: servers start after the spec files are loaded).
 *
 * A dialect that turns out to be unavailable is skipped whole: its tests are pending and none of
 * the body's hooks run, so `after(() => db.close())` needs no guard against a `db` never opened.
 */
export function describeEachDialect(
  title: string,
  body: (ctx: MatrixContext) => void,
  options: EachDialectOptions = {},
): void {
  const targets: MatrixTarget[] = ['sqlite'];
  if (options.sqliteMemory) targets.push('sqlite-memory');
  targets.push('postgres', 'mysql');
  for (const target of targets) {
    const dialect: DialectName = target === 'sqlite-memory' ? 'sqlite' : target;
    if (options.only && !options.only.includes(dialect)) continue;
    let url = '';
    let tempDir: string | undefined;
    const ctx: MatrixContext = {
      dialect,
      target,
      get url() {
        if (!url) throw new Error(`matrix: ${target} URL read before the suite started`);
        return url;
      },
    };
    describe(`${title} [${target}]`, () => {
      before(function () {
        if (dialect === 'sqlite') {
          if (target === 'sqlite-memory') url = 'sqlite::memory:';
          else {
            tempDir = mkdtempSync(join(tmpdir(), 'tabula-sqlite-'));
            url = `sqlite:${join(tempDir, 'test.db')}`;
          }
          return;
        }
        const serverUrl = state.urls[dialect];
        if (!serverUrl) {
          // Skip the suite, not just its tests: mocha runs a suite's after/afterEach hooks even
          // when its `before` calls this.skip(), and the body's hooks would then close or drop a
          // database that was never opened. A pending suite runs none of its hooks (nor those of
          // the suites nested in it).
          const suite = this.test?.parent;
          if (suite) suite.pending = true;
          this.skip();
        }
        url = serverUrl;
      });
      afterEach(function () {
        const s = this.currentTest?.state;
        if (s === 'passed' || s === 'failed') state.counts[target] += 1;
      });
      body(ctx);
      // After the body, so the body's own after hooks still find the SQLite file.
      after(() => {
        if (tempDir) rmSync(tempDir, { recursive: true, force: true });
      });
    });
  }
}

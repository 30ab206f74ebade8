/**
 * SIGKILL of a SQLite writer in the middle of a 10,000-row flush, in WAL mode and with the
 * rollback journal (`journal_mode = DELETE`). A child process flushes the rows in one unit of
 * work and says when BEGIN went out; the parent kills it after a random delay drawn across the
 * flush's duration (and a little past it, so some kills land after COMMIT), then opens the file as
 * the next process would and checks `PRAGMA integrity_check` and the row count: exactly the count
 * before the flush or the count after it, never anything between.
 *
 * SQLite only: the database lives in the killed process's files. A client process killed in front
 * of PostgreSQL or MariaDB leaves the server's data to the server's own transaction handling (the
 * session ends, its open transaction rolls back), which other scenarios cover.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { type SqliteJournalMode, sql, Tabula } from '../../lib';
import { Random } from '../../lib/testing';
import { LedgerMapper } from './support/entities';
import { type Figure, recordFigures, runs } from './support/figures';

const ROWS = 10_000;
const RUNS = runs(20, 200);
/** Children started ahead of their run: their start-up overlaps the runs before them. */
const WARM = 2;
const WRITER = join(__dirname, 'support', 'sqlite-writer.ts');
const ROOT = join(__dirname, '..', '..');
const SEED = process.env.TABULA_SEED ?? String(Date.now());

/** A started child and what it has said so far. */
interface Writer {
  readonly child: ChildProcessWithoutNullStreams;
  readonly run: number;
  /** Resolves with the time the child said `line`; rejects when it exits first. */
  said(line: 'ready' | 'begin' | 'committed'): Promise<number>;
  readonly exited: Promise<NodeJS.Signals | number | null>;
  readonly heard: Set<string>;
}

/**
 * The writer as one CommonJS file. A child started with `--import tsx` spends about a second
 * compiling and loading lib/ before it can write, which for 40 runs is most of the scenario's CI
 * budget; bundled once (esbuild comes with tsx), a child is ready in about a quarter of that. The
 * file sits inside the repository so that the drivers resolve from its node_modules.
 */
function bundleWriter(): string {
  const dir = join(ROOT, '.tmp');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, `sqlite-writer-${process.pid}.cjs`);
  const esbuild = require('esbuild') as typeof import('esbuild');
  esbuild.buildSync({
    entryPoints: [WRITER],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    external: ['sqlite3', 'pg', 'mysql2', 'inversify'],
    logLevel: 'warning',
  });
  return outfile;
}

function startWriter(bundle: string, file: string, mode: SqliteJournalMode, run: number): Writer {
  const child = spawn(process.execPath, [bundle, file, mode, String(ROWS), String(run)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const heard = new Set<string>();
  const waiting = new Map<string, (at: number) => void>();
  let output = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.on('data', (d) => {
    output += d;
    const lines = output.split('\n');
    output = lines.pop() ?? '';
    for (const line of lines) {
      heard.add(line);
      waiting.get(line)?.(Date.now());
    }
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  return {
    child,
    run,
    heard,
    exited,
    said: (line) =>
      new Promise<number>((resolve, reject) => {
        if (heard.has(line)) return resolve(Date.now());
        waiting.set(line, resolve);
        void exited.then((how) =>
          reject(new Error(`writer of run ${run} exited (${String(how)}) before saying ${line}:\n${stderr}`)),
        );
      }),
  };
}

interface ModeResult {
  runs: number;
  integrityOk: number;
  before: number;
  after: number;
  partial: number;
  /** Kills that landed before the child heard COMMIT's answer: the ones that test recovery. */
  killedMidFlush: number;
  flushMs: number;
}

async function inspect(file: string, mode: SqliteJournalMode, run: number) {
  // Opening is the recovery: the WAL is replayed, or the hot rollback journal rolled back.
  const orm = await Tabula.connect({ url: `sqlite:${file}`, mappers: [LedgerMapper], sqlite: { journalMode: mode } });
  try {
    const integrity = await orm.db.query<{ integrity_check: string }>(sql`PRAGMA integrity_check`);
    const [total] = await orm.db.query<{ n: number }>(sql`select count(*) as n from t_rel_ledger`);
    const [mine] = await orm.db.query<{ n: number }>(sql`select count(*) as n from t_rel_ledger where run = ${run}`);
    return {
      integrity: integrity.map((r) => r.integrity_check).join('; '),
      total: Number(total?.n),
      ofRun: Number(mine?.n),
    };
  } finally {
    await orm.close();
  }
}

async function killRuns(bundle: string, mode: SqliteJournalMode, random: Random): Promise<ModeResult> {
  const dir = mkdtempSync(join(tmpdir(), `tabula-sigkill-${mode}-`));
  const file = join(dir, 'crash.db');
  const writers: Writer[] = [];
  try {
    const setup = await Tabula.connect({
      url: `sqlite:${file}`,
      mappers: [LedgerMapper],
      sqlite: { journalMode: mode },
    });
    await setup.schema.create();
    await setup.close();
    // Run 0 calibrates: it runs to COMMIT, so the delays of the others span a whole flush.
    const total = RUNS + 1;
    let next = 0;
    const topUp = () => {
      while (writers.length < WARM && next < total) writers.push(startWriter(bundle, file, mode, next++));
    };
    topUp();
    const result: ModeResult = {
      runs: 0,
      integrityOk: 0,
      before: 0,
      after: 0,
      partial: 0,
      killedMidFlush: 0,
      flushMs: 0,
    };
    let count = 0;
    for (let run = 0; run < total; run++) {
      const writer = writers.shift() as Writer;
      topUp();
      await writer.said('ready');
      writer.child.stdin.write('go\n');
      const begun = await writer.said('begin');
      if (run === 0) {
        result.flushMs = (await writer.said('committed')) - begun;
      } else {
        const delay = random.float() * 1.5 * result.flushMs;
        await new Promise((r) => setTimeout(r, delay - (Date.now() - begun)));
      }
      const committedBeforeKill = writer.heard.has('committed');
      writer.child.kill('SIGKILL');
      expect(await writer.exited, `run ${run}: the writer was not killed`).to.equal('SIGKILL');
      const seen = await inspect(file, mode, run);
      const where = `${mode} run ${run} (seed ${SEED})`;
      expect(seen.integrity, `${where}: integrity_check`).to.equal('ok');
      expect([count, count + ROWS], `${where}: rows after the kill`).to.include(seen.total);
      expect([0, ROWS], `${where}: rows of the killed flush`).to.include(seen.ofRun);
      if (committedBeforeKill) expect(seen.ofRun, `${where}: a flush that reported COMMIT`).to.equal(ROWS);
      if (run === 0) {
        count = seen.total;
        continue;
      }
      result.runs++;
      if (seen.integrity === 'ok') result.integrityOk++;
      if (seen.total === count) result.before++;
      else if (seen.total === count + ROWS) result.after++;
      else result.partial++;
      if (!committedBeforeKill) result.killedMidFlush++;
      count = seen.total;
    }
    return result;
  } finally {
    for (const w of writers) w.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('reliability: SIGKILL of a SQLite writer during a 10,000-row flush', function () {
  // Well under a second per run on two shared cores; the soak size runs ten times as many.
  this.timeout(RUNS * 5_000 + 30_000);
  const random = new Random(`sqlite-sigkill ${SEED}`);
  const results: Partial<Record<SqliteJournalMode, ModeResult>> = {};
  let bundle = '';
  before(() => {
    bundle = bundleWriter();
  });

  for (const mode of ['wal', 'delete'] as const) {
    it(`${mode === 'wal' ? 'WAL' : 'rollback journal (DELETE)'}: every kill leaves an intact file with the rows of before or after the flush`, async () => {
      const r = await killRuns(bundle, mode, random);
      results[mode] = r;
      expect(r.runs).to.equal(RUNS);
      expect(r.integrityOk).to.equal(RUNS);
      expect(r.partial).to.equal(0);
      // A test in which every kill came after COMMIT would have proved nothing about recovery.
      expect(r.killedMidFlush, 'kills that landed before COMMIT returned').to.be.greaterThan(0);
    });
  }

  after(() => {
    if (bundle) rmSync(bundle, { force: true });
    const { wal, delete: del } = results;
    if (!wal || !del) return;
    const figures: Record<string, Figure> = {};
    for (const [name, r] of [
      ['wal', wal],
      ['delete', del],
    ] as const) {
      figures[`${name}Runs`] = r.runs;
      figures[`${name}IntegrityOk`] = r.integrityOk;
      figures[`${name}Before`] = r.before;
      figures[`${name}After`] = r.after;
      figures[`${name}Partial`] = r.partial;
      figures[`${name}KilledMidFlush`] = r.killedMidFlush;
      figures[`${name}FlushMs`] = r.flushMs;
    }
    recordFigures({
      scenario: 'sqlite-sigkill',
      dialect: 'sqlite',
      summary: `A child flushing ${ROWS.toLocaleString('en-US')} rows was SIGKILLed at a random moment of the flush, ${RUNS} times in WAL mode and ${RUNS} with the rollback journal: integrity_check said ok every time and the table held the rows of before or after the flush, never part of it.`,
      figures,
    });
  });
});

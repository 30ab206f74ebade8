/**
 * Mocha global fixtures: decide which databases the matrix runs on, start throwaway servers where
 * none was given, and stop them at the end — after failures and on Ctrl-C too.
 */
import Mocha from 'mocha';
import { type DialectName, matrixState } from './matrix';
import {
  findMariadbBinaries,
  findPostgresBinaries,
  isProcessAlive,
  type ServerHandle,
  startMariadb,
  startPostgres,
} from './servers';

const started: ServerHandle[] = [];

/** The servers this process started and has not stopped yet. */
export function startedServers(): readonly ServerHandle[] {
  return started;
}

const DIALECTS: readonly string[] = ['sqlite', 'postgres', 'mysql'];

/** The dialects TABULA_TEST_REQUIRE names (clusters such as `galera` are required by their own specs: spec/support/clusters.ts). */
function required(): Set<DialectName> {
  const raw = process.env.TABULA_TEST_REQUIRE ?? '';
  return new Set(
    raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => DIALECTS.includes(s)) as DialectName[],
  );
}

function onSignal(signal: NodeJS.Signals) {
  for (const s of started) s.killSync();
  process.stderr.write(`\n[tabula-matrix] ${signal}: stopped ${started.length} throwaway server(s)\n`);
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

async function provide(
  dialect: Exclude<DialectName, 'sqlite'>,
  envVar: string,
  hasBinaries: boolean,
  start: () => Promise<ServerHandle>,
): Promise<void> {
  const state = matrixState();
  const given = process.env[envVar];
  if (given) {
    state.urls[dialect] = given;
    return;
  }
  if (process.env.TABULA_TEST_START_SERVERS === '0') {
    state.skipped[dialect] = `${envVar} is unset and TABULA_TEST_START_SERVERS=0`;
    return;
  }
  if (!hasBinaries) {
    state.skipped[dialect] = `${envVar} is unset and no ${dialect} server binaries are installed`;
    return;
  }
  try {
    const t0 = Date.now();
    const server = await start();
    started.push(server);
    state.urls[dialect] = server.url;
    process.stderr.write(
      `[tabula-matrix] started throwaway ${dialect} server (pid ${server.pid}, port ${server.port}) in ${Date.now() - t0} ms\n`,
    );
  } catch (e) {
    state.skipped[dialect] = `starting a throwaway server failed: ${(e as Error).message.split('\n')[0]}`;
    if (required().has(dialect)) throw e;
  }
}

function skipLine(): string | undefined {
  const skipped = matrixState().skipped;
  const names = Object.keys(skipped) as DialectName[];
  if (names.length === 0) return undefined;
  return `!!!!! [tabula-matrix] SKIPPING ${names.map((n) => n.toUpperCase()).join(' and ')}: ${names
    .map((n) => `${n}: ${skipped[n]}`)
    .join('; ')} !!!!!`;
}

/** Set by the teardown: the run reached its end (the summary is printed before it). */
let finished = false;

/**
 * A run whose event loop empties while a test waits on a promise nothing will settle (no timer,
 * no socket) ends with status 0 and no summary: a red run that looks green. Such an exit is made
 * a failure here.
 */
function failAnAbortedRun(code: number): void {
  if (finished || code !== 0) return;
  process.stderr.write(
    '\n[tabula-matrix] the test run ended before mocha finished (a test awaited something that never settles, with nothing left to run): failing it\n',
  );
  process.exitCode = 1;
}

/**
 * No test may wait forever: a timeout of 0 (mocha's "no timeout") or one past this ceiling is
 * brought down to it, so a test that hangs fails instead of holding the run until CI gives up.
 */
const MAX_TEST_TIMEOUT_MS = Number(process.env.TABULA_TEST_MAX_TIMEOUT_MS ?? 600_000);

// Tests and hooks set their timeouts themselves (`this.timeout(0)` inside the body), so the ceiling
// is applied where every timeout is set.
type TimeoutMethod = (this: Mocha.Runnable, ms?: string | number) => unknown;
const timeoutOf = Mocha.Runnable.prototype.timeout as TimeoutMethod;
const capped: TimeoutMethod = function (this: Mocha.Runnable, ms?: string | number) {
  if (ms === undefined) return timeoutOf.call(this);
  const n = typeof ms === 'number' ? ms : Number.parseInt(ms, 10);
  return timeoutOf.call(this, n === 0 || !(n <= MAX_TEST_TIMEOUT_MS) ? MAX_TEST_TIMEOUT_MS : ms);
};
Mocha.Runnable.prototype.timeout = capped as typeof Mocha.Runnable.prototype.timeout;

export async function mochaGlobalSetup(): Promise<void> {
  process.once('exit', failAnAbortedRun);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', () => {
    for (const s of started) s.killSync();
  });
  await Promise.all([
    provide('postgres', 'TABULA_TEST_PG_URL', findPostgresBinaries() !== undefined, startPostgres),
    provide('mysql', 'TABULA_TEST_MYSQL_URL', findMariadbBinaries() !== undefined, startMariadb),
  ]);
  // Other names (pg-replica, mariadb-replica) are required by the suites that start those servers.
  const dialects = new Set<string>(['sqlite', 'postgres', 'mysql']);
  const missing = [...required()].filter((d) => dialects.has(d) && matrixState().urls[d] === undefined);
  if (missing.length > 0) {
    throw new Error(
      `[tabula-matrix] TABULA_TEST_REQUIRE names ${missing.join(', ')}, which could not be provided: ${skipLine()}`,
    );
  }
  // The skip line is printed once, by the teardown: after the summary, where it cannot scroll away.
}

export async function mochaGlobalTeardown(): Promise<void> {
  finished = true;
  const stillRunning: string[] = [];
  for (const server of started.splice(0)) {
    await server.stop();
    if (isProcessAlive(server.pid)) stillRunning.push(`${server.kind} pid ${server.pid}`);
  }
  const { counts } = matrixState();
  process.stdout.write(
    `\n[tabula-matrix] tests per dialect: sqlite ${counts.sqlite}, sqlite-memory ${counts['sqlite-memory']}, postgres ${counts.postgres}, mysql ${counts.mysql}\n`,
  );
  const line = skipLine();
  if (line) process.stdout.write(`${line}\n`);
  if (stillRunning.length > 0) {
    throw new Error(`[tabula-matrix] servers still running after stop: ${stillRunning.join(', ')}`);
  }
}

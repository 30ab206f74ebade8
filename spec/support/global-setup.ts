/**
 * Mocha global fixtures: decide which databases the matrix runs on, start throwaway servers where
 * none was given, and stop them at the end — after failures and on Ctrl-C too.
 */
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

function required(): Set<DialectName> {
  const raw = process.env.TABULA_TEST_REQUIRE ?? '';
  return new Set(
    raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean) as DialectName[],
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

export async function mochaGlobalSetup(): Promise<void> {
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', () => {
    for (const s of started) s.killSync();
  });
  await Promise.all([
    provide('postgres', 'TABULA_TEST_PG_URL', findPostgresBinaries() !== undefined, startPostgres),
    provide('mysql', 'TABULA_TEST_MYSQL_URL', findMariadbBinaries() !== undefined, startMariadb),
  ]);
  const missing = [...required()].filter((d) => matrixState().urls[d] === undefined);
  if (missing.length > 0) {
    throw new Error(
      `[tabula-matrix] TABULA_TEST_REQUIRE names ${missing.join(', ')}, which could not be provided: ${skipLine()}`,
    );
  }
  // The skip line is printed once, by the teardown: after the summary, where it cannot scroll away.
}

export async function mochaGlobalTeardown(): Promise<void> {
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

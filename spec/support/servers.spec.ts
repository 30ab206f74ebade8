import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { findMariadbBinaries, findPostgresBinaries, isProcessAlive, startMariadb, startPostgres } from './servers';

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

interface Held {
  kind: string;
  pid: number;
  dataDir: string;
  port: number;
}

describe('throwaway servers', function () {
  this.timeout(90_000);

  for (const [kind, present, start] of [
    ['postgres', findPostgresBinaries() !== undefined, startPostgres],
    ['mysql', findMariadbBinaries() !== undefined, startMariadb],
  ] as const) {
    it(`${kind}: stop() ends the process, closes the port and removes the data folder`, async function () {
      if (!present) this.skip();
      const server = await start();
      expect(isProcessAlive(server.pid)).to.equal(true);
      expect(await portOpen(server.port)).to.equal(true);
      await server.stop();
      expect(isProcessAlive(server.pid), 'process gone').to.equal(false);
      expect(await portOpen(server.port), 'port closed').to.equal(false);
      expect(existsSync(server.dataDir), 'data folder removed').to.equal(false);
    });
  }

  it('Ctrl-C on a test run stops the servers it started', async function () {
    if (!findPostgresBinaries()) this.skip();
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures', 'hold-servers.ts')], {
      // Only PostgreSQL is started: the MySQL URL is "given", so the setup starts no MariaDB.
      env: {
        ...process.env,
        TABULA_TEST_PG_URL: '',
        TABULA_TEST_MYSQL_URL: 'mysql://given',
        TABULA_TEST_REQUIRE: '',
        TABULA_TEST_START_SERVERS: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const held = await new Promise<Held[]>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('\n')) resolve(JSON.parse(out) as Held[]);
      });
      child.once('exit', (code) => reject(new Error(`child exited early with ${code}: ${err}`)));
    });
    expect(held.map((h) => h.kind)).to.deep.equal(['postgres']);
    const [pg] = held as [Held];
    expect(isProcessAlive(pg.pid)).to.equal(true);
    const exitCode = await new Promise<number | null>((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.kill('SIGINT');
    });
    expect(exitCode).to.equal(130);
    const deadline = Date.now() + 10_000;
    while (isProcessAlive(pg.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(isProcessAlive(pg.pid), 'postgres process gone after Ctrl-C').to.equal(false);
    expect(await portOpen(pg.port), 'port closed').to.equal(false);
    expect(existsSync(pg.dataDir), 'data folder removed').to.equal(false);
  });
});

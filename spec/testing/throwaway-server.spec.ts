import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'tabula-orm';
import { connect } from 'tabula-orm/sql';
import { throwawayServer } from 'tabula-orm/testing';
import { findMariadbBinaries, findPostgresBinaries, isProcessAlive } from '../support/servers';

interface Held {
  pid: number;
  port: number;
  dataDir: string;
}

/** Runs the fixture in a child process until it has printed its server; `then` ends the child. */
async function heldServer(mode: 'exit' | 'hold', then: (child: ReturnType<typeof spawn>) => void) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'fixtures', 'hold-throwaway-server.ts'), mode],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const held = await new Promise<Held>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(JSON.parse(out) as Held);
    });
    exited.then((code) => reject(new Error(`child exited with ${code} before printing: ${err}`)));
  });
  then(child);
  const code = await exited;
  const deadline = Date.now() + 10_000;
  while (isProcessAlive(held.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return { code, held };
}

describe('throwawayServer', function () {
  this.timeout(90_000);

  it('uses a given URL and starts nothing', async () => {
    const server = await throwawayServer('postgres', { url: 'postgres://ci@db:5432/app_test' });
    await server.stop();
    expect([server.url, server.started]).to.deep.equal(['postgres://ci@db:5432/app_test', undefined]);
  });

  for (const [kind, present] of [
    ['postgres', findPostgresBinaries() !== undefined],
    ['mysql', findMariadbBinaries() !== undefined],
  ] as const) {
    it(`${kind}: starts a server with an empty database to connect to; stop() removes it`, async function () {
      if (!present) this.skip();
      const server = await throwawayServer(kind);
      const started = server.started;
      try {
        const db = await connect(server.url);
        const rows = await db.query(sql`select 1 as one`);
        await db.close();
        expect(rows.map((r) => Number(r.one))).to.deep.equal([1]);
      } finally {
        await server.stop();
      }
      expect([isProcessAlive(started?.pid as number), existsSync(started?.dataDir as string)]).to.deep.equal([
        false,
        false,
      ]);
    });
  }

  it('stops the server when the test run exits without stopping it', async function () {
    if (!findPostgresBinaries()) this.skip();
    const { code, held } = await heldServer('exit', () => undefined);
    expect([code, isProcessAlive(held.pid), existsSync(held.dataDir)]).to.deep.equal([0, false, false]);
  });

  it('stops the server on Ctrl-C, and exits as an interrupted process does', async function () {
    if (!findPostgresBinaries()) this.skip();
    const { code, held } = await heldServer('hold', (child) => child.kill('SIGINT'));
    expect([code, isProcessAlive(held.pid), existsSync(held.dataDir)]).to.deep.equal([130, false, false]);
  });
});

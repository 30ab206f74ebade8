/**
 * `sqlite.journalMode`: WAL by default, a rollback journal when asked, and a refusal when SQLite
 * cannot switch (leaving WAL needs the file to itself).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { connect } from '../../../lib/dialects/connect';
import { ConfigError, LockWaitTimeoutError } from '../../../lib/errors';
import { sql } from '../../../lib/sql/raw';
import { expectRejection } from '../../support/expect-rejection';

describe('SQLite journal mode (sqlite.journalMode)', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tabula-journal-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const modeOf = async (db: Awaited<ReturnType<typeof connect>>) =>
    (await db.query<{ journal_mode: string }>(sql`PRAGMA journal_mode`))[0]?.journal_mode;
  const syncOf = async (db: Awaited<ReturnType<typeof connect>>) =>
    (await db.query<{ synchronous: number }>(sql`PRAGMA synchronous`))[0]?.synchronous;

  it('opens a file in WAL mode with synchronous=NORMAL by default', async () => {
    const db = await connect(`sqlite:${join(dir, 'a.db')}`);
    try {
      expect(await modeOf(db)).to.equal('wal');
      expect(await syncOf(db)).to.equal(1);
    } finally {
      await db.close();
    }
  });

  for (const mode of ['delete', 'truncate', 'persist'] as const) {
    it(`opens a file with the rollback journal '${mode}' and SQLite's synchronous=FULL`, async () => {
      const db = await connect({ url: `sqlite:${join(dir, 'b.db')}`, sqlite: { journalMode: mode } });
      try {
        expect(await modeOf(db)).to.equal(mode);
        expect(await syncOf(db)).to.equal(2);
      } finally {
        await db.close();
      }
    });
  }

  it('switches a file that was in WAL mode to the rollback journal once nothing else has it open', async () => {
    const file = join(dir, 'c.db');
    const wal = await connect(`sqlite:${file}`);
    await wal.execute(sql`CREATE TABLE t (id INTEGER PRIMARY KEY)`);
    await wal.close();
    const db = await connect({ url: `sqlite:${file}`, sqlite: { journalMode: 'delete' } });
    try {
      expect(await modeOf(db)).to.equal('delete');
    } finally {
      await db.close();
    }
  });

  it('fails with a typed error, and leaves the file as it was, when another connection holds it in WAL mode', async () => {
    const file = join(dir, 'd.db');
    const wal = await connect(`sqlite:${file}`);
    try {
      await wal.execute(sql`CREATE TABLE t (id INTEGER PRIMARY KEY)`);
      // Leaving WAL needs the file to itself: SQLite waits busy_timeout, then says SQLITE_BUSY.
      await expectRejection(
        connect({ url: `sqlite:${file}`, sqlite: { journalMode: 'delete', busyTimeoutMs: 50 } }),
        LockWaitTimeoutError,
      );
      expect(await modeOf(wal)).to.equal('wal');
      await wal.execute(sql`INSERT INTO t (id) VALUES (${1})`);
    } finally {
      await wal.close();
    }
  });

  it('refuses journal modes that do not survive a killed process', async () => {
    for (const mode of ['memory', 'off', 'WAL']) {
      const error = await expectRejection(
        connect({ url: 'sqlite::memory:', sqlite: { journalMode: mode as 'wal' } }),
        ConfigError,
      );
      expect(error.message).to.match(/sqlite\.journalMode must be one of wal, delete, truncate, persist/);
    }
  });

  it('leaves an in-memory database in its own mode', async () => {
    const db = await connect({ url: 'sqlite::memory:', sqlite: { journalMode: 'delete' } });
    try {
      expect(await modeOf(db)).to.equal('memory');
    } finally {
      await db.close();
    }
  });
});

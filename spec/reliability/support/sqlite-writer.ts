/**
 * The child process of the SQLite crash scenario (spec/reliability/sqlite-sigkill.spec.ts). It
 * loads Tabula, then waits for a line `go` on stdin (so the parent can start the next child while
 * it checks the last one; it says `ready` when it waits), flushes `rows` new rows in one unit of work, and says on stdout when
 * the flush starts (`begin`) and when it came back committed (`committed`). It then waits to be killed.
 * (10,000 rows of three columns fit one INSERT, which a flush sends alone, without BEGIN/COMMIT:
 * SQLite makes the one statement atomic, so the flush's start is the moment to say `begin`.)
 *
 *   node --import tsx sqlite-writer.ts <file> <journalMode> <rows> <run>
 */
import { Tabula } from '../../../lib';
import type { SqliteJournalMode } from '../../../lib';
import { Ledger, LedgerMapper } from './entities';

const [file, journalMode, rowsArg, runArg] = process.argv.slice(2);
const rows = Number(rowsArg);
const run = Number(runArg);

async function main(): Promise<void> {
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => {
    let input = '';
    process.stdin.on('data', (d) => {
      input += d;
      if (input.includes('go\n')) resolve();
    });
  });
  const orm = await Tabula.connect({
    url: `sqlite:${file}`,
    mappers: [LedgerMapper],
    sqlite: { journalMode: journalMode as SqliteJournalMode },
  });
  const em = orm.em.fork();
  const memo = `run ${run} `.padEnd(200, 'x');
  for (let seq = 0; seq < rows; seq++) em.persist(new Ledger(run, seq, memo));
  const flushed = em.flush();
  process.stdout.write('begin\n');
  await flushed;
  process.stdout.write('committed\n');
  // Stay alive: the parent's SIGKILL ends every run, before or after the commit.
  setInterval(() => undefined, 60_000);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(2);
});

/**
 * The bookstore demo (`npm run demo`): on an embedded SQLite file by default, builds the schema
 * through its generated migrations,
 * seeds fixtures, starts the REST service, drives a few hundred real HTTP requests against it —
 * concurrent orders on one book included — and prints a summary. `--serve` keeps it serving;
 * `--db postgres://…` or `mysql://…` runs it on a server; `--port` picks the port (default: any).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Tabula } from 'tabula-orm';
import { sql } from 'tabula-orm/sql';
import { Client } from './client';
import { bookstoreContainer } from './container';
import { drive, totalRequests } from './drive';
import { bookstoreMappers } from './mappers';
import { ProgressBar } from './progress';
import { bookstoreRoutes, type RouteStats } from './routes';
import { seed } from './seed';
import { summarize } from './summary';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

async function main(): Promise<number> {
  const url = arg('--db') ?? 'sqlite:./.tmp/bookstore.db';
  if (url.startsWith('sqlite:./.tmp/')) mkdirSync('.tmp', { recursive: true });
  const orm = await Tabula.connect({ url, mappers: bookstoreMappers });
  const { dialect } = orm.db;
  console.log(`Tabula bookstore on ${dialect.name} ${dialect.capabilities.serverVersion}`);
  // A fresh start each run, then the schema as production gets it: the generated migrations of
  // migrations/<dialect>/ (the tables, then the authors' bio column added later), under the lock.
  await orm.schema.drop();
  await orm.db.execute(sql`DROP TABLE IF EXISTS tabula_migrations`);
  const applied = await orm.migrator({ folder: join(__dirname, 'migrations', dialect.name) }).up();
  console.log(`migrations applied: ${applied.join(', ')}`);
  const container = await bookstoreContainer(orm);
  const plan = { reads: 150, hotOrders: 120, otherOrders: 80, concurrency: 16 };
  const seeded = await seed(container, { hotStock: 100 });
  const stats: RouteStats = { conflicts: 0, transient: 0 };
  const server = createServer(bookstoreRoutes(container, stats).listener());
  await new Promise<void>((resolve) => server.listen(Number(arg('--port') ?? 0), '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  console.log(`serving ${base}; schema created, fixtures seeded; driving ${totalRequests(plan)} requests\n`);

  const bar = new ProgressBar(totalRequests(plan));
  const client = new Client(base, bar.tick);
  const started = performance.now();
  await drive(client, seeded, plan, bar);
  const seconds = (performance.now() - started) / 1000;
  const summary = await summarize(container, seeded, client.samples, stats, seconds);
  console.log(`\n${summary.lines.map((l) => `  ${l}`).join('\n')}`);
  console.log(`  connections     ${JSON.stringify(orm.db.pool.stats())}`);
  for (const f of summary.failures) console.error(`  CHECK FAILED: ${f}`);

  if (process.argv.includes('--serve')) {
    console.log(`\nStill serving on ${base} (Ctrl-C to stop). Try: curl ${base}/books`);
    await new Promise<void>((resolve) => process.once('SIGINT', resolve));
  }
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await orm.close();
  if (summary.failures.length === 0) console.log('\nDemo finished: all checks passed.');
  return summary.failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);

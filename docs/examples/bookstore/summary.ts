/** The demo's closing report, and the checks that make it exit non-zero when something is off. */
import type { Container } from 'inversify';
import type { EntityClass } from 'tabula-orm';
import { runInUnitOfWork } from 'tabula-orm/di';
import { type Sample, percentile } from './client';
import { Author, Book, Customer, Order, Tag } from './entities';
import { RETRIES, type RouteStats } from './routes';
import type { Seeded } from './seed';
import { op } from 'tabula-orm';

export interface Summary {
  readonly lines: readonly string[];
  readonly failures: readonly string[];
}

export async function summarize(
  container: Container,
  seeded: Seeded,
  samples: readonly Sample[],
  stats: RouteStats,
  seconds: number,
): Promise<Summary> {
  const failures: string[] = [];
  const ms = samples.map((s) => s.ms);
  const byStatus = new Map<number, number>();
  for (const s of samples) byStatus.set(s.status, (byStatus.get(s.status) ?? 0) + 1);
  const orders = samples.filter((s) => s.label === 'order');
  const placed = orders.filter((s) => s.status === 201).length;
  const unexpected = samples.filter((s) => s.status >= 500 || (s.label !== 'order' && s.status >= 400));
  if (unexpected.length) {
    const kinds = [...new Set(unexpected.map((s) => `${s.label} ${s.status} ${s.error}`))].join('; ');
    failures.push(`${unexpected.length} requests failed unexpectedly (${kinds})`);
  }
  const refused = (error: string) => orders.filter((s) => s.status === 409 && s.error === error).length;

  const { counts, books, ordered, unstamped, softDeleted } = await runInUnitOfWork(container, async ({ em }) => {
    const counts: [string, number][] = [];
    for (const cls of [Author, Tag, Book, Customer, Order] as EntityClass[])
      counts.push([cls.name, await em.count(cls)]);
    // DELETE /books/:id soft-deletes: the rows are still there, hidden unless a query asks withDeleted.
    const softDeleted = await em.count(Book, { deletedAt: op({ $null: false }) }, { withDeleted: true });
    const books = await em.find(Book, { id: op({ $in: [...seeded.bookIds] }) });
    const ordered = new Map<number, number>();
    let unstamped = 0;
    for (const o of await em.findAll(Order)) {
      const id = o.book.id as number;
      ordered.set(id, (ordered.get(id) ?? 0) + o.quantity);
      if (!(o.placedAt instanceof Date)) unstamped++;
    }
    return { counts, books, ordered, unstamped, softDeleted };
  });
  // Only DELETE /books/:id answers 204.
  const removed = samples.filter((s) => s.status === 204).length;
  if (softDeleted !== removed) failures.push(`${softDeleted} soft-deleted book rows, ${removed} books removed`);
  if ((counts.find(([n]) => n === 'Order')?.[1] ?? -1) !== placed) failures.push('order rows ≠ orders answered 201');
  const negative = books.filter((b) => b.stock < 0);
  const unbalanced = books.filter(
    (b) => b.stock + (ordered.get(b.id as number) ?? 0) !== seeded.stock.get(b.id as number),
  );
  if (negative.length) failures.push(`negative stock on ${negative.map((b) => b.title).join(', ')}`);
  if (unbalanced.length)
    failures.push(`stock + ordered ≠ initial stock on ${unbalanced.map((b) => b.title).join(', ')}`);
  const hot = books.find((b) => b.id === seeded.bookIds[0]);
  // Every book was stamped at insert; a book that sold was stamped again by its last UPDATE.
  const badStamps = books.filter(
    (b) =>
      !(b.createdAt instanceof Date && b.updatedAt instanceof Date) ||
      (ordered.has(b.id as number) && b.updatedAt.getTime() <= b.createdAt.getTime()),
  );
  if (badStamps.length) failures.push(`timestamps wrong on ${badStamps.map((b) => b.title).join(', ')}`);
  if (unstamped) failures.push(`${unstamped} orders without placedAt`);

  const lines = [
    `requests        ${samples.length} in ${seconds.toFixed(2)} s (${(samples.length / seconds).toFixed(0)} req/s)`,
    `statuses        ${[...byStatus]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join('  ')}`,
    `latency         p50 ${percentile(ms, 50).toFixed(1)} ms   p95 ${percentile(ms, 95).toFixed(1)} ms   max ${Math.max(...ms).toFixed(1)} ms`,
    `orders          ${placed} placed, ${refused('BookstoreError')} refused for lack of stock, ${refused('OptimisticLockError')} gave up after ${RETRIES} retries`,
    `conflicts       ${stats.conflicts} optimistic-lock conflicts detected and retried` +
      (stats.transient ? `, ${stats.transient} deadlocks retried` : ''),
    `hot book        "${hot?.title}" stock ${seeded.stock.get(seeded.bookIds[0] as number)} → ${hot?.stock} (version ${hot?.version})`,
    `timestamps      hot book created ${hot?.createdAt?.toISOString()}, updated ${hot?.updatedAt?.toISOString()}; every order placed by the database clock`,
    `rows            ${counts.map(([n, c]) => `${n} ${c}`).join(', ')} (and ${softDeleted} soft-deleted books, hidden)`,
    `stock check     ${negative.length === 0 && unbalanced.length === 0 ? 'never negative; stock + ordered = initial stock for every book' : 'FAILED'}`,
  ];
  return { lines, failures };
}

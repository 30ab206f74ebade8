/**
 * The load the demo drives through real HTTP: catalog reads, CRUD writes, then a burst of orders,
 * most of them on one book, so concurrent orders collide on its version and are retried.
 */
import { type Client, pool } from './client';
import type { ProgressBar } from './progress';
import type { Seeded } from './seed';

export interface DrivePlan {
  readonly reads: number;
  readonly hotOrders: number;
  readonly otherOrders: number;
  readonly concurrency: number;
}

export const WRITES = 70;

export const totalRequests = (plan: DrivePlan) => plan.reads + WRITES + plan.hotOrders + plan.otherOrders;

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;

export async function drive(client: Client, seeded: Seeded, plan: DrivePlan, bar: ProgressBar): Promise<void> {
  bar.start('catalog reads');
  const reads = Array.from({ length: plan.reads }, (_, i) => () => {
    const id = pick(seeded.bookIds, i);
    const paths = ['/books', `/books/${id}`, '/authors', '/tags', `/customers/${pick(seeded.customerIds, i)}`];
    return client.send('read', 'GET', pick(paths, i));
  });
  await pool(reads, plan.concurrency);

  bar.start('authors, books, customers');
  const created: number[] = [];
  const creates = [
    ...Array.from(
      { length: 10 },
      (_, i) => () => client.send('write', 'POST', '/authors', { name: `New author ${i}` }),
    ),
    ...Array.from({ length: 20 }, (_, i) => async () => {
      const res = await client.send('write', 'POST', '/books', {
        title: `New book ${i}`,
        price: `${10 + i}.50`,
        stock: 5,
        authorId: pick(seeded.authorIds, i),
        tags: [pick(['sf', 'fiction', 'classic'], i)],
      });
      if (res.status === 201) created.push((res.json as { id: number }).id);
    }),
    ...Array.from(
      { length: 20 },
      (_, i) => () =>
        client.send('write', 'POST', '/customers', { name: `Walk-in ${i}`, email: `walkin${i}@example.com` }),
    ),
  ];
  await pool(creates, plan.concurrency);
  const changes = [
    ...created
      .slice(0, 10)
      .map((id, i) => () => client.send('write', 'PATCH', `/books/${id}`, { price: `${20 + i}.00` })),
    ...created.slice(10, 20).map((id) => () => client.send('write', 'DELETE', `/books/${id}`)),
  ];
  await pool(changes, plan.concurrency);

  bar.start('orders (one hot book)');
  const hot = seeded.bookIds[0] as number;
  const orders = [
    ...Array.from({ length: plan.hotOrders }, (_, i) => ({ bookId: hot, customerId: pick(seeded.customerIds, i) })),
    ...Array.from({ length: plan.otherOrders }, (_, i) => ({
      bookId: pick(seeded.bookIds.slice(1), i),
      customerId: pick(seeded.customerIds, i + 7),
    })),
  ].map((o, i) => () => client.send('order', 'POST', '/orders', { ...o, quantity: 1 + (i % 2) }));
  await pool(orders, plan.concurrency);
  bar.finish();
}

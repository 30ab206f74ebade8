/**
 * Memory over many requests: the heap after 10,000 unit-of-work requests stays within 10% of the
 * heap after the first 1,000 (scopes, child containers and EntityManagers are all collected).
 * Slow (tens of seconds): run with `npm run test:di-heap`, which exposes `gc`.
 */
import { expect } from 'chai';
import { httpUnitOfWork, repositoryToken } from 'tabula-orm/di';
import { describeEachDialect } from '../../support/matrix';
import { closeDi, type DiFixture, Note, openDi } from '../support/fixture';
import { listen, type Running } from '../support/http-server';

const TOTAL = Number(process.env.TABULA_HEAP_REQUESTS ?? 10_000);
const CONCURRENCY = 20;

function settledHeap(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc (npm run test:di-heap)');
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

describeEachDialect('di: heap over many requests', (ctx) => {
  let f: DiFixture | undefined;
  let server: Running | undefined;
  before(async () => {
    f = await openDi(ctx.url);
    server = await listen(
      httpUnitOfWork(f.container, async ({ req, scope }) => {
        const notes = scope.get(repositoryToken(Note));
        const request = req.url ?? '';
        notes.persist(new Note(request, 'x'.repeat(100)));
        const seen = await notes.count({ request });
        return { status: 201, body: { seen } };
      }),
    );
  });
  after(async () => {
    await server?.close();
    await closeDi(f);
  });

  it(`keeps the heap after ${TOTAL} requests within 10% of the heap after the first ${TOTAL / 10}`, async function () {
    this.timeout(180_000);
    const base = (server as Running).base;
    let sent = 0;
    const run = async (until: number) => {
      const worker = async () => {
        while (sent < until) {
          const n = sent++;
          const res = await fetch(`${base}/r${n}`, { method: 'POST' });
          if (res.status !== 201) throw new Error(`request ${n}: ${res.status} ${await res.text()}`);
          await res.arrayBuffer().catch(() => undefined);
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    };
    const t0 = Date.now();
    await run(TOTAL / 10);
    const early = settledHeap();
    await run(TOTAL);
    const late = settledHeap();
    const seconds = (Date.now() - t0) / 1000;
    console.log(
      `      [${ctx.dialect}] ${TOTAL} requests in ${seconds.toFixed(1)} s (${(TOTAL / seconds).toFixed(0)} req/s); ` +
        `heap after ${TOTAL / 10}: ${(early / 2 ** 20).toFixed(1)} MiB, after ${TOTAL}: ${(late / 2 ** 20).toFixed(1)} MiB`,
    );
    expect(await (f as DiFixture).orm.em.fork().count(Note)).to.equal(TOTAL);
    expect(late / early, `heap grew from ${early} to ${late} bytes`).to.be.below(1.1);
  });
});

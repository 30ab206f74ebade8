import { expect } from 'chai';
import { request } from 'node:http';
import { once } from 'node:events';
import { UnitOfWorkAbortedError } from 'tabula-orm';
import { expressUnitOfWork, type HttpUnitHandler, httpUnitOfWork, repositoryToken } from 'tabula-orm/di';
import { describeEachDialect } from '../support/matrix';
import { listen, router, type Running } from './support/http-server';
import { closeDi, type DiFixture, Note, openDi, rows } from './support/fixture';

interface NotesBody {
  readonly count: number;
  readonly fail?: boolean;
}

describeEachDialect('di: a unit of work per HTTP request', (ctx) => {
  let f: DiFixture | undefined;
  let created: Set<Note>;
  before(async () => {
    f = await openDi(ctx.url);
  });
  beforeEach(() => {
    created = new Set();
  });
  afterEach(async () => {
    const em = fx().orm.em.fork();
    em.remove(...(await em.find(Note)));
    await em.flush();
  });
  after(() => closeDi(f));
  const fx = () => f as DiFixture;

  /** Persists `count` notes for the request id in the path, flushes, reads them back, maybe fails. */
  const notesHandler: HttpUnitHandler = async ({ req, body, scope }) => {
    const id = (req.url ?? '').split('/')[2] ?? '';
    const { count, fail } = body as NotesBody;
    const repo = scope.get(repositoryToken(Note));
    const mine = Array.from({ length: count }, (_, i) => new Note(id, `n${i}`));
    for (const n of mine) created.add(n);
    repo.persist(...mine);
    await scope.em.flush();
    await new Promise((resolve) => setImmediate(resolve));
    const foreign = [...created].filter((n) => !mine.includes(n) && scope.em.contains(n)).length;
    const found = await repo.find({ request: id });
    if (fail) throw new Error('the handler failed after flushing');
    return {
      status: 201,
      body: { foreign, found: found.map((n) => n.text), own: found.every((n) => mine.includes(n)) },
    };
  };

  async function post(base: string, path: string, body: NotesBody): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${base}${path}`, { method: 'POST', body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  }

  it('serves 200 concurrent requests: none sees another one entities, failed ones leave no rows, the pool is idle after', async () => {
    const server = await listen(httpUnitOfWork(fx().container, notesHandler));
    try {
      const ids = Array.from({ length: 200 }, (_, i) => i);
      const responses = await Promise.all(
        ids.map((i) => post(server.base, `/notes/r${i}`, { count: 2, fail: i % 4 === 3 })),
      );
      const ok = responses.filter((_, i) => i % 4 !== 3);
      const failed = responses.filter((_, i) => i % 4 === 3);
      expect(new Set(ok.map((r) => JSON.stringify(r)))).to.deep.equal(
        new Set([JSON.stringify({ status: 201, body: { foreign: 0, found: ['n0', 'n1'], own: true } })]),
      );
      expect(failed.map((r) => r.status)).to.deep.equal(Array(50).fill(500));
      expect(failed[0]?.body).to.deep.equal({ error: 'Error', message: 'the handler failed after flushing' });
      const stored = await rows(fx().orm, Note);
      const expected = ids.filter((i) => i % 4 !== 3).flatMap((i) => [`r${i}:n0`, `r${i}:n1`]);
      expect(stored.map((n) => `${n.request}:${n.text}`).sort()).to.deep.equal(expected.sort());
      expect(fx().orm.db.pool.stats()).to.include({ inUse: 0, waiting: 0 });
    } finally {
      await server.close();
    }
  });

  it('answers a body that is not JSON with 400 and writes nothing', async () => {
    const server = await listen(httpUnitOfWork(fx().container, notesHandler));
    try {
      const res = await fetch(`${server.base}/notes/bad`, { method: 'POST', body: '{nope' });
      expect([res.status, await res.json()]).to.deep.equal([
        400,
        { error: 'BadRequestError', code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' },
      ]);
      expect(await rows(fx().orm, Note)).to.deep.equal([]);
    } finally {
      await server.close();
    }
  });

  it('works as an Express-style (req, res, next) middleware: errors go to next after the rollback', async () => {
    const errors: unknown[] = [];
    const app = router([['/notes/', expressUnitOfWork(fx().container, notesHandler)]], (e, res) => {
      errors.push(e);
      res.writeHead(418, { 'content-type': 'application/json' }).end('{"via":"error handler"}');
    });
    const server = await listen(app);
    try {
      const good = await post(server.base, '/notes/ok', { count: 1 });
      const bad = await post(server.base, '/notes/ko', { count: 1, fail: true });
      expect([good, bad]).to.deep.equal([
        { status: 201, body: { foreign: 0, found: ['n0'], own: true } },
        { status: 418, body: { via: 'error handler' } },
      ]);
      expect(errors.map((e) => (e as Error).message)).to.deep.equal(['the handler failed after flushing']);
      expect((await rows(fx().orm, Note)).map((n) => `${n.request}:${n.text}`)).to.deep.equal(['ok:n0']);
    } finally {
      await server.close();
    }
  });

  it('rolls back the work of a client that disconnects before COMMIT and releases the connection', async () => {
    let reached!: () => void;
    const atWait = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const outcome: unknown[] = [];
    const wrapped = httpUnitOfWork(
      fx().container,
      async ({ scope }) => {
        scope.em.persist(new Note('aborted', 'flushed before the abort'));
        await scope.em.flush();
        reached();
        if (scope.signal && !scope.signal.aborted) await once(scope.signal, 'abort');
        return { status: 201 };
      },
      {
        errorResult: (e) => {
          outcome.push(e);
          return { status: 499 };
        },
      },
    );
    let done!: () => void;
    const finished = new Promise<void>((resolve) => {
      done = resolve;
    });
    const server: Running = await listen((req, res) => {
      wrapped(req, res).then(done, done);
    });
    try {
      const client = request(`${server.base}/notes/x`, { method: 'POST' });
      client.on('error', () => undefined);
      client.end('{}');
      await atWait;
      client.destroy();
      await finished;
      expect(outcome.map((e) => (e as Error).constructor)).to.deep.equal([UnitOfWorkAbortedError]);
      expect(await rows(fx().orm, Note)).to.deep.equal([]);
      expect(fx().orm.db.pool.stats()).to.include({ inUse: 0, waiting: 0 });
    } finally {
      await server.close();
    }
  });
});

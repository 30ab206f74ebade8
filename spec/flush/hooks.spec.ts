/**
 * Entity hooks in the mapper: the before-hooks run while the flush is planned (em.plan() shows their
 * effect and stays pure), a throwing hook leaves the database and the EntityManager as they were,
 * afterCommit runs once per written entity only after COMMIT, and afterLoad on every hydration.
 */
import { expect } from 'chai';
import { AfterCommitError, EntityStateError, Tabula, UniqueConstraintError } from '../../lib';
import { defineEntity, p } from '../../lib/mapping';
import { unitOfWorkOf } from '../support/internals';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';
import { FIXED, Post, probe, Remark } from './support/lifecycle-entities';
import { lifeRows, lifeState, useLifecycle } from './support/lifecycle-fixture';

describeEachDialect('entity hooks', (ctx) => {
  const orm = useLifecycle(ctx);

  /** A committed post with one remark, then pending work of every kind on it. */
  async function scenario() {
    const em = orm().em.fork();
    const kept = new Post('kept');
    const gone = new Post('gone');
    em.persist(kept, gone);
    await em.flush();
    probe.log = [];
    const fresh = new Post('fresh');
    fresh.comments.push(new Remark('first!', fresh));
    em.persist(fresh);
    kept.title = 'kept 2';
    em.remove(gone);
    return { em, kept, gone, fresh };
  }

  it('runs the before-hooks in em.plan(), whose plan shows their changes, and undoes them: plan() stays pure', async () => {
    const { em, kept, fresh } = await scenario();
    const before = lifeState(em);
    const plan = em.plan();
    expect(probe.log).to.deep.equal([
      'beforeCreate fresh',
      'beforeCreate first!',
      'beforeUpdate kept 2 [title]',
      'beforeDelete gone',
    ]);
    const update = plan.entities.find((e) => e.entity === kept)?.reasons[0];
    expect(update?.kind === 'changed' && update.changes.map((c) => c.property)).to.have.members([
      'title',
      'updatedAt',
      'edits',
    ]);
    const insert = plan.steps.find((s) => s.kind === 'insert' && s.table === 't_life_posts');
    const createdAt = insert?.columns.findIndex((c) => c.name === 'created_at') ?? -1;
    expect(insert?.rows[0]?.values[createdAt]).to.not.equal(null);
    expect(lifeState(em)).to.deep.equal(before);
    expect([fresh.createdAt, kept.updatedAt, kept.edits]).to.deep.equal([null, null, 0]);
  });

  it('writes what the hooks set, tells beforeUpdate what changed, and runs afterCommit once per entity after COMMIT', async () => {
    const { em, kept, fresh } = await scenario();
    await em.flush();
    expect(probe.log).to.deep.equal([
      'beforeCreate fresh',
      'beforeCreate first!',
      'beforeUpdate kept 2 [title]',
      'beforeDelete gone',
      'afterCommit fresh insert',
      'afterCommit kept 2 update',
      'afterCommit gone delete',
    ]);
    expect(probe.ems.every((e) => e === em)).to.equal(true);
    expect([fresh.createdAt, kept.updatedAt, kept.edits]).to.deep.equal([FIXED, FIXED, 1]);
    const rows = await lifeRows(orm());
    expect(rows.posts.map((r) => [r.title, r.edits])).to.deep.equal([
      ['kept 2', 1],
      ['fresh', 0],
    ]);
    probe.log = [];
    expect(em.plan().isEmpty, 'the stamps were flushed: nothing is left to write').to.equal(true);
    expect(probe.log).to.deep.equal([]);
  });

  for (const point of ['beforeCreate', 'beforeUpdate', 'beforeDelete']) {
    it(`a throwing ${point} fails plan() and flush() with nothing written and the EntityManager as before; fixed, the flush succeeds`, async () => {
      const { em, kept, fresh } = await scenario();
      const rows = await lifeRows(orm());
      const state = lifeState(em);
      probe.throwAt = point;
      expect(() => em.plan()).to.throw(`hook ${point} failed`);
      expect(lifeState(em)).to.deep.equal(state);
      await expectRejection(em.flush(), Error);
      expect(await lifeRows(orm())).to.deep.equal(rows);
      expect(lifeState(em), 'entries, states, snapshots and the fields hooks had set').to.deep.equal(state);
      expect([fresh.createdAt, kept.updatedAt, kept.edits, fresh.id]).to.deep.equal([null, null, 0, undefined]);
      expect(probe.log.some((l) => l.startsWith('afterCommit'))).to.equal(false);
      probe.throwAt = undefined;
      await em.flush();
      expect((await lifeRows(orm())).posts.map((r) => r.title)).to.deep.equal(['kept 2', 'fresh']);
    });
  }

  it('never runs afterCommit when a later statement fails (a unique violation), and restores what the hooks set', async () => {
    const em = orm().em.fork();
    em.persist(new Post('taken'));
    await em.flush();
    probe.log = [];
    const first = new Post('new one');
    const clash = new Post('taken');
    em.persist(first, clash);
    const state = lifeState(em);
    await expectRejection(em.flush(), UniqueConstraintError);
    expect(probe.log).to.deep.equal(['beforeCreate new one', 'beforeCreate taken']);
    expect([first.createdAt, clash.createdAt, first.id]).to.deep.equal([null, null, undefined]);
    expect(lifeState(em)).to.deep.equal(state);
    expect((await lifeRows(orm())).posts.map((r) => r.title)).to.deep.equal(['taken']);
  });

  it('an afterCommit that throws rejects with AfterCommitError saying the data IS committed; every afterCommit still ran', async () => {
    const em = orm().em.fork();
    const a = new Post('a');
    const b = new Post('b');
    em.persist(a, b);
    probe.throwAt = 'afterCommit';
    const error = await expectRejection(em.flush(), AfterCommitError);
    expect(error.committed).to.equal(true);
    expect(error.errors).to.have.length(2);
    expect(error.message).to.match(/committed/);
    expect(probe.log).to.deep.equal([
      'beforeCreate a',
      'beforeCreate b',
      'afterCommit a insert',
      'afterCommit b insert',
    ]);
    expect([typeof a.id, typeof b.id]).to.deep.equal(['number', 'number']);
    expect((await lifeRows(orm())).posts.map((r) => r.title)).to.deep.equal(['a', 'b']);
    expect(em.plan().isEmpty, 'the results were applied: flushing again writes nothing').to.equal(true);
  });

  it('inside transactional(), afterCommit waits for the real COMMIT, and never runs when the transaction rolls back', async () => {
    const em = orm().em.fork();
    await em.transactional(async () => {
      em.persist(new Post('inside'));
      await em.flush();
      expect(probe.log).to.deep.equal(['beforeCreate inside']);
    });
    expect(probe.log).to.deep.equal(['beforeCreate inside', 'afterCommit inside insert']);
    probe.log = [];
    const failed = em.transactional(async () => {
      em.persist(new Post('doomed'));
      await em.flush();
      throw new Error('the caller gives up');
    });
    await expectRejection(failed, Error);
    expect(probe.log).to.deep.equal(['beforeCreate doomed']);
    expect((await lifeRows(orm())).posts.map((r) => r.title)).to.deep.equal(['inside']);
  });

  it('a nested transactional() hands its flushes to the outer COMMIT; one whose savepoint rolled back never runs afterCommit', async () => {
    const em = orm().em.fork();
    await em.transactional(async () => {
      await em.transactional(async () => {
        em.persist(new Post('released'));
        await em.flush();
      });
      const rolledBack = em.transactional(async () => {
        const doomed = new Post('rolled back');
        em.persist(doomed);
        await em.flush();
        throw new Error('only the savepoint gives up');
      });
      await expectRejection(rolledBack, Error);
      expect(probe.log.filter((l) => l.startsWith('afterCommit'))).to.deep.equal([]);
    });
    expect(probe.log.filter((l) => l.startsWith('afterCommit'))).to.deep.equal(['afterCommit released insert']);
    expect((await lifeRows(orm())).posts.map((r) => r.title)).to.deep.equal(['released']);
  });

  it('runs afterLoad when a row is hydrated (find, populate, refresh), not for an instance the identity map already holds', async () => {
    const seed = orm().em.fork();
    const post = new Post('read me');
    post.comments.push(new Remark('hello', post));
    seed.persist(post);
    await seed.flush();
    probe.log = [];
    probe.ems = [];
    const em = orm().em.fork();
    const found = await em.findOneOrFail(Post, { title: 'read me' });
    expect(probe.log).to.deep.equal(['afterLoad read me']);
    await em.findOneOrFail(Post, found.id as number);
    await em.find(Post, {});
    expect(probe.log, 'identity-map hits').to.deep.equal(['afterLoad read me']);
    await em.find(Post, {}, { populate: ['comments'] });
    expect(probe.log).to.deep.equal(['afterLoad read me', 'afterLoad hello']);
    expect(found.comments[0]?.loadedAt).to.equal('yes');
    await em.refresh(found);
    expect(probe.log).to.deep.equal(['afterLoad read me', 'afterLoad hello', 'afterLoad read me']);
    expect(probe.ems.every((e) => e === em)).to.equal(true);
    probe.log = [];
    await em.fork().find(Post, {}, { populate: ['comments'], strategy: 'joined' });
    expect(probe.log, 'joined populate').to.deep.equal(['afterLoad read me', 'afterLoad hello']);
  });

  it('a throwing afterLoad rejects the find; the row stays managed, so the next find answers from the identity map', async () => {
    const seed = orm().em.fork();
    seed.persist(new Post('fragile'));
    await seed.flush();
    const em = orm().em.fork();
    probe.throwAt = 'afterLoad';
    const error = await expectRejection(em.find(Post, {}), Error);
    expect(error.message).to.equal('hook afterLoad failed');
    probe.throwAt = undefined;
    probe.log = [];
    const [post] = await em.find(Post, {});
    expect([post?.title, probe.log]).to.deep.equal(['fragile', []]);
  });
});

class Chain {
  id?: number;
  next: Chain | null = null;
}

const ChainMapper = defineEntity(Chain, {
  table: 't_life_chain',
  properties: { id: p.integer().primaryKey().generated(), next: p.manyToOne(() => Chain).nullable() },
  hooks: {
    // Never settles: each new Chain persists another.
    beforeCreate(chain, { em }) {
      chain.next = new Chain();
      em.persist(chain.next);
    },
  },
});

// Planning only: no statement runs, so one dialect proves it.
describe('entity hooks that never settle', () => {
  it('fail the plan with an EntityStateError after a bounded number of rounds, and leave the EntityManager as it was', async () => {
    const orm = await Tabula.connect({ url: 'sqlite::memory:', mappers: [ChainMapper] });
    try {
      const em = orm.em.fork();
      const first = new Chain();
      em.persist(first);
      expect(() => em.plan()).to.throw(EntityStateError, /never settles/);
      expect([unitOfWorkOf(em).entries.length, first.next]).to.deep.equal([1, null]);
    } finally {
      await orm.close();
    }
  });
});

/**
 * Flush subscribers: onFlush sees the flush in progress and may persist more (audit rows in the same
 * transaction, rolled back with it), afterCommit runs after COMMIT and the applied results,
 * afterRollback after a failed flush; a throwing subscriber fails the flush atomically. The order of
 * every hook and subscriber of one flush is asserted as a recorded list.
 */
import { expect } from 'chai';
import { AfterCommitError, type FlushSubscriber, UniqueConstraintError } from '../../lib';
import { sql } from '../../lib/sql';
import { unitOfWorkOf } from '../support/internals';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';
import { AuditRow, Post, probe, Remark } from './support/lifecycle-entities';
import { lifeRows, lifeState, useLifecycle } from './support/lifecycle-fixture';

/** How the shared subscriber behaves in the running test. */
const mode: { audit: boolean; throwAt: string | undefined; errors: unknown[] } = {
  audit: false,
  throwAt: undefined,
  errors: [],
};

function step(point: string): void {
  probe.log.push(point);
  if (mode.throwAt === point) throw new Error(`subscriber ${point} failed`);
}

/** Given to Tabula.connect: every EntityManager's flushes. Writes an audit row per written post when asked. */
const auditing: FlushSubscriber = {
  onFlush({ em, inserts, updates, deletes }) {
    if (mode.audit) {
      const title = (e: object) => (e instanceof Post ? e.title : undefined);
      for (const e of inserts) if (title(e)) em.persist(new AuditRow('insert', title(e) as string));
      for (const u of updates)
        if (title(u.entity)) em.persist(new AuditRow('update', `${title(u.entity)} [${u.changed}]`));
      for (const e of deletes) if (title(e)) em.persist(new AuditRow('delete', title(e) as string));
    }
    step(`onFlush ${inserts.length}/${updates.length}/${deletes.length}`);
  },
  async afterCommit({ em, inserted, updated, deleted }) {
    // Read on another connection: only committed rows are visible there.
    const posts = await em.fork().count(Post, {});
    step(`afterCommit ${inserted.length}/${updated.length}/${deleted.length} (committed posts: ${posts})`);
  },
  afterRollback(error) {
    mode.errors.push(error);
    step('afterRollback');
  },
};

describeEachDialect('flush subscribers', (ctx) => {
  const orm = useLifecycle(ctx, [auditing]);
  beforeEach(() => {
    mode.audit = false;
    mode.throwAt = undefined;
    mode.errors = [];
  });

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

  it('runs every hook and subscriber of one flush in the documented order', async () => {
    const { em } = await scenario();
    mode.audit = true;
    const off = em.onFlush((event) => probe.log.push(`flush event ${event.outcome}`));
    try {
      await em.flush();
    } finally {
      off();
    }
    expect(probe.log).to.deep.equal([
      'beforeCreate fresh',
      'beforeCreate first!',
      'beforeUpdate kept 2 [title]',
      'beforeDelete gone',
      'onFlush 2/1/1',
      'flush event committed',
      'afterCommit fresh insert',
      'afterCommit kept 2 update',
      'afterCommit gone delete',
      'afterCommit 5/1/1 (committed posts: 2)',
    ]);
  });

  it('writes the audit rows onFlush persists in the same flush; em.plan() shows them and leaves nothing tracked', async () => {
    const { em } = await scenario();
    mode.audit = true;
    const state = lifeState(em);
    const plan = em.plan();
    const audit = plan.steps.filter((s) => s.table === 't_life_audit').flatMap((s) => s.rows);
    expect(audit.map((r) => (r.entity as AuditRow).subject)).to.deep.equal([
      'fresh',
      'kept 2 [title,updatedAt,edits]',
      'gone',
    ]);
    expect(lifeState(em)).to.deep.equal(state);
    expect(unitOfWorkOf(em).entries.some((e) => e.entity instanceof AuditRow)).to.equal(false);
    await em.flush();
    expect((await lifeRows(orm())).audit).to.deep.equal([
      { action: 'insert', subject: 'fresh' },
      { action: 'update', subject: 'kept 2 [title,updatedAt,edits]' },
      { action: 'delete', subject: 'gone' },
    ]);
  });

  it('rolls the audit rows back with the flush when a later statement fails; afterRollback hears the error, afterCommit never runs', async () => {
    const { em } = await scenario();
    await orm().db.execute(sql`insert into t_life_posts (title, edits) values ('fresh', 0)`);
    mode.audit = true;
    const rows = await lifeRows(orm());
    const state = lifeState(em);
    const error = await expectRejection(em.flush(), UniqueConstraintError);
    expect(mode.errors).to.deep.equal([error]);
    expect(probe.log.filter((l) => l.startsWith('after'))).to.deep.equal(['afterRollback']);
    expect(await lifeRows(orm())).to.deep.equal(rows);
    expect(lifeState(em), 'the audit rows onFlush persisted are no longer tracked').to.deep.equal(state);
    await orm().db.execute(sql`delete from t_life_posts where title = 'fresh'`);
    await em.flush();
    expect((await lifeRows(orm())).audit.map((r) => r.action)).to.deep.equal(['insert', 'update', 'delete']);
  });

  it('a throwing onFlush fails plan() and flush(): nothing written, the EntityManager as before (even what it persisted); fixed, the flush succeeds', async () => {
    const { em, fresh, kept } = await scenario();
    mode.audit = true;
    mode.throwAt = 'onFlush 2/1/1';
    const rows = await lifeRows(orm());
    const state = lifeState(em);
    expect(() => em.plan()).to.throw('subscriber onFlush 2/1/1 failed');
    await expectRejection(em.flush(), Error);
    expect(await lifeRows(orm())).to.deep.equal(rows);
    expect(lifeState(em)).to.deep.equal(state);
    expect([fresh.createdAt, kept.updatedAt, kept.edits]).to.deep.equal([null, null, 0]);
    expect(probe.log.filter((l) => l.startsWith('after'))).to.deep.equal(['afterRollback']);
    mode.throwAt = undefined;
    await em.flush();
    expect((await lifeRows(orm())).audit).to.have.length(3);
  });

  it('a throwing afterCommit subscriber rejects with AfterCommitError; the flush is committed and applied', async () => {
    const em = orm().em.fork();
    const post = new Post('committed anyway');
    em.persist(post);
    mode.throwAt = 'afterCommit 1/0/0 (committed posts: 1)';
    const error = await expectRejection(em.flush(), AfterCommitError);
    expect(error.committed).to.equal(true);
    expect(probe.log).to.include('afterCommit committed anyway insert');
    expect(typeof post.id).to.equal('number');
    expect((await lifeRows(orm())).posts.map((r) => r.title)).to.deep.equal(['committed anyway']);
  });

  it('a throwing afterRollback does not hide the flush error', async () => {
    const em = orm().em.fork();
    em.persist(new Post('same'), new Post('same'));
    mode.throwAt = 'afterRollback';
    await expectRejection(em.flush(), UniqueConstraintError);
    expect(await lifeRows(orm())).to.deep.equal({ posts: [], remarks: [], audit: [] });
  });

  it('em.addSubscriber is this EntityManager only and returns a remover; what its onFlush persists gets beforeCreate but no second onFlush', async () => {
    const em = orm().em.fork();
    let added = 0;
    const off = em.addSubscriber({
      onFlush: ({ em: flushing }) => {
        probe.log.push('own onFlush');
        if (added++ === 0) flushing.persist(new Post('from onFlush'));
      },
    });
    em.persist(new Post('mine'));
    await em.flush();
    expect(probe.log.slice(0, 4)).to.deep.equal([
      'beforeCreate mine',
      'onFlush 1/0/0',
      'own onFlush',
      'beforeCreate from onFlush',
    ]);
    probe.log = [];
    const other = em.fork();
    other.persist(new Post('other'));
    await other.flush();
    expect(probe.log).to.not.include('own onFlush');
    off();
    probe.log = [];
    em.persist(new Post('after off'));
    await em.flush();
    expect(probe.log).to.not.include('own onFlush');
    expect((await lifeRows(orm())).posts.map((r) => r.title)).to.deep.equal([
      'mine',
      'from onFlush',
      'other',
      'after off',
    ]);
  });
});

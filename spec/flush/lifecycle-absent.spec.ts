/**
 * Hooks cost nothing when absent: with no mapper hook and no subscriber, a flush and a plan never
 * create the trial the lifecycle runs in (one change detection, no copies), and loading has no
 * afterLoad callback to check per row. Adding a subscriber switches the trial on for that EntityManager only.
 */
import { expect } from 'chai';
import sinon from 'sinon';
import { EntityManagerContext } from '../../lib/entity-manager';
import { FlushTrial } from '../../lib/entity-manager/lifecycle';
import { Writer } from '../entity-manager/support/entities';
import { useUow } from '../entity-manager/support/uow-fixture';
import { describeEachDialect } from '../support/matrix';

describeEachDialect('lifecycle absent', (ctx) => {
  afterEach(() => sinon.restore());
  const orm = useUow(ctx);

  it('decides once per Tabula that no mapper has a hook, so loading passes no afterLoad callback', () => {
    const context = new EntityManagerContext(orm().db, orm().registry);
    expect([context.hasEntityHooks, context.hasAfterLoad, context.subscribers]).to.deep.equal([false, false, []]);
  });

  it('a Tabula whose mappers have no hooks and no subscribers plans and flushes without a trial', async () => {
    const plan = sinon.spy(FlushTrial.prototype, 'plan');
    const em = orm().em.fork();
    em.persist(new Writer('Ann'));
    em.plan();
    await em.flush();
    expect(plan.callCount).to.equal(0);
    const fork = em.fork();
    const hits: string[] = [];
    const off = fork.addSubscriber({ afterCommit: () => void hits.push('afterCommit') });
    fork.persist(new Writer('Bob'));
    await fork.flush();
    expect([plan.callCount, hits]).to.deep.equal([1, ['afterCommit']]);
    off();
    fork.persist(new Writer('Cid'));
    await fork.flush();
    em.persist(new Writer('Dan'));
    await em.flush();
    expect(plan.callCount, 'removed, the subscriber costs nothing again').to.equal(1);
  });
});

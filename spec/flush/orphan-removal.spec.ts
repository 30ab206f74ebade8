/**
 * Orphan removal on a one-to-many (writer.books, orphanRemoval), on every dialect: a novel taken
 * out of its writer's array is deleted only while it still names that writer as its own. A novel
 * moved to another writer — out of one array, into the other, its `writer` set to the new one —
 * is updated to point at its new writer, never deleted.
 */
import { expect } from 'chai';
import { Novel, Writer } from '../entity-manager/support/entities';
import { allRows, useUow } from '../entity-manager/support/uow-fixture';
import { describeEachDialect } from '../support/matrix';

describeEachDialect('Flush orphan removal (writer.books)', (ctx) => {
  const orm = useUow(ctx);

  it('updates a novel moved to another writer instead of deleting it, and still deletes a true orphan', async () => {
    const em = orm().em.fork();
    const ann = new Writer('Ann');
    const bob = new Writer('Bob');
    const moved = new Novel('Moved', ann);
    const orphan = new Novel('Orphan', ann);
    ann.books.push(moved, orphan);
    em.persist(ann, bob);
    await em.flush();
    // Moved to Bob: out of Ann's array, into Bob's, and Bob is its writer now.
    ann.books.splice(ann.books.indexOf(moved), 1);
    bob.books.push(moved);
    moved.writer = bob;
    // Taken out of Ann's array only: it still names Ann, so it is an orphan.
    ann.books.splice(ann.books.indexOf(orphan), 1);
    const plan = em.plan();
    expect(
      plan.steps.map((s) => [s.kind, s.table, s.rows.map((r) => r.label), s.rows.map((r) => r.values)]),
    ).to.deep.equal([
      ['update', 't_uow_novels', [`Novel#${moved.id}`], [[bob.id]]],
      ['delete', 't_uow_novels', [`Novel#${orphan.id}`], [[]]],
    ]);
    expect(plan.entities.map((e) => [e.label, e.reasons.map((r) => r.kind)])).to.deep.equal([
      [`Novel#${moved.id}`, ['changed']],
      [`Novel#${orphan.id}`, ['orphaned']],
    ]);
    await em.flush();
    expect(await allRows(orm())).to.deep.equal({
      writers: [
        { id: ann.id, version: 1, name: 'Ann', favourite_id: null },
        { id: bob.id, version: 1, name: 'Bob', favourite_id: null },
      ],
      novels: [{ id: moved.id, title: 'Moved', writer_id: bob.id }],
      employees: [],
    });
    expect([em.contains(moved), em.contains(orphan), em.plan().isEmpty]).to.deep.equal([true, false, true]);
  });
});

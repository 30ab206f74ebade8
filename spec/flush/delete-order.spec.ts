/**
 * The order of the DELETEs of one flush, on every dialect: children before the parents they
 * reference — by class when the classes form no cycle, and inside a cycle after a break-cycle step
 * has set the nullable reference to NULL. Each test asserts the plan's ordered steps, then the rows
 * the flush left; a planner that deletes a parent first fails the plan, and the database refuses
 * its flush with a ForeignKeyConstraintError.
 */
import { expect } from 'chai';
import type { EntityManager } from '../../lib/entity-manager';
import { Novel as UowNovel, Writer } from '../entity-manager/support/entities';
import { allRows, useUow } from '../entity-manager/support/uow-fixture';
import { describeEachDialect } from '../support/matrix';
import { Author, Book } from './support/entities';
import { type AcyclicFixture, acyclicRows, closeAcyclic, emptyAcyclic, openAcyclic } from './support/fixture';

/** Each step as [kind, table, the labels of its rows, the values it writes]. */
const steps = (plan: ReturnType<EntityManager['plan']>) =>
  plan.steps.map((s) => [s.kind, s.table, s.rows.map((r) => r.label), s.rows.map((r) => r.values)]);

describeEachDialect('Flush deletes, ordered by class (books reference authors, no cycle)', (ctx) => {
  let f: AcyclicFixture | undefined;
  before(async () => {
    f = await openAcyclic(ctx.url);
  });
  afterEach(async () => emptyAcyclic((f as AcyclicFixture).orm));
  after(async () => closeAcyclic(f));
  const orm = () => (f as AcyclicFixture).orm;

  it('deletes the books before the author they reference, though the author was removed first', async () => {
    const em = orm().em.fork();
    const ann = new Author('Ann');
    const bob = new Author('Bob');
    const a = new Book('A', ann);
    const b = new Book('B', ann);
    const c = new Book('C', bob);
    em.persist(ann, bob, a, b, c);
    await em.flush();
    // The parent first: the order of remove() must not become the order of the DELETEs.
    em.remove(ann, a, b);
    expect(steps(em.plan())).to.deep.equal([
      ['delete', 't_flush_books', [`Book#${a.id}`, `Book#${b.id}`], [[], []]],
      ['delete', 't_flush_authors', [`Author#${ann.id}`], [[]]],
    ]);
    await em.flush();
    expect(await acyclicRows(orm())).to.deep.equal({
      authors: [{ id: bob.id, name: 'Bob' }],
      books: [{ id: c.id, title: 'C', author_id: bob.id }],
    });
    expect([em.contains(ann), em.contains(a), em.contains(b), em.plan().isEmpty]).to.deep.equal([
      false,
      false,
      false,
      true,
    ]);
  });
});

describeEachDialect('Flush deletes inside a cycle (writer.favourite → novel → writer)', (ctx) => {
  const orm = useUow(ctx);

  it('sets the nullable favourite to NULL first, then deletes the novel, then its writer', async () => {
    const em = orm().em.fork();
    const ann = new Writer('Ann');
    const mine = new UowNovel('Mine', ann);
    ann.books.push(mine);
    ann.favourite = mine;
    const bob = new Writer('Bob');
    const his = new UowNovel('His', bob);
    bob.books.push(his);
    bob.favourite = his;
    em.persist(ann, bob);
    await em.flush();
    // Ann's removal cascades to her novel; Bob and his own cycle stay untouched.
    em.remove(ann);
    expect(steps(em.plan())).to.deep.equal([
      ['break-cycle', 't_uow_writers', [`Writer#${ann.id}`], [[null]]],
      ['delete', 't_uow_novels', [`Novel#${mine.id}`], [[]]],
      ['delete', 't_uow_writers', [`Writer#${ann.id}`], [[]]],
    ]);
    await em.flush();
    expect(await allRows(orm())).to.deep.equal({
      writers: [{ id: bob.id, version: 1, name: 'Bob', favourite_id: his.id }],
      novels: [{ id: his.id, title: 'His', writer_id: bob.id }],
      employees: [],
    });
    expect([em.contains(ann), em.contains(mine), em.plan().isEmpty]).to.deep.equal([false, false, true]);
  });
});

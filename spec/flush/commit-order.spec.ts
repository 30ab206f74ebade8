import { expect } from 'chai';
import { orderRows, type OrderEdge } from '../../lib/flush/commit-order';
import { CommitOrderError } from '../../lib/errors';

const edge = (from: number, to: number, deferrable = false, label = 'fk'): OrderEdge => ({
  from,
  to,
  deferrable,
  label,
});

describe('orderRows', () => {
  it('puts parents in a layer before their children and keeps unrelated rows together', () => {
    // 0, 1 authors; 2 → 0, 3 → 1 books; 4 an author with no books
    const order = orderRows(5, [edge(0, 2), edge(1, 3)]);
    expect(order.layers).to.deep.equal([
      [0, 1, 4],
      [2, 3],
    ]);
    expect(order.deferred).to.deep.equal([]);
  });

  it('orders a self-referencing chain row by row (Employee.reportsTo)', () => {
    // 2 reports to 1, 1 reports to 0, 3 reports to 0
    const order = orderRows(4, [edge(1, 2, true), edge(0, 1, true), edge(0, 3, true)]);
    expect(order.layers).to.deep.equal([[0], [1, 3], [2]]);
    expect(order.deferred).to.deep.equal([]);
  });

  it('breaks a cycle through one nullable edge and reports it as deferred', () => {
    // 0 ↔ 1 both nullable: only one of them needs a follow-up UPDATE.
    const order = orderRows(2, [edge(0, 1, true, 'a.b_id'), edge(1, 0, true, 'b.a_id')]);
    expect(order.deferred).to.deep.equal([edge(1, 0, true, 'b.a_id')]);
    expect(order.layers).to.deep.equal([[0], [1]]);
  });

  it('breaks a cycle through the nullable edge when the other one is NOT NULL', () => {
    const order = orderRows(2, [edge(0, 1, true, 'a.b_id'), edge(1, 0, false, 'b.a_id')]);
    expect(order.deferred).to.deep.equal([edge(0, 1, true, 'a.b_id')]);
    expect(order.layers).to.deep.equal([[1], [0]]);
  });

  it('defers a row that references itself through a nullable key', () => {
    const order = orderRows(1, [edge(0, 0, true, 'employees.reports_to')]);
    expect(order.deferred).to.have.length(1);
    expect(order.layers).to.deep.equal([[0]]);
  });

  it('refuses a cycle of NOT NULL keys, naming every step', () => {
    const names = ['author#1', 'book#7', 'shelf#2'];
    try {
      orderRows(
        3,
        [edge(0, 1, false, 'x.y'), edge(1, 2, false, 'y.z'), edge(2, 0, false, 'z.x')],
        (r) => names[r] as string,
      );
      expect.fail('expected a CommitOrderError');
    } catch (e) {
      expect(e).to.be.instanceOf(CommitOrderError);
      expect((e as CommitOrderError).cycle).to.deep.equal([
        'author#1 -> book#7 (x.y)',
        'book#7 -> shelf#2 (y.z)',
        'shelf#2 -> author#1 (z.x)',
      ]);
    }
  });

  it('handles a 100,000-row chain without overflowing the stack', () => {
    const n = 100_000;
    const edges = Array.from({ length: n - 1 }, (_, i) => edge(i, i + 1, true));
    const order = orderRows(n, edges);
    expect(order.layers).to.have.length(n);
    expect(order.layers[n - 1]).to.deep.equal([n - 1]);
  });

  it('gives the same answer for the same input', () => {
    const edges = [edge(3, 1, true), edge(1, 3, true), edge(0, 2), edge(2, 4, true), edge(4, 2, true)];
    expect(orderRows(5, edges)).to.deep.equal(orderRows(5, edges));
  });
});

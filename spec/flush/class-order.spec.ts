import { expect } from 'chai';
import sinon from 'sinon';
import { orderByClass, toGlobalOrder } from '../../lib/flush/class-order';
import { type CommitOrder, type OrderEdge, orderRows } from '../../lib/flush/commit-order';

type Cls = 'Author' | 'Book' | 'Employee' | 'Writer' | 'Novel' | 'Tag';
const edge = (before: Cls, after: Cls) => ({ before, after });
const noRows = (): CommitOrder => expect.fail('no row-level ordering expected');

describe('orderByClass', () => {
  it('layers rows by class when the classes form no cycle, without ordering rows', () => {
    const classes: Cls[] = ['Book', 'Author', 'Book', 'Author'];
    const rowLevel = sinon.spy(noRows);
    const order = orderByClass(
      4,
      (r) => classes[r] as Cls,
      () => [edge('Author', 'Book')],
      rowLevel,
    );
    expect(order).to.deep.equal({
      layers: [
        [1, 3],
        [0, 2],
      ],
      deferred: [],
    });
    expect(rowLevel.called).to.equal(false);
  });

  it('keeps independent classes in the order of their first row', () => {
    const classes: Cls[] = ['Tag', 'Book', 'Author', 'Tag'];
    const order = orderByClass(
      4,
      (r) => classes[r] as Cls,
      () => [edge('Author', 'Book')],
      noRows,
    );
    expect(order.layers).to.deep.equal([[0, 3], [2], [1]]);
  });

  it('orders the rows of a self-referencing class row by row, and of other classes by class', () => {
    const classes: Cls[] = ['Employee', 'Author', 'Employee', 'Employee'];
    // Employee 3 reports to 2, which reports to 0 (edges in positions of the employee rows [0, 2, 3]).
    const rowLevel = sinon.spy((rows: readonly number[]) => {
      expect(rows).to.deep.equal([0, 2, 3]);
      const local: OrderEdge[] = [
        { from: 0, to: 1, deferrable: true, label: 'reports_to' },
        { from: 1, to: 2, deferrable: true, label: 'reports_to' },
      ];
      return toGlobalOrder(rows, orderRows(rows.length, local));
    });
    const order = orderByClass(
      4,
      (r) => classes[r] as Cls,
      () => [edge('Employee', 'Employee')],
      rowLevel,
    );
    expect([order.layers, rowLevel.callCount]).to.deep.equal([[[0], [2], [3], [1]], 1]);
  });

  it('hands the rows of every class of a cycle to row-level ordering together, and keeps its deferred edges', () => {
    const classes: Cls[] = ['Writer', 'Novel', 'Tag', 'Novel'];
    const deferred = { from: 1, to: 0, deferrable: true, label: 'favourite' };
    const rowLevel = sinon.spy((rows: readonly number[]) => ({ layers: [rows], deferred: [deferred] }));
    const order = orderByClass(
      4,
      (r) => classes[r] as Cls,
      () => [edge('Writer', 'Novel'), edge('Novel', 'Writer'), edge('Tag', 'Novel')],
      rowLevel,
    );
    expect(rowLevel.firstCall.args[0]).to.deep.equal([0, 1, 3]);
    expect(order).to.deep.equal({ layers: [[2], [0, 1, 3]], deferred: [deferred] });
  });

  it('gives the rows of a single class one layer, and a single self-referencing class to row-level ordering', () => {
    const rowLevel = sinon.spy((rows: readonly number[]) => ({ layers: [[...rows].reverse()], deferred: [] }));
    const plain = orderByClass(
      3,
      () => 'Author' as Cls,
      () => [edge('Author', 'Book')],
      noRows,
    );
    const selfReferencing = orderByClass(
      3,
      () => 'Employee' as Cls,
      () => [edge('Employee', 'Employee')],
      rowLevel,
    );
    expect([plain, selfReferencing, rowLevel.firstCall.args[0]]).to.deep.equal([
      { layers: [[0, 1, 2]], deferred: [] },
      { layers: [[2, 1, 0]], deferred: [] },
      [0, 1, 2],
    ]);
  });
});

/**
 * The compile-time contract of the query builder: every `@ts-expect-error` below must be an error
 * for `tsc`, and each has a twin that compiles. Nothing is run; the `it` only makes mocha load the
 * file (the builders' callbacks run only when a query is compiled, which none is here).
 */
import { expect } from 'chai';
import { Customer, Invoice, InvoiceLine } from '../../fixtures/chinook/entities';
import { count, desc, inSubquery, type RowOf, sum, op } from '../../lib/query';
import { qb } from '../query/builder/support/compile-only';

type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
const same = <A, B>(_proof: Equal<A, B>) => undefined;

// join: relation paths, typed from the class, three relations deep.
qb(Invoice).join('customer');
qb(Customer).leftJoin('invoices.lines.track');
// @ts-expect-error a wrong relation path
qb(Invoice).join('custmer');
// @ts-expect-error a scalar property is not a relation
qb(Invoice).join('total');
// @ts-expect-error a wrong step deep in a path
qb(Customer).join('invoices.lines.trak');

// select: references typed from the class.
const revenue = qb(Invoice)
  .join('customer')
  .select((i) => ({ country: i.customer.address.country, revenue: sum(i.total), n: count() }))
  .orderBy((_, out) => [desc(out.revenue)]);
// @ts-expect-error a wrong property in the select callback
qb(Invoice).select((i) => ({ total: i.totl }));
// @ts-expect-error a wrong property through a relation
qb(Invoice).select((i) => ({ name: i.customer.nmae }));
const counted = qb(Invoice).select((i) => ({ n: count(i.invoiceId) }));
counted.orderBy((_, out) => [desc(out.n)]);
// @ts-expect-error an output the selection does not have
counted.orderBy((_, out) => [desc(out.revenue)]);

// The rows are typed by the selection: decimals as strings, counts as numbers, nullables with null.
type RevenueRow = RowOf<{
  country: ReturnType<typeof countryRef>;
  revenue: ReturnType<typeof revenueRef>;
  n: ReturnType<typeof count>;
}>;
declare function countryRef(): import('../../lib/query').Ref<string | null>;
declare function revenueRef(): import('../../lib/query').Expr<string | null>;
same<Awaited<ReturnType<typeof revenue.getRows>>, RevenueRow[]>(true);
same<RevenueRow, { country: string | null; revenue: string | null; n: number }>(true);
const quantities = qb(InvoiceLine).select((l) => ({ track: l.track.trackId, sold: sum(l.quantity) }));
same<Awaited<ReturnType<typeof quantities.getRows>>, { track: number; sold: number | null }[]>(true);
// @ts-expect-error a count is not a string
same<Awaited<ReturnType<typeof quantities.getRows>>, { track: number; sold: string | null }[]>(true);
same<Awaited<ReturnType<ReturnType<typeof qb<Customer>>['getEntities']>>, Customer[]>(true);

// Aggregates: sum and avg of numbers and decimals, never of dates or objects.
qb(Invoice).select((i) => ({ total: sum(i.total), id: sum(i.invoiceId) }));
// @ts-expect-error sum of a date
qb(Invoice).select((i) => ({ s: sum(i.invoiceDate) }));
// @ts-expect-error sum of an embeddable
qb(Invoice).select((i) => ({ s: sum(i.billing) }));

// where: the root's Filter<T>, and typed comparisons.
qb(Invoice).where({ total: op({ $gt: '1.00' }) });
// @ts-expect-error a decimal is compared with strings, never with numbers
qb(Invoice).where({ total: op({ $gt: 1 }) });
qb(Invoice).where((i) => i.total.gt('1.00').and(i.customer.customerId.in([1, 2])));
// @ts-expect-error a wrong-typed value in a typed comparison
qb(Invoice).where((i) => i.total.gt(1));
// @ts-expect-error a having takes a condition, not a value
qb(Invoice).having((i) => sum(i.total));

// Subqueries: the subquery's value has the left side's type.
qb(Customer).where((c) =>
  inSubquery(
    c.customerId,
    qb(Invoice).select((i) => ({ id: i.customer.customerId })),
  ),
);
qb(Customer).where((c) =>
  inSubquery(
    c.customerId,
    // @ts-expect-error a subquery of strings for a number
    qb(Invoice).select((i) => ({ id: i.total })),
  ),
);

describe('query builder types', () => {
  it('are checked by tsc (this file compiles only if every expected error is one)', () => {
    expect(revenue).to.be.an('object');
  });
});

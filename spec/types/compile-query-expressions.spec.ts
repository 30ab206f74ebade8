/**
 * The compile-time contract of query expressions: every `@ts-expect-error` below must be an error
 * for `tsc`, and each has a twin that compiles. Nothing runs (see compile-query-builder.spec.ts).
 */
import { expect } from 'chai';
import { Customer, Invoice, InvoiceLine, Track } from '../../fixtures/chinook/entities';
import {
  add,
  caseWhen,
  coalesce,
  concat,
  count,
  day,
  divide,
  type Expr,
  hour,
  length,
  lower,
  month,
  multiply,
  now,
  substring,
  subtract,
  sum,
  upper,
  year,
} from '../../lib/query';
import { qb } from '../query/builder/support/compile-only';

type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
const same = <A, B>(_proof: Equal<A, B>) => undefined;
type Rows<Q extends { getRows(): Promise<unknown[]> }> = Awaited<ReturnType<Q['getRows']>>;

// Date parts take datetimes and read as numbers.
const perYear = qb(Invoice)
  .select((i) => ({
    year: year(i.invoiceDate),
    m: month(i.invoiceDate),
    d: day(i.invoiceDate),
    h: hour(i.invoiceDate),
  }))
  .groupBy((i, out) => [year(i.invoiceDate), out.m]);
same<Rows<typeof perYear>, { year: number; m: number; d: number; h: number }[]>(true);
// @ts-expect-error year() of a string column
qb(Invoice).select((i) => ({ y: year(i.total) }));
// @ts-expect-error month() of a number column
qb(Track).select((t) => ({ m: month(t.milliseconds) }));
// @ts-expect-error hour() of a string column, through a relation
qb(Invoice).select((i) => ({ h: hour(i.customer.firstName) }));
// A nullable datetime gives a nullable number.
const born = qb(Customer).select((c) => ({ y: year(c.supportRep.birthDate) }));
same<Rows<typeof born>, { y: number | null }[]>(true);

// Arithmetic: numbers, bigints and decimals; the result type is the widest.
const money = qb(InvoiceLine).select((l) => ({
  line: multiply(l.unitPrice, l.quantity),
  plus: add(l.quantity, 1),
  half: divide(l.quantity, 2),
  less: subtract(l.unitPrice, '0.10'),
  sum: sum(multiply(l.unitPrice, l.quantity)),
}));
same<Rows<typeof money>, { line: string; plus: number; half: number; less: string; sum: string | null }[]>(true);
// @ts-expect-error + of a string and a number
qb(InvoiceLine).select((l) => ({ x: add(l.quantity, '1') }));
qb(InvoiceLine).select((l) => ({ x: add(1, l.quantity) }));
// @ts-expect-error + of a string and a number, the other way round
qb(InvoiceLine).select((l) => ({ x: add('1', l.quantity) }));
// @ts-expect-error arithmetic on a date
qb(Invoice).select((i) => ({ x: add(i.invoiceDate, 1) }));
// @ts-expect-error arithmetic on an embeddable
qb(Invoice).select((i) => ({ x: multiply(i.billing, 2) }));
// A nullable operand makes a nullable result.
const bytes = qb(Track).select((t) => ({ kb: divide(t.bytes, 1024) }));
same<Rows<typeof bytes>, { kb: number | null }[]>(true);

// Comparisons of an expression are typed by its result.
qb(Track).where((t) => divide(t.milliseconds, 1000).gt(60));
// @ts-expect-error a number result compared with a string
qb(Track).where((t) => divide(t.milliseconds, 1000).gt('60'));
qb(Invoice).where((i) => year(i.invoiceDate).eq(2021));
// @ts-expect-error a year compared with a Date
qb(Invoice).where((i) => year(i.invoiceDate).eq(new Date()));

// Text functions take text.
const names = qb(Customer).select((c) => ({
  lower: lower(c.firstName),
  upper: upper(c.company),
  n: length(c.email),
  full: concat(c.firstName, ' ', c.lastName),
  maybe: concat(c.firstName, c.company),
  initials: substring(c.firstName, 1, 1),
}));
same<
  Rows<typeof names>,
  { lower: string; upper: string | null; n: number; full: string; maybe: string | null; initials: string }[]
>(true);
// @ts-expect-error lower() of a number column
qb(Customer).select((c) => ({ x: lower(c.customerId) }));
// @ts-expect-error length() of a date
qb(Invoice).select((i) => ({ x: length(i.invoiceDate) }));
// @ts-expect-error concat of a number column
qb(Customer).select((c) => ({ x: concat(c.firstName, c.customerId) }));
// @ts-expect-error concat of a number value
qb(Customer).select((c) => ({ x: concat(c.firstName, 1) }));

// coalesce: non-null once a later argument is; values of the first one's type.
const company = qb(Customer).select((c) => ({ a: coalesce(c.company, '(private)'), b: coalesce(c.company, c.phone) }));
same<Rows<typeof company>, { a: string; b: string | null }[]>(true);
// @ts-expect-error a number as a fallback for a string
qb(Customer).select((c) => ({ x: coalesce(c.company, 0) }));

// caseWhen: the arms' values, nullable without an else.
const bands = qb(Invoice).select((i) => ({
  band: caseWhen([[i.total.gte('10.00'), 'large']], 'small'),
  big: caseWhen([[i.total.gte('10.00'), i.total]]),
  n: count(),
}));
same<Rows<typeof bands>, { band: string; big: string | null; n: number }[]>(true);
// @ts-expect-error an arm's condition must be a condition, not a value
qb(Invoice).select((i) => ({ x: caseWhen([[i.total, 'large']], 'small') }));

// now() is a datetime.
qb(Invoice).where((i) => i.invoiceDate.lt(now()));
same<ReturnType<typeof now>, Expr<Date>>(true);

describe('query expression types', () => {
  it('are checked by tsc (this file compiles only if every expected error is one)', () => {
    expect(perYear).to.be.an('object');
  });
});

/**
 * The hostile-input cases, by entry point. Each names what it sends and what must come back: the
 * exact result, or a refusal by one of the listed `TabulaError` codes. Values arrive the way a
 * request delivers them — JSON.parse'd objects (whose `__proto__` key is an own property),
 * strings where numbers belong, numbers past every range. Filter operators are not attacked here
 * (docs/reliability.md says where they are); `$and`/`$or` and plain equality are.
 * The write side's cases are in hostile-write-cases.ts.
 */
import type { EntityManager, Tabula as TabulaType } from '../../../lib';
import type { DialectName } from '../../support/matrix';
import { Item, type Owner } from './hostile-tables';

export interface Harness {
  readonly em: EntityManager;
  readonly orm: TabulaType;
  readonly dialect: DialectName;
  readonly items: readonly Item[];
  readonly owners: readonly Owner[];
}

/** The exact answer, a refusal by one of these codes, or a write whose rows the case returns exactly. */
export type Expected =
  | { readonly result: unknown }
  | { readonly refused: readonly string[] }
  | { readonly wrote: unknown };

export interface HostileCase {
  readonly entry: string;
  readonly title: string;
  run(h: Harness): Promise<unknown>;
  readonly expected: Expected | ((dialect: DialectName) => Expected);
}

export const QUERY = { refused: ['QUERY'] } as const;
export const VALUE = { refused: ['VALUE'] } as const;
export const names = (xs: readonly { name: string }[]) => xs.map((x) => x.name);
const find = (h: Harness, options: object) => h.em.find(Item, {}, options as never).then(names);
const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const ALL = ['alpha', 'beta', 'gamma'];

const orderBy: HostileCase[] = [
  { entry: 'orderBy', title: 'unknown key', run: (h) => find(h, { orderBy: { nope: 'asc' } }), expected: QUERY },
  {
    entry: 'orderBy',
    title: '__proto__ key (JSON)',
    run: (h) => find(h, { orderBy: JSON.parse('{"__proto__":"asc"}') }),
    expected: QUERY,
  },
  {
    entry: 'orderBy',
    title: 'constructor key',
    run: (h) => find(h, { orderBy: { constructor: 'asc' } }),
    expected: QUERY,
  },
  {
    entry: 'orderBy',
    title: "direction 'asc; drop table'",
    run: (h) => find(h, { orderBy: { name: 'asc; drop table t_hi_items' } }),
    expected: QUERY,
  },
  {
    entry: 'orderBy',
    title: "direction 'ASC' (not the word)",
    run: (h) => find(h, { orderBy: { name: 'ASC' } }),
    expected: QUERY,
  },
  {
    entry: 'orderBy',
    title: 'direction as a nested object',
    run: (h) => find(h, { orderBy: { name: { $gt: 'a' } } }),
    expected: QUERY,
  },
  {
    entry: 'orderBy',
    title: 'a key with SQL in it',
    run: (h) => find(h, { orderBy: { 'name desc, (select 1)': 'asc' } }),
    expected: QUERY,
  },
  { entry: 'orderBy', title: 'a string', run: (h) => find(h, { orderBy: 'name' }), expected: QUERY },
  { entry: 'orderBy', title: 'an array', run: (h) => find(h, { orderBy: ['name'] }), expected: QUERY },
  {
    entry: 'orderBy',
    title: 'to-one path, unknown leaf',
    run: (h) => find(h, { orderBy: { owner: { __proto__: null, nope: 'asc' } } }),
    expected: QUERY,
  },
  {
    entry: 'orderBy',
    title: 'to-one path (legitimate)',
    run: (h) => find(h, { orderBy: { owner: { name: 'desc' }, name: 'asc' } }),
    // gamma has no owner: PostgreSQL sorts NULL above every value, SQLite and MariaDB below.
    expected: (d) => ({ result: d === 'postgres' ? ['gamma', 'alpha', 'beta'] : ['alpha', 'beta', 'gamma'] }),
  },
  {
    entry: 'orderBy',
    title: 'desc (legitimate)',
    run: (h) => find(h, { orderBy: { qty: 'desc' } }),
    expected: { result: ['gamma', 'beta', 'alpha'] },
  },
];

const BAD_COUNTS: [string, unknown][] = [
  ['negative', -1],
  ['a fraction', 1.5],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['a numeric string', '2'],
  ['a string with SQL', '1; drop table t_hi_items'],
  ['past 2^53', 2 ** 53],
  ['1e300', 1e300],
  ['null', null],
  ['an object', { valueOf: () => 1 }],
  ['a bigint', 2n],
  ['-0 as a string', '-0'],
];
const limits: HostileCase[] = [
  ...BAD_COUNTS.map(
    ([t, v]): HostileCase => ({
      entry: 'limit/offset',
      title: `limit ${t}`,
      run: (h) => find(h, { limit: v }),
      expected: QUERY,
    }),
  ),
  ...BAD_COUNTS.map(
    ([t, v]): HostileCase => ({
      entry: 'limit/offset',
      title: `offset ${t}`,
      run: (h) => find(h, { offset: v }),
      expected: QUERY,
    }),
  ),
  {
    entry: 'limit/offset',
    title: 'limit 2^53 - 1 (legitimate)',
    run: (h) => find(h, { limit: Number.MAX_SAFE_INTEGER }),
    expected: { result: ALL },
  },
  {
    entry: 'limit/offset',
    title: 'offset 2^53 - 1 (legitimate)',
    run: (h) => find(h, { limit: 5, offset: Number.MAX_SAFE_INTEGER }),
    expected: { result: [] },
  },
  { entry: 'limit/offset', title: 'limit 0 (legitimate)', run: (h) => find(h, { limit: 0 }), expected: { result: [] } },
];

const page = (h: Harness, after: unknown, first: unknown = 2) =>
  h.em
    .findByCursor(Item, {}, { orderBy: { name: 'asc' }, first: first as number, after: after as string })
    .then((p) => names(p.items));
const ORDER = 'name:asc,id:asc';
const cursors: HostileCase[] = [
  { entry: 'cursor', title: 'garbage', run: (h) => page(h, '%%% not base64 %%%'), expected: QUERY },
  {
    entry: 'cursor',
    title: 'base64 of garbage',
    run: (h) => page(h, Buffer.from('{nope').toString('base64url')),
    expected: QUERY,
  },
  {
    entry: 'cursor',
    title: 'another order',
    run: (h) => page(h, cursor({ o: 'qty:asc,id:asc', v: [1, 1] })),
    expected: QUERY,
  },
  { entry: 'cursor', title: 'too few values', run: (h) => page(h, cursor({ o: ORDER, v: ['a'] })), expected: QUERY },
  {
    entry: 'cursor',
    title: 'an operator object as a value',
    run: (h) => page(h, cursor({ o: ORDER, v: [{ $ne: null }, 0] })),
    expected: { refused: ['QUERY', 'VALUE'] },
  },
  {
    entry: 'cursor',
    title: 'a forged bigint tag',
    run: (h) => page(h, cursor({ o: ORDER, v: ['a', { b: 'xyz' }] })),
    expected: { refused: ['QUERY', 'VALUE'] },
  },
  {
    entry: 'cursor',
    title: 'a forged date tag',
    run: (h) => page(h, cursor({ o: ORDER, v: [{ d: 'not a date' }, 1] })),
    expected: { refused: ['QUERY', 'VALUE'] },
  },
  {
    entry: 'cursor',
    title: 'a number for a string column',
    run: (h) => page(h, cursor({ o: ORDER, v: [5, 1] })),
    expected: { refused: ['QUERY', 'VALUE'] },
  },
  { entry: 'cursor', title: 'a huge cursor (4 MB)', run: (h) => page(h, 'A'.repeat(4 << 20)), expected: QUERY },
  { entry: 'cursor', title: 'not a string', run: (h) => page(h, 12), expected: QUERY },
  { entry: 'cursor', title: 'first 0', run: (h) => page(h, undefined, 0), expected: QUERY },
  { entry: 'cursor', title: "first '2'", run: (h) => page(h, undefined, '2'), expected: QUERY },
  {
    entry: 'cursor',
    title: 'forged but well-formed (legitimate)',
    run: (h) => page(h, cursor({ o: ORDER, v: ['alpha', h.items[0]?.id] })),
    expected: { result: ['beta', 'gamma'] },
  },
  {
    entry: 'cursor',
    title: "'' is no cursor (legitimate)",
    run: (h) => page(h, ''),
    expected: { result: ['alpha', 'beta'] },
  },
];

const populate: HostileCase[] = [
  { entry: 'populate', title: 'unknown path', run: (h) => find(h, { populate: ['nope'] }), expected: QUERY },
  { entry: 'populate', title: '__proto__', run: (h) => find(h, { populate: ['__proto__'] }), expected: QUERY },
  { entry: 'populate', title: 'constructor', run: (h) => find(h, { populate: ['constructor'] }), expected: QUERY },
  {
    entry: 'populate',
    title: 'owner.__proto__',
    run: (h) => find(h, { populate: ['owner.__proto__'] }),
    expected: QUERY,
  },
  { entry: 'populate', title: 'a column', run: (h) => find(h, { populate: ['name'] }), expected: QUERY },
  {
    entry: 'populate',
    title: 'a 100,000-segment path',
    run: (h) => find(h, { populate: ['owner.'.repeat(100_000)] }),
    expected: QUERY,
  },
  {
    entry: 'populate',
    title: 'a 1 MB segment',
    run: (h) => find(h, { populate: ['x'.repeat(1 << 20)] }),
    expected: QUERY,
  },
  { entry: 'populate', title: 'null in the list', run: (h) => find(h, { populate: [null] }), expected: QUERY },
  { entry: 'populate', title: 'a string, not a list', run: (h) => find(h, { populate: 'owner' }), expected: QUERY },
  {
    entry: 'populate',
    title: 'unknown strategy',
    run: (h) => find(h, { populate: ['owner'], strategy: 'joined; drop' }),
    expected: QUERY,
  },
  {
    entry: 'populate',
    title: 'owner (legitimate)',
    run: (h) => h.em.find(Item, {}, { populate: ['owner'] }).then((xs) => xs.map((x) => x.owner?.name ?? null)),
    expected: { result: ['Bob', 'Ann', null] },
  },
];

const fields: HostileCase[] = [
  { entry: 'fields', title: 'unknown field', run: (h) => find(h, { fields: ['nope'] }), expected: QUERY },
  { entry: 'fields', title: '__proto__', run: (h) => find(h, { fields: ['__proto__'] }), expected: QUERY },
  { entry: 'fields', title: 'constructor', run: (h) => find(h, { fields: ['constructor'] }), expected: QUERY },
  { entry: 'fields', title: 'toString', run: (h) => find(h, { fields: ['toString'] }), expected: QUERY },
  { entry: 'fields', title: 'a symbol', run: (h) => find(h, { fields: [Symbol('name')] }), expected: QUERY },
  {
    entry: 'fields',
    title: 'an object',
    run: (h) => find(h, { fields: [{ toString: () => 'name' }] }),
    expected: QUERY,
  },
  {
    entry: 'fields',
    title: 'a column with SQL',
    run: (h) => find(h, { fields: ['name, (select 1) as x'] }),
    expected: QUERY,
  },
  {
    entry: 'fields',
    title: 'name (legitimate)',
    run: (h) => h.em.find(Item, {}, { fields: ['name'] }).then((xs) => xs.map((x) => [x.name, x.qty])),
    expected: {
      result: [
        ['alpha', undefined],
        ['beta', undefined],
        ['gamma', undefined],
      ],
    },
  },
];

/** The cases of the read side: orderBy, limit/offset, cursors, populate, fields. */
export const READ_CASES: readonly HostileCase[] = [...orderBy, ...limits, ...cursors, ...populate, ...fields];

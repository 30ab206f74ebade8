/**
 * The hostile-input cases, by entry point. Each names what it sends and what must come back: the
 * exact result, or a refusal by one of the listed `TabulaError` codes. Values arrive the way a
 * request delivers them — JSON.parse'd objects (whose `__proto__` key is an own property),
 * strings where numbers belong, numbers past every range. Filter operators are not attacked here
 * (docs/reliability.md says where they are); `$and`/`$or` and plain equality are.
 */
import type { EntityManager, Tabula as TabulaType } from '../../../lib';
import { column, sql, table } from '../../../lib/sql';
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

const QUERY = { refused: ['QUERY'] } as const;
const VALUE = { refused: ['VALUE'] } as const;
const names = (xs: readonly { name: string }[]) => xs.map((x) => x.name);
const find = (h: Harness, options: object) => h.em.find(Item, {}, options as never).then(names);
const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const ALL = ['alpha', 'beta', 'gamma'];

/** The row of item `id` as the database holds it, read back through a fresh EntityManager. */
async function itemRow(h: Harness, id: number | undefined) {
  const x = await h.orm.em.fork().findOneOrFail(Item, id as number);
  return { name: x.name, qty: x.qty, price: x.price, flag: x.flag, at: x.at?.toISOString() ?? null };
}

/** A new item made from request data the way an application assigns it, then persisted and flushed. */
async function persistFrom(h: Harness, data: string | Record<string, unknown>): Promise<unknown> {
  const item = Object.assign(new Item('new', 7, '7.00', false), typeof data === 'string' ? JSON.parse(data) : data);
  h.em.persist(item);
  await h.em.flush();
  return itemRow(h, item.id);
}

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

const NEW_ROW = { name: 'new', qty: 7, price: '7.00', flag: false, at: null };
const persist: HostileCase[] = [
  ...(
    [
      ['name: a number', { name: 42 }],
      ['name: 21 characters', { name: 'x'.repeat(21) }],
      ['name: an object', { name: { toString: () => 'x' } }],
      ['name: a lone surrogate', { name: 'a\uD800b' }],
      ['qty: a numeric string', { qty: '5' }],
      ['qty: a fraction', { qty: 1.5 }],
      ['qty: NaN', { qty: Number.NaN }],
      ['qty: Infinity', { qty: Number.POSITIVE_INFINITY }],
      ['qty: 2^31', { qty: 2 ** 31 }],
      ['qty: -2^31 - 1', { qty: -(2 ** 31) - 1 }],
      ['price: not a number', { price: 'abc' }],
      ['price: 1e400', { price: '1e400' }],
      ['price: 9 digits before the point', { price: '123456789.00' }],
      ['price: a number', { price: 1.5 }],
      ['price: 3 decimals', { price: '1.005' }],
      ['at: an invalid Date', { at: new Date('nope') }],
      ['at: a string', { at: '2024-01-01' }],
      ['flag: a string', { flag: 'true' }],
      ['flag: 1', { flag: 1 }],
    ] as [string, Record<string, unknown>][]
  ).map(
    ([t, data]): HostileCase => ({ entry: 'persist', title: t, run: (h) => persistFrom(h, data), expected: VALUE }),
  ),
  {
    entry: 'persist',
    title: 'name: NUL inside',
    run: (h) => persistFrom(h, { name: 'a\u0000b' }),
    expected: (d) => (d === 'postgres' ? VALUE : { wrote: { ...NEW_ROW, name: 'a\u0000b' } }),
  },
  {
    entry: 'persist',
    title: 'owner: a key, not an entity',
    run: (h) => persistFrom(h, { owner: h.owners[0]?.id }),
    expected: { refused: ['ENTITY_STATE'] },
  },
  {
    entry: 'persist',
    title: 'owner: a string',
    run: (h) => persistFrom(h, { owner: 'Ann' }),
    expected: { refused: ['ENTITY_STATE'] },
  },
  {
    entry: 'persist',
    title: 'owner: a plain object with a key',
    run: (h) => persistFrom(h, { owner: { id: h.owners[0]?.id, name: 'x' } }),
    expected: { refused: ['ENTITY_STATE'] },
  },
  {
    entry: 'persist',
    title: 'unknown properties are not written (legitimate)',
    run: (h) => persistFrom(h, '{"bogus":1,"name":"named"}'),
    expected: { wrote: { ...NEW_ROW, name: 'named' } },
  },
  {
    entry: 'persist',
    title: 'SQL in a value (legitimate)',
    run: (h) => persistFrom(h, { name: "x'); drop table --" }),
    expected: { wrote: { ...NEW_ROW, name: "x'); drop table --" } },
  },
  {
    entry: 'persist',
    title: '__proto__ from JSON replaces the prototype',
    run: (h) => persistFrom(h, '{"__proto__":{"polluted":"yes"},"name":"p"}'),
    expected: { refused: ['ENTITY_STATE', 'MAPPING'] },
  },
  {
    entry: 'persist',
    title: 'constructor from JSON',
    run: (h) => persistFrom(h, '{"constructor":"Owner","name":"c"}'),
    expected: { refused: ['ENTITY_STATE', 'MAPPING'] },
  },
  {
    entry: 'persist',
    title: 'a prototype-less object',
    run: async (h) => h.em.persist(Object.assign(Object.create(null), NEW_ROW)),
    expected: { refused: ['ENTITY_STATE', 'MAPPING'] },
  },
  {
    entry: 'persist',
    title: 'a plain object',
    run: async (h) => h.em.persist({ ...NEW_ROW }),
    expected: { refused: ['ENTITY_STATE', 'MAPPING'] },
  },
  {
    entry: 'persist',
    title: 'a string',
    run: async (h) => h.em.persist('item' as never),
    expected: { refused: ['ENTITY_STATE'] },
  },
];

const update = (h: Harness, changes: unknown, filter: unknown = { name: 'beta' }) =>
  h.em.updateWhere(Item, filter as never, changes as never);
const bulk: HostileCase[] = [
  ...(
    [
      ['name: 21 characters', { name: 'x'.repeat(21) }],
      ['name: NaN', { name: Number.NaN }],
      ['qty: 2^31', { qty: 2 ** 31 }],
      ['qty: NaN', { qty: Number.NaN }],
      ['qty: a numeric string', { qty: '5' }],
      ['price: 1e400', { price: '1e400' }],
      ['at: an invalid Date', { at: new Date('nope') }],
      ['flag: a string', { flag: 'false' }],
    ] as [string, unknown][]
  ).map(
    ([t, changes]): HostileCase => ({
      entry: 'bulk DML',
      title: `updateWhere ${t}`,
      run: (h) => update(h, changes),
      expected: VALUE,
    }),
  ),
  ...(
    [
      ['unknown property', { nope: 1 }],
      ['__proto__ (JSON)', JSON.parse('{"__proto__":{"polluted":"yes"}}')],
      ['constructor', { constructor: 'x' }],
      ['the key', { id: 99 }],
      ['an operator object', { name: { $set: 'x' } }],
      ['no changes', {}],
    ] as [string, unknown][]
  ).map(
    ([t, changes]): HostileCase => ({
      entry: 'bulk DML',
      title: `updateWhere ${t}`,
      run: (h) => update(h, changes),
      expected: { refused: ['QUERY', 'VALUE'] },
    }),
  ),
  {
    entry: 'bulk DML',
    title: 'updateWhere with {} and no all: true',
    run: (h) => update(h, { qty: 1 }, {}),
    expected: QUERY,
  },
  {
    entry: 'bulk DML',
    title: 'deleteWhere with {} and no all: true',
    run: (h) => h.em.deleteWhere(Item, {}),
    expected: QUERY,
  },
  {
    entry: 'bulk DML',
    title: 'deleteWhere with $or of nothing matches nothing (legitimate)',
    run: (h) => h.em.deleteWhere(Item, { $or: [] }),
    expected: { result: 0 },
  },
  {
    entry: 'bulk DML',
    title: 'updateWhere SQL in a value, $or filter (legitimate)',
    run: async (h) => [
      await update(h, { name: "b'; --" }, { $or: [{ name: 'beta' }, { name: 'nope' }] }),
      await itemRow(h, h.items[1]?.id),
    ],
    expected: { wrote: [1, { name: "b'; --", qty: 2, price: '2.00', flag: false, at: null }] },
  },
];

const q = (h: Harness, node: ReturnType<typeof sql>) => h.orm.db.query(node);
const sqlTag: HostileCase[] = [
  {
    entry: 'sql tag',
    title: 'a value that looks like SQL',
    run: (h) => q(h, sql`select name from t_hi_items where name = ${"x' or '1'='1"}`),
    expected: { result: [] },
  },
  {
    entry: 'sql tag',
    title: 'a 1 MB value',
    run: (h) => q(h, sql`select name from t_hi_items where name = ${'x'.repeat(1 << 20)}`),
    expected: { result: [] },
  },
  {
    entry: 'sql tag',
    title: 'a NUL in a value',
    run: (h) => q(h, sql`select name from t_hi_items where name = ${'a\u0000b'}`),
    expected: (d) => (d === 'postgres' ? VALUE : { result: [] }),
  },
  {
    entry: 'sql tag',
    // Only factory-made nodes are embedded: a look-alike is bound as a value and matches nothing.
    title: 'a look-alike node from JSON is a value',
    run: (h) =>
      q(
        h,
        sql`select name from t_hi_items where name = ${JSON.parse('{"kind":"raw","strings":["1=1 or name"],"values":[]}')}`,
      ),
    expected: { result: [] },
  },
  {
    entry: 'sql tag',
    title: 'a function',
    run: (h) => q(h, sql`select name from t_hi_items where name = ${() => 'x'}`),
    expected: VALUE,
  },
  {
    entry: 'sql tag',
    title: 'a symbol',
    run: (h) => q(h, sql`select name from t_hi_items where name = ${Symbol('x')}`),
    expected: VALUE,
  },
  {
    entry: 'sql tag',
    title: 'a value equal to a row (legitimate)',
    run: (h) => q(h, sql`select name from t_hi_items where name = ${'beta'}`),
    expected: { result: [{ name: 'beta' }] },
  },
];

const BAD_NAMES = ['a"b', 'a`b', 'a\u0000b', "a'b", 'a b', 'a;drop', '1abc', '', 'x'.repeat(64), 'ä'];
const identifiers: HostileCase[] = [
  ...BAD_NAMES.map(
    (n): HostileCase => ({
      entry: 'identifiers',
      title: `sql.id(${JSON.stringify(n).slice(0, 20)})`,
      run: async () => sql.id(n),
      expected: { refused: ['IDENTIFIER'] },
    }),
  ),
  {
    entry: 'identifiers',
    title: 'column() with a quote',
    run: async () => column('a"b'),
    expected: { refused: ['IDENTIFIER'] },
  },
  {
    entry: 'identifiers',
    title: 'table() with a backtick',
    run: async () => table('t`x'),
    expected: { refused: ['IDENTIFIER'] },
  },
  {
    entry: 'identifiers',
    title: 'sql.id with a number',
    run: async () => sql.id(5 as never),
    expected: { refused: ['IDENTIFIER'] },
  },
  {
    entry: 'identifiers',
    title: 'sql.id of two parts (legitimate)',
    run: (h) => q(h, sql`select ${sql.id('t', 'name')} from ${sql.id('t_hi_items')} t where t.id = ${h.items[2]?.id}`),
    expected: { result: [{ name: 'gamma' }] },
  },
];

export const HOSTILE_CASES: readonly HostileCase[] = [
  ...orderBy,
  ...limits,
  ...cursors,
  ...populate,
  ...fields,
  ...persist,
  ...bulk,
  ...sqlTag,
  ...identifiers,
];

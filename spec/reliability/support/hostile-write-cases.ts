/**
 * The hostile-input cases of the write side: persisted data, updateWhere/deleteWhere, the sql tag
 * and identifiers (see hostile-cases.ts for the shape of a case).
 */
import { column, sql, table } from '../../../lib/sql';
import { type Harness, type HostileCase, QUERY, VALUE } from './hostile-cases';
import { Item } from './hostile-tables';

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

/** The cases of the write side. */
export const WRITE_CASES: readonly HostileCase[] = [...persist, ...bulk, ...sqlTag, ...identifiers];

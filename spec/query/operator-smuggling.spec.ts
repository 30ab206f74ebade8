/**
 * Operator smuggling: a value parsed from JSON (`{"$ne": null}`) where the mapper says a scalar
 * must never become a condition. Every named case is refused with a ValueError — bare, inside an
 * op() leaf, at a nested relation's leaf, in bulk DML — the message never echoes the value, and
 * the table is unchanged. The positive twins show the same conditions work when the program
 * writes them with op().
 */
import { expect } from 'chai';
import { op, QueryError, Tabula, ValueError } from '../../lib';
import { defineEntity, p } from '../../lib/mapping';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';

class SmTeam {
  id?: number;
  members: SmAccount[] = [];
  constructor(public name: string) {}
}

class SmAccount {
  id?: number;
  constructor(
    public code: string,
    public name: string,
    public age: number | null,
    public active: boolean,
    public team: SmTeam | null,
  ) {}
}

const SmTeamMapper = defineEntity(SmTeam, {
  table: 't_smuggle_teams',
  properties: {
    id: p.integer().primaryKey().generated(),
    name: p.string({ length: 40 }),
    members: p.oneToMany(() => SmAccount, 'team'),
  },
});

const SmAccountMapper = defineEntity(SmAccount, {
  table: 't_smuggle_accounts',
  properties: {
    id: p.integer().primaryKey().generated(),
    code: p.string({ length: 40 }),
    name: p.string({ length: 40 }),
    age: p.integer().nullable(),
    active: p.boolean(),
    team: p.manyToOne(() => SmTeam).nullable(),
  },
});

/** JSON as a request body would carry it: what a handler passes on without looking. */
const json = (text: string): unknown => JSON.parse(text);

/** Hostile values for a scalar position, as they arrive from JSON. */
const HOSTILE: readonly [string, string][] = [
  ['{"$ne": null}', '$ne: null'],
  ['{"$gt": ""}', '$gt: ""'],
  ['{"$in": ["A1", "B2"]}', '$in'],
  ['{"$like": "%"}', '$like: "%"'],
  ['{"$null": false}', '$null: false'],
  ['["A1", "B2"]', 'an array'],
  ['{"a": {"b": 1}}', 'a nested object'],
  ['{"__proto__": {"$ne": null}}', '__proto__'],
  ['{"constructor": {"$ne": null}}', 'constructor'],
  ['{"$ne": null, "Symbol(tabula-orm.operators)": true}', 'a key named like the brand'],
];

describeEachDialect('operator smuggling: JSON where a scalar belongs is refused, never a condition', (ctx) => {
  let orm: Tabula;
  let snapshot: string;

  before(async () => {
    orm = await Tabula.connect({ url: ctx.url, mappers: [SmTeamMapper, SmAccountMapper] });
    await orm.schema.drop();
    await orm.schema.create();
    const em = orm.em.fork();
    const [red, blue] = [new SmTeam('red'), new SmTeam('blue')];
    em.persist(
      red,
      blue,
      new SmAccount('A1', 'Ann', 31, true, red),
      new SmAccount('B2', 'Bob', null, false, red),
      new SmAccount('C3', 'Cid', 17, true, blue),
      new SmAccount('D4', 'Dee', 64, false, null),
    );
    await em.flush();
    snapshot = await tableState();
  });
  after(async () => {
    await orm.schema.drop();
    await orm.close();
  });

  /** Every row of both tables, in key order: what "unchanged" is compared against. */
  async function tableState(): Promise<string> {
    const em = orm.em.fork();
    const accounts = await em.find(SmAccount, {}, { orderBy: { id: 'asc' }, readOnly: true });
    const teams = await em.find(SmTeam, {}, { orderBy: { id: 'asc' }, readOnly: true });
    return JSON.stringify([
      accounts.map((a) => [a.id, a.code, a.name, a.age, a.active]),
      teams.map((t) => [t.id, t.name]),
    ]);
  }

  /** The call is refused with a ValueError that names the place but not the value; nothing changed. */
  async function refused(call: () => Promise<unknown>, path: RegExp): Promise<void> {
    const error = await expectRejection(Promise.resolve().then(call), ValueError);
    expect(error.message).to.match(path);
    expect(error.message).not.to.match(/A1|B2|"%"|\bb\b: 1/);
    expect(await tableState()).to.equal(snapshot);
  }

  for (const [text, label] of HOSTILE) {
    it(`refuses ${label} at a scalar position in find, count, findOne, exists, findAndCount and the query builder`, async () => {
      const em = orm.em.fork();
      const filter = { code: json(text) } as never;
      const at = /SmAccount\w*\.code: /;
      await refused(() => em.find(SmAccount, filter), at);
      await refused(() => em.count(SmAccount, filter), at);
      await refused(() => em.findOne(SmAccount, filter), at);
      await refused(() => em.exists(SmAccount, filter), at);
      await refused(() => em.findAndCount(SmAccount, filter), at);
      await refused(() => em.createQueryBuilder(SmAccount).where(filter).getEntities(), at);
    });

    it(`refuses ${label} in updateWhere and deleteWhere, leaving the table unchanged`, async () => {
      const em = orm.em.fork();
      const filter = { code: json(text) } as never;
      await refused(() => em.updateWhere(SmAccount, filter, { name: 'pwned' }), /code: /);
      await refused(() => em.deleteWhere(SmAccount, filter), /code: /);
    });

    it(`refuses ${label} as the leaf of a nested relation filter and of a to-many quantifier`, async () => {
      const em = orm.em.fork();
      await refused(() => em.find(SmAccount, { team: { name: json(text) } } as never), /team\.name: /);
      await refused(() => em.find(SmTeam, { members: { $some: { code: json(text) } } } as never), /code: /);
      await refused(() => em.deleteWhere(SmAccount, { team: { name: json(text) } } as never), /team\.name: /);
    });
  }

  it('refuses JSON inside every op() leaf: $eq, $ne, $gt, each $in element, $in itself, $like, $null', async () => {
    const em = orm.em.fork();
    const smuggled = json('{"$ne": null}');
    const leaves = [
      op({ $eq: smuggled }),
      op({ $ne: smuggled }),
      op({ $gt: json('{}') }),
      op({ $in: [smuggled] }),
      op({ $in: ['A1', json('["B2"]')] }),
      op({ $nin: [smuggled] }),
      op({ $in: smuggled }),
      op({ $like: smuggled }),
      op({ $null: smuggled }),
    ];
    for (const leaf of leaves) {
      await refused(() => em.find(SmAccount, { code: leaf } as never), /code: /);
      await refused(() => em.updateWhere(SmAccount, { code: leaf } as never, { name: 'pwned' }), /code: /);
    }
  });

  it('refuses a plain operator object at a to-one position, and JSON inside its key operators', async () => {
    const em = orm.em.fork();
    await refused(() => em.find(SmAccount, { team: json('{"$ne": null}') } as never), /team: a plain object is data/);
    await refused(() => em.find(SmAccount, { team: json('{"$in": [1, 2]}') } as never), /team: /);
    await refused(() => em.find(SmAccount, { team: op({ $eq: json('{"$ne": null}') }) } as never), /team: /);
    await refused(() => em.find(SmAccount, { team: op({ $in: [json('{"id": 1}')] }) } as never), /team: /);
    await refused(() => em.find(SmAccount, { team: json('[1, 2]') } as never), /team: /);
    await refused(() => em.deleteWhere(SmAccount, { team: json('{"$null": false}') } as never), /team: /);
  });

  it('refuses a whole JSON body passed as a filter when it holds an operator', async () => {
    const em = orm.em.fork();
    await refused(() => em.findOne(SmAccount, json('{"$ne": null}') as never), /\(filter\): a plain object is data/);
    await refused(() => em.deleteWhere(SmAccount, json('{"$gt": 0}') as never), /\(filter\)/);
  });

  it('does not take a copy of op() operators as operators: spread, Object.assign, a JSON round trip', async () => {
    const em = orm.em.fork();
    const written = op({ $ne: null });
    for (const copy of [{ ...written }, Object.assign({}, written), JSON.parse(JSON.stringify(written))]) {
      await refused(() => em.find(SmAccount, { code: copy } as never), /code: a plain object is data/);
    }
  });

  it('refuses a function, a symbol or a class instance where a scalar belongs', async () => {
    const em = orm.em.fork();
    for (const value of [() => 'A1', Symbol('A1'), new Map(), new (class Thing {})()]) {
      await refused(() => em.find(SmAccount, { code: value } as never), /code: /);
    }
  });

  it('runs the same conditions when the program writes them with op() (the positive twins)', async () => {
    const em = orm.em.fork();
    const codes = async (filter: object) =>
      (await em.find(SmAccount, filter as never, { orderBy: { code: 'asc' } })).map((a) => a.code);
    expect(await codes({ code: op({ $ne: 'A1' }) })).to.deep.equal(['B2', 'C3', 'D4']);
    expect(await codes({ code: op({ $gt: 'B2' }) })).to.deep.equal(['C3', 'D4']);
    expect(await codes({ code: op({ $in: ['A1', 'B2'] }) })).to.deep.equal(['A1', 'B2']);
    expect(await codes({ code: op({ $like: 'C%' }) })).to.deep.equal(['C3']);
    expect(await codes({ age: op({ $null: true }) })).to.deep.equal(['B2']);
    expect(await codes({ team: { name: 'red' } })).to.deep.equal(['A1', 'B2']);
    expect(await codes({ team: op({ $null: true }) })).to.deep.equal(['D4']);
    expect(await codes({ code: 'A1' })).to.deep.equal(['A1']);
    expect(await em.count(SmAccount, { age: op({ $gte: 18 }) })).to.equal(2);
    expect(await em.updateWhere(SmAccount, { code: op({ $in: ['zz'] }) }, { name: 'none' })).to.equal(0);
  });

  it('keeps the shape errors of a filter the program wrote as QueryErrors', async () => {
    const em = orm.em.fork();
    expect(() => op({ $regex: '^A' } as never)).to.throw(QueryError, /unknown operator "\$regex"/);
    await expectRejection(em.find(SmAccount, { age: op({ $like: '1%' }) } as never), QueryError);
    expect(() => op(json('[]') as never)).to.throw(QueryError, /takes an object/);
    expect(() => op({})).to.throw(QueryError, /says nothing/);
  });

  it('refuses a forged cursor whose order values are JSON objects', async () => {
    const em = orm.em.fork();
    // The cursor of `orderBy: { code: 'asc' }` is `(code > v0) OR (code = v0 AND id > v1)`.
    const forged = Buffer.from(JSON.stringify({ o: 'code:asc,id:asc', v: [{ $ne: null }, 0] })).toString('base64url');
    await refused(
      () => em.findByCursor(SmAccount, {}, { first: 2, orderBy: { code: 'asc' }, after: forged }),
      /code: /,
    );
  });
});

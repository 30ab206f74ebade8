/**
 * `em.getReference(Entity, key)` takes a key, never data: an object or array where the mapper's key
 * is one scalar, a composite key of the wrong shape, or a value its column cannot hold is a
 * ValueError naming the class (not the value), and no reference is made. Before, a reference made
 * from `{"$ne": null}` loaded whatever row that "key" matched.
 */
import { expect } from 'chai';
import { type EntityManager, Tabula, ValueError } from '../../lib';
import { defineEntity, p } from '../../lib/mapping';
import { describeEachDialect } from '../support/matrix';

class GrUser {
  id?: number;
  constructor(public login: string) {}
}

class GrSeat {
  constructor(
    public hall: number,
    public seat: number,
    public holder: string,
  ) {}
}

const GrUserMapper = defineEntity(GrUser, {
  table: 't_getref_users',
  properties: { id: p.integer().primaryKey().generated(), login: p.string({ length: 40 }) },
});

const GrSeatMapper = defineEntity(GrSeat, {
  table: 't_getref_seats',
  properties: {
    hall: p.integer().primaryKey(),
    seat: p.integer().primaryKey(),
    holder: p.string({ length: 40 }),
  },
});

const json = (text: string): unknown => JSON.parse(text);

describeEachDialect('getReference refuses a key that is data, not a key', (ctx) => {
  let orm: Tabula;
  let em: EntityManager;

  before(async () => {
    orm = await Tabula.connect({ url: ctx.url, mappers: [GrUserMapper, GrSeatMapper] });
    await orm.schema.drop();
    await orm.schema.create();
    const seed = orm.em.fork();
    seed.persist(new GrUser('root'), new GrUser('guest'), new GrSeat(1, 7, 'ann'));
    await seed.flush();
  });
  after(async () => {
    await orm.schema.drop();
    await orm.close();
  });
  beforeEach(() => {
    em = orm.em.fork();
  });

  function refused(call: () => unknown, message: RegExp): ValueError {
    let error: unknown;
    try {
      call();
    } catch (e) {
      error = e;
    }
    expect(error, 'a ValueError').to.be.instanceOf(ValueError);
    const e = error as ValueError;
    expect(e.message).to.match(message);
    expect(e.message).not.to.match(/root|\$ne|"x"/);
    return e;
  }

  it('refuses a JSON object or array where the key is one scalar, naming the class', () => {
    for (const key of [json('{"$ne": null}'), json('{"id": 1}'), json('[1]'), json('{"__proto__": {"$gt": 0}}')]) {
      refused(
        () => em.getReference(GrUser, key),
        /^getReference\(GrUser\): the key is (a plain object|an array), not data/,
      );
    }
  });

  it('refuses null, undefined, a function, a symbol, a class instance and a value the column cannot hold', () => {
    refused(() => em.getReference(GrUser, null), /^getReference\(GrUser\): the key is null/);
    refused(() => em.getReference(GrUser, undefined), /the key is undefined/);
    refused(() => em.getReference(GrUser, () => 1), /the key is a function/);
    refused(() => em.getReference(GrUser, Symbol('x')), /the key is a symbol/);
    refused(() => em.getReference(GrUser, new Map()), /the key is an instance of a class/);
    refused(() => em.getReference(GrUser, 'x'), /the key is a string that column id \(integer\) cannot hold/);
    refused(() => em.getReference(GrUser, 1.5), /a number that column id/);
    refused(() => em.getReference(GrUser, Number.NaN), /a number that column id/);
  });

  it('refuses a composite key of the wrong shape, or with data in one of its parts', () => {
    refused(
      () => em.getReference(GrSeat, 1),
      /^getReference\(GrSeat\): a number is not GrSeat's composite key: give 2 values in key order \(hall, seat\)/,
    );
    refused(() => em.getReference(GrSeat, [1]), /a list of 1 values is not GrSeat's key/);
    refused(() => em.getReference(GrSeat, [1, 7, 9]), /a list of 3 values/);
    refused(() => em.getReference(GrSeat, { hall: 1 }), /an object whose properties are not exactly GrSeat's key/);
    refused(() => em.getReference(GrSeat, { hall: 1, seat: 7, $ne: null }), /not exactly/);
    refused(() => em.getReference(GrSeat, [1, json('{"$ne": null}')]), /key part seat is a plain object/);
    refused(() => em.getReference(GrSeat, { hall: json('[1]'), seat: 7 }), /key part hall is an array/);
  });

  it('makes no reference when it refuses: the identity map holds nothing new', async () => {
    refused(() => em.getReference(GrUser, json('{"$ne": null}')), /plain object/);
    const [root] = await em.find(GrUser, { login: 'root' });
    expect(em.getReference(GrUser, root?.id)).to.equal(root);
  });

  it('makes references from valid keys, and em.load fills them (the positive twins)', async () => {
    const [guest] = await orm.em.fork().find(GrUser, { login: 'guest' });
    const ref = em.getReference(GrUser, guest?.id);
    expect((await em.load(ref)).login).to.equal('guest');
    const seat = em.getReference(GrSeat, [1, 7]);
    expect(em.getReference(GrSeat, { hall: 1, seat: 7 })).to.equal(seat);
    expect((await em.load(seat)).holder).to.equal('ann');
  });
});

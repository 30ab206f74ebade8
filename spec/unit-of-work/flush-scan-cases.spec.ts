/**
 * Flush cases the generated scan decides alone (lib/unit-of-work/flush-scan.ts): a managed entity's
 * cascade-persist to-one reference set to a new entity, and a comparison that throws for an entity
 * that is deleted as an orphan anyway.
 */
import { expect } from 'chai';
import { Tabula } from '../../lib';
import { defineEntity, p } from '../../lib/mapping';
import { sql } from '../../lib/sql';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';

class Badge {
  id?: number;
  constructor(public label: string) {}
}

class Holder {
  id?: number;
  badge: Badge | null = null;
  constructor(public name: string) {}
}

class Crew {
  id?: number;
  mates: Mate[] = [];
  constructor(public name: string) {}
}

class Mate {
  id?: number;
  constructor(
    public crew: Crew,
    public notes: unknown,
  ) {}
}

const mappers = [
  defineEntity(Badge, {
    table: 't_scan_badges',
    properties: { id: p.integer().primaryKey().generated(), label: p.string({ length: 40 }) },
  }),
  defineEntity(Holder, {
    table: 't_scan_holders',
    properties: {
      id: p.integer().primaryKey().generated(),
      name: p.string({ length: 40 }),
      badge: p.manyToOne(() => Badge, { cascade: ['persist'] }).nullable(),
    },
  }),
  defineEntity(Crew, {
    table: 't_scan_crews',
    properties: {
      id: p.integer().primaryKey().generated(),
      name: p.string({ length: 40 }),
      mates: p.oneToMany(() => Mate, 'crew', { cascade: ['persist'], orphanRemoval: true }),
    },
  }),
  defineEntity(Mate, {
    table: 't_scan_mates',
    properties: { id: p.integer().primaryKey().generated(), crew: p.manyToOne(() => Crew), notes: p.json() },
  }),
];

describeEachDialect('EntityManager.flush: cases the generated scan decides', (ctx) => {
  let orm: Tabula | undefined;
  const db = () => orm as Tabula;
  before(async () => {
    orm = await Tabula.connect({ url: ctx.url, mappers });
    await db().schema.drop();
    await db().schema.create();
  });
  after(async () => {
    await orm?.schema.drop();
    await orm?.close();
  });

  it("inserts a new entity set on a managed entity's cascade-persist to-one reference, then points at it", async () => {
    const seed = db().em.fork();
    const ann = new Holder('Ann');
    seed.persist(ann);
    await seed.flush();
    const em = db().em.fork();
    const loaded = await em.findOneOrFail(Holder, ann.id as number);
    const gold = new Badge('gold');
    loaded.badge = gold;
    expect(em.plan().steps.map((s) => `${s.kind} ${s.table} ${s.rows.length}`)).to.deep.equal([
      'insert t_scan_badges 1',
      'update t_scan_holders 1',
    ]);
    await em.flush();
    const rows = await db().db.query(sql`select id, badge_id from t_scan_holders`);
    expect(rows.map((r) => [Number(r.id), Number(r.badge_id)])).to.deep.equal([[ann.id, gold.id]]);
    expect(typeof gold.id).to.equal('number');
  });

  it('deletes an orphan whose json cannot be compared, and refuses the same value on a mate still written', async () => {
    const em = db().em.fork();
    const crew = new Crew('red');
    const kept = new Mate(crew, { n: 1 });
    const dropped = new Mate(crew, { n: 2 });
    crew.mates.push(kept, dropped);
    em.persist(crew);
    await em.flush();
    // A BigInt inside json cannot be serialised: comparing the orphan would throw, but it is deleted.
    dropped.notes = { n: 10n };
    crew.mates = [kept];
    expect(em.plan().steps.map((s) => `${s.kind} ${s.table} ${s.rows.length}`)).to.deep.equal([
      'delete t_scan_mates 1',
    ]);
    await em.flush();
    const left = await db().db.query(sql`select id from t_scan_mates`);
    expect(left.map((r) => Number(r.id))).to.deep.equal([kept.id]);
    kept.notes = { n: 10n };
    const error = await expectRejection(em.flush(), TypeError);
    expect(error.message).to.include('BigInt');
    expect((await db().db.query(sql`select id from t_scan_mates`)).length).to.equal(1);
  });
});

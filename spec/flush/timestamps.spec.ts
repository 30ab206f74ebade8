/**
 * Computed defaults in the flush, on every dialect: `.default(fn)` called per new entity at
 * planning (the plan shows it), `.onUpdate(fn)` only for an entity with other changes, and
 * `.defaultSql` left to the database and read back (RETURNING, or a SELECT by key without it),
 * with snapshots that match, so the next flush has nothing to write.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { type DialectCapabilities, Tabula } from '../../lib';
import { defineEntity, p, sqlDefault } from '../../lib/mapping';
import { describeEachDialect } from '../support/matrix';

class Post {
  id!: number;
  title: string;
  createdAt!: Date;
  updatedAt!: Date;
  constructor(title: string) {
    this.title = title;
  }
}

class Receipt {
  id!: number;
  note: string;
  issuedAt?: Date;
  status?: string;
  constructor(note: string) {
    this.note = note;
  }
}

class Badge {
  // Made here, not by .generated(): uuidV7's monotonic clock is shared with spec/mapping/uuid-v7.spec.ts.
  id: string = randomUUID();
  name: string;
  issuedAt?: Date;
  constructor(name: string) {
    this.name = name;
  }
}

class Ticket {
  code!: string;
  constructor(public label: string) {}
}

const TicketMapper = defineEntity(Ticket, {
  table: 't_ts_tickets',
  properties: {
    code: p
      .uuid()
      .primaryKey()
      .default(() => randomUUID()),
    label: p.string({ length: 10 }),
  },
});

class Fragile {
  id!: number;
  name = 'f';
  at?: Date;
}

let failClock = false;
const FragileMapper = defineEntity(Fragile, {
  table: 't_ts_fragile',
  properties: {
    id: p.integer().primaryKey().generated(),
    name: p.string({ length: 10 }),
    at: p.datetime().default(() => {
      if (failClock) throw new Error('clock unavailable');
      return new Date();
    }),
  },
});

const PostMapper = defineEntity(Post, {
  table: 't_ts_posts',
  properties: {
    id: p.integer().primaryKey().generated(),
    title: p.string({ length: 50 }),
    createdAt: p.datetime().default(() => new Date()),
    updatedAt: p
      .datetime()
      .default(() => new Date())
      .onUpdate(() => new Date()),
  },
});

const ReceiptMapper = defineEntity(Receipt, {
  table: 't_ts_receipts',
  properties: {
    id: p.integer().primaryKey().generated(),
    note: p.string({ length: 50 }),
    issuedAt: p.datetime().defaultSql(sqlDefault.now()),
    status: p.string({ length: 10 }).defaultSql("'draft'"),
  },
});

const BadgeMapper = defineEntity(Badge, {
  table: 't_ts_badges',
  properties: {
    id: p.uuid().primaryKey(),
    name: p.string({ length: 50 }),
    issuedAt: p.datetime().defaultSql(sqlDefault.now()),
  },
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

function useOrm(ctx: { readonly url: string }, capabilities?: Partial<DialectCapabilities>): () => Tabula {
  let orm: Tabula | undefined;
  before(async () => {
    orm = await Tabula.connect({
      url: ctx.url,
      mappers: [PostMapper, ReceiptMapper, BadgeMapper, TicketMapper, FragileMapper],
      ...(capabilities ? { capabilities } : {}),
    });
    await orm.schema.drop();
    await orm.schema.create();
  });
  after(async () => {
    await orm?.schema.drop();
    await orm?.close();
  });
  return () => orm as Tabula;
}

describeEachDialect('Timestamps: .default(fn) and .onUpdate(fn)', (ctx) => {
  const orm = useOrm(ctx);

  it('calls the default per new entity when its INSERT is planned, and the plan shows the value', async () => {
    const em = orm().em.fork();
    const first = new Post('first');
    em.persist(first);
    const plan = em.plan();
    const planned = plan.inserts[0]?.assigned ?? {};
    expect(planned.createdAt).to.be.instanceOf(Date);
    expect(plan.steps[0]?.rows[0]?.values).to.include(planned.createdAt);
    // The plan is pure: the entity learns its value only from a committed flush.
    expect(first.createdAt).to.equal(undefined);
    await em.flush();
    await tick();
    const second = new Post('second');
    em.persist(second);
    await em.flush();
    expect(first.createdAt).to.be.instanceOf(Date);
    expect(second.createdAt.getTime()).to.be.greaterThan(first.createdAt.getTime());
    const fresh = orm().em.fork();
    const loaded = await fresh.findOneOrFail(Post, second.id);
    expect(loaded.createdAt.getTime()).to.equal(second.createdAt.getTime());
    expect(em.plan().isEmpty).to.equal(true);
  });

  it('makes a key with a function default, before the row is ordered or grouped', async () => {
    const em = orm().em.fork();
    const tickets = [new Ticket('a'), new Ticket('b')];
    em.persist(...tickets);
    const plan = em.plan();
    expect(plan.steps[0]?.rows.map((r) => typeof r.key[0])).to.deep.equal(['string', 'string']);
    await em.flush();
    const ids = tickets.map((t) => t.code);
    expect(new Set(ids).size).to.equal(2);
    expect(
      (
        await orm()
          .em.fork()
          .findOneOrFail(Ticket, ids[0] as string)
      ).label,
    ).to.equal('a');
  });

  it('fails plan() and flush() with a default function that throws, writing nothing', async () => {
    const em = orm().em.fork();
    const post = new Post('before');
    const fragile = new Fragile();
    em.persist(post, fragile);
    failClock = true;
    try {
      expect(() => em.plan()).to.throw('clock unavailable');
      let failed: unknown;
      await em.flush().catch((e: unknown) => {
        failed = e;
      });
      expect((failed as Error | undefined)?.message).to.equal('clock unavailable');
      expect([post.createdAt, post.id, fragile.at]).to.deep.equal([undefined, undefined, undefined]);
      expect(await orm().em.fork().count(Post, { title: 'before' })).to.equal(0);
    } finally {
      failClock = false;
    }
    await em.flush();
    expect([typeof post.id, fragile.at instanceof Date]).to.deep.equal(['number', true]);
  });

  it('keeps a value the program set', async () => {
    const em = orm().em.fork();
    const post = new Post('dated');
    const when = new Date('2020-01-02T03:04:05.678Z');
    post.createdAt = when;
    em.persist(post);
    await em.flush();
    expect(post.createdAt).to.equal(when);
    expect((await orm().em.fork().findOneOrFail(Post, post.id)).createdAt.toISOString()).to.equal(when.toISOString());
  });

  it('stamps onUpdate only on an entity with other changes, in the same UPDATE, shown in the plan', async () => {
    const em = orm().em.fork();
    const post = new Post('draft');
    em.persist(post);
    await em.flush();
    const inserted = post.updatedAt;
    await tick();
    expect(em.plan().isEmpty, 'no other change: no UPDATE for the timestamp alone').to.equal(true);
    post.title = 'final';
    const plan = em.plan();
    expect(plan.steps.map((s) => [s.kind, s.columns.map((c) => c.name)])).to.deep.equal([
      ['update', ['title', 'updated_at']],
    ]);
    const reason = plan.steps[0]?.rows[0]?.reason;
    expect(reason?.kind === 'changed' ? reason.changes.map((c) => c.property) : []).to.deep.equal([
      'title',
      'updatedAt',
    ]);
    expect(post.updatedAt, 'the plan does not touch the entity').to.equal(inserted);
    await em.flush();
    expect(post.updatedAt.getTime()).to.be.greaterThan(inserted.getTime());
    expect(post.createdAt.getTime()).to.be.lessThan(post.updatedAt.getTime());
    const loaded = await orm().em.fork().findOneOrFail(Post, post.id);
    expect([loaded.title, loaded.updatedAt.getTime()]).to.deep.equal(['final', post.updatedAt.getTime()]);
    expect(em.plan().isEmpty, 'the snapshot holds the stamped value').to.equal(true);
  });

  it('leaves a value the program changed itself to the program', async () => {
    const em = orm().em.fork();
    const post = new Post('mine');
    em.persist(post);
    await em.flush();
    const when = new Date('2030-05-06T07:08:09.010Z');
    post.title = 'changed';
    post.updatedAt = when;
    await em.flush();
    expect(post.updatedAt).to.equal(when);
    expect((await orm().em.fork().findOneOrFail(Post, post.id)).updatedAt.toISOString()).to.equal(when.toISOString());
  });

  it('writes nothing into the entity when the flush fails', async () => {
    const em = orm().em.fork();
    const post = new Post('kept');
    em.persist(post);
    await em.flush();
    const before = post.updatedAt;
    post.title = 'x'.repeat(200);
    let failed = false;
    try {
      await em.flush();
    } catch {
      failed = true;
    }
    expect([failed, post.updatedAt, post.title.length]).to.deep.equal([true, before, 200]);
  });
});

/**
 * Without RETURNING generated keys come from the driver's insertId, which only MySQL/MariaDB
 * reports usably for a multi-row INSERT: the SELECT fallback runs there with generated keys, and
 * on every dialect with client-made keys.
 */
function describeReadBack(title: string, capabilities?: Partial<DialectCapabilities>): void {
  describeEachDialect(title, (ctx) => {
    const orm = useOrm(ctx, capabilities);

    it('leaves the column to its DEFAULT and reads the value back, with a snapshot that matches', async function () {
      if (capabilities?.hasReturning === false && ctx.dialect !== 'mysql') this.skip();
      const em = orm().em.fork();
      const given = new Date('2021-02-03T04:05:06.789Z');
      const a = new Receipt('a');
      const b = new Receipt('b');
      const c = new Receipt('c');
      c.issuedAt = given;
      c.status = 'paid';
      em.persist(a, b, c);
      const plan = em.plan();
      // Rows leaving the columns to the database are a statement shape of their own.
      expect(
        plan.steps.map((s) => [s.columns.map((x) => x.name), s.readBack?.map((x) => x.name) ?? [], s.rows.length]),
      ).to.deep.equal([
        [['note'], ['issued_at', 'status'], 2],
        [['note', 'issued_at', 'status'], [], 1],
      ]);
      expect(plan.describe()).to.contain(
        '1. insert t_ts_receipts (note): 2 rows, database defaults read back: issued_at, status',
      );
      const started = Date.now();
      await em.flush();
      for (const r of [a, b]) {
        expect(r.issuedAt).to.be.instanceOf(Date);
        expect(Math.abs((r.issuedAt as Date).getTime() - started)).to.be.lessThan(60_000);
        expect(r.status).to.equal('draft');
      }
      expect([c.issuedAt, c.status]).to.deep.equal([given, 'paid']);
      expect(em.plan().isEmpty, 'no spurious UPDATE after the read-back').to.equal(true);
      const loaded = await orm().em.fork().findOneOrFail(Receipt, a.id);
      expect([loaded.issuedAt?.getTime(), loaded.status]).to.deep.equal([a.issuedAt?.getTime(), 'draft']);
    });

    it('pairs read-back rows by a client-made key', async () => {
      const em = orm().em.fork();
      const badges = ['x', 'y', 'z'].map((n) => new Badge(n));
      em.persist(...badges);
      await em.flush();
      for (const badge of badges) {
        const loaded = await orm().em.fork().findOneOrFail(Badge, badge.id);
        expect([loaded.name, loaded.issuedAt?.getTime()]).to.deep.equal([badge.name, badge.issuedAt?.getTime()]);
      }
      expect(em.plan().isEmpty).to.equal(true);
    });
  });
}

describeReadBack('Database defaults (.defaultSql): read back as the dialect detects it');
describeReadBack('Database defaults (.defaultSql): read back by SELECT (hasReturning: false)', { hasReturning: false });

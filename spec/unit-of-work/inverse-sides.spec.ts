/**
 * Inverse sides are never silently ignored (docs/mapping.md, "Inverse sides"): a change made only
 * on an inverse array or an inverse one-to-one is written as if made on the owning side, both
 * sides agree after the flush, a contradiction fails the plan naming both sides, and plan() and a
 * failed flush change nothing.
 */
import { expect } from 'chai';
import sinon from 'sinon';
import { type EntityManager, EntityStateError, Tabula } from '../../lib';
import { Connection } from '../../lib/connection';
import { entityManagerInternals } from '../../lib/entity-manager';
import { StatementError } from '../../lib/errors';
import { defineEntity, p } from '../../lib/mapping';
import { sql } from '../../lib/sql';
import { carryInverseSides } from '../../lib/unit-of-work';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';

class InvUser {
  id?: number;
  posts?: InvPost[];
  notes?: InvNote[];
  profile?: InvProfile | null;
  constructor(public name: string) {}
}
class InvPost {
  id?: number;
  tags?: InvTag[];
  constructor(
    public title: string,
    public author: InvUser | null = null,
  ) {}
}
class InvTag {
  id?: number;
  posts?: InvPost[];
  constructor(public name: string) {}
}
/** A child whose parent is NOT NULL. */
class InvNote {
  id?: number;
  constructor(
    public text: string,
    public user: InvUser,
  ) {}
}
class InvProfile {
  id?: number;
  constructor(
    public bio: string,
    public user: InvUser | null = null,
  ) {}
}

const mappers = [
  defineEntity(InvUser, {
    table: 't_inv_users',
    properties: {
      id: p.integer().primaryKey().generated(),
      name: p.string({ length: 40 }),
      posts: p.oneToMany(() => InvPost, 'author'),
      notes: p.oneToMany(() => InvNote, 'user'),
      profile: p.oneToOne(() => InvProfile, 'user'),
    },
  }),
  defineEntity(InvPost, {
    table: 't_inv_posts',
    properties: {
      id: p.integer().primaryKey().generated(),
      title: p.string({ length: 40 }),
      author: p.manyToOne(() => InvUser).nullable(),
      tags: p.manyToMany(() => InvTag, { pivotTable: 't_inv_post_tags' }),
    },
  }),
  defineEntity(InvTag, {
    table: 't_inv_tags',
    properties: {
      id: p.integer().primaryKey().generated(),
      name: p.string({ length: 40 }),
      posts: p.manyToMany(() => InvPost, 'tags'),
    },
  }),
  defineEntity(InvNote, {
    table: 't_inv_notes',
    properties: {
      id: p.integer().primaryKey().generated(),
      text: p.string({ length: 40 }),
      user: p.manyToOne(() => InvUser),
    },
  }),
  defineEntity(InvProfile, {
    table: 't_inv_profiles',
    properties: {
      id: p.integer().primaryKey().generated(),
      bio: p.string({ length: 40 }),
      user: p.oneToOne(() => InvUser).nullable(),
    },
  }),
];

describeEachDialect('inverse sides are written, never ignored', (ctx) => {
  let orm: Tabula | undefined;
  const db = () => orm as Tabula;
  before(async () => {
    orm = await Tabula.connect({ url: ctx.url, mappers });
    await db().schema.drop();
    await db().schema.create();
  });
  afterEach(async () => {
    sinon.restore();
    await db().db.execute(sql`delete from t_inv_post_tags`);
    await db().db.execute(sql`delete from t_inv_notes`);
    await db().db.execute(sql`delete from t_inv_profiles`);
    await db().db.execute(sql`delete from t_inv_posts`);
    await db().db.execute(sql`delete from t_inv_tags`);
    await db().db.execute(sql`delete from t_inv_users`);
  });
  after(async () => {
    await orm?.schema.drop();
    await orm?.close();
  });

  /** Ann and Bob; Ann writes p1 and p2 (p1 tagged x), one note each; everything loaded with its relations. */
  async function seeded() {
    const setup = db().em.fork();
    const ann = new InvUser('ann');
    const bob = new InvUser('bob');
    const x = new InvTag('x');
    const y = new InvTag('y');
    const p1 = new InvPost('p1', ann);
    const p2 = new InvPost('p2', ann);
    p1.tags = [x];
    p2.tags = [];
    setup.persist(ann, bob, x, y, p1, p2, new InvNote('n1', ann), new InvNote('n2', bob));
    await setup.flush();
    const em = db().em.fork();
    const users = await em.find(InvUser, {}, { populate: ['posts', 'notes'], orderBy: { name: 'asc' } });
    const tags = await em.find(InvTag, {}, { populate: ['posts'], orderBy: { name: 'asc' } });
    const posts = await em.find(InvPost, {}, { populate: ['tags'], orderBy: { title: 'asc' } });
    return {
      em,
      ann: users[0] as InvUser,
      bob: users[1] as InvUser,
      x: tags[0] as InvTag,
      y: tags[1] as InvTag,
      p1: posts[0] as InvPost,
      p2: posts[1] as InvPost,
    };
  }

  /** [title, author name] of every post, from the database. */
  async function authors(): Promise<[string, string | null][]> {
    const rows = await db().db.query<{ title: string; name: string | null }>(
      sql`select p.title, u.name from t_inv_posts p left join t_inv_users u on u.id = p.author_id order by p.title`,
    );
    return rows.map((r) => [r.title, r.name]);
  }

  async function tagPairs(): Promise<string[]> {
    const rows = await db().db.query<{ title: string; name: string }>(
      sql`select p.title, t.name from t_inv_post_tags pt join t_inv_posts p on p.id = pt.inv_post_id join t_inv_tags t on t.id = pt.inv_tag_id order by p.title, t.name`,
    );
    return rows.map((r) => `${r.title}:${r.name}`);
  }

  const shape = (em: EntityManager) => em.plan().steps.map((s) => `${s.kind} ${s.table} ${s.rows.length}`);

  it('one-to-many: a post pushed onto another user’s posts moves to that user; plan() changes nothing, the flush writes the foreign key', async () => {
    const { em, ann, bob, p1 } = await seeded();
    ann.posts = (ann.posts as InvPost[]).filter((x) => x !== p1);
    (bob.posts as InvPost[]).push(p1);
    expect(shape(em)).to.deep.equal(['update t_inv_posts 1']);
    expect(p1.author).to.equal(ann);
    await em.flush();
    expect(p1.author).to.equal(bob);
    expect(await authors()).to.deep.equal([
      ['p1', 'bob'],
      ['p2', 'ann'],
    ]);
    expect(em.plan().isEmpty).to.equal(true);
  });

  it('one-to-many: a new post pushed onto posts only is inserted with its author', async () => {
    const { em, bob } = await seeded();
    const p3 = new InvPost('p3');
    (bob.posts as InvPost[]).push(p3);
    em.persist(p3);
    await em.flush();
    expect(p3.author).to.equal(bob);
    expect((await authors()).find(([t]) => t === 'p3')).to.deep.equal(['p3', 'bob']);
  });

  it('one-to-many: a post taken out of posts gets a null author; a NOT NULL child cannot be taken out', async () => {
    const { em, ann, p2 } = await seeded();
    ann.posts = (ann.posts as InvPost[]).filter((x) => x !== p2);
    await em.flush();
    expect(p2.author).to.equal(null);
    expect(await authors()).to.deep.equal([
      ['p1', 'ann'],
      ['p2', null],
    ]);
    ann.notes = [];
    expect(() => em.plan()).to.throw(
      EntityStateError,
      /InvNote#\d+ was taken out of InvUser#\d+\.notes, but InvNote\.user cannot be null/,
    );
  });

  it('contradictions fail the plan naming both sides: an owning side set elsewhere, a post added to two users', async () => {
    const { em, ann, bob, p2 } = await seeded();
    const cat = new InvUser('cat');
    em.persist(cat);
    (bob.posts as InvPost[]).push(p2);
    p2.author = cat;
    expect(() => em.plan()).to.throw(
      EntityStateError,
      /InvPost#\d+ is in InvUser#\d+\.posts, but InvPost#\d+\.author was set to InvUser#\?/,
    );
    p2.author = ann;
    cat.posts = [p2];
    expect(() => em.plan()).to.throw(
      EntityStateError,
      /InvPost#\d+ was added to both InvUser#\d+\.posts and InvUser#\?\.posts/,
    );
  });

  it('many-to-many: a post pushed onto a tag’s posts is linked, and the post’s tags gain the tag after the flush', async () => {
    const { em, y, p2 } = await seeded();
    (y.posts as InvPost[]).push(p2);
    expect(shape(em)).to.deep.equal(['link t_inv_post_tags 1']);
    expect(p2.tags).to.deep.equal([]);
    await em.flush();
    expect(p2.tags).to.deep.equal([y]);
    expect(await tagPairs()).to.deep.equal(['p1:x', 'p2:y']);
    expect(em.plan().isEmpty).to.equal(true);
  });

  it('many-to-many: taken out on the inverse side is unlinked, also when the owning side was never loaded', async () => {
    const { x } = await seeded();
    // A fresh EntityManager: the tag's posts are loaded, the posts' own tags are not.
    const em = db().em.fork();
    const tag = await em.findOneOrFail(InvTag, x.id as number, { populate: ['posts'] });
    const post = (tag.posts as InvPost[])[0] as InvPost;
    expect(post.tags).to.equal(undefined);
    tag.posts = [];
    expect(shape(em)).to.deep.equal(['unlink t_inv_post_tags 1']);
    await em.flush();
    expect(await tagPairs()).to.deep.equal([]);
    expect(post.tags).to.equal(undefined);
  });

  it('many-to-many: the owning side taking out what the inverse side puts in is a contradiction', async () => {
    const { em, y, p2 } = await seeded();
    // Linked from the owning side: p2's tags record y, y's posts (not touched) do not record p2.
    (p2.tags as InvTag[]).push(y);
    await em.flush();
    expect(y.posts).to.deep.equal([]);
    (y.posts as InvPost[]).push(p2);
    p2.tags = [];
    expect(() => em.plan()).to.throw(
      EntityStateError,
      /InvPost#\d+ is in InvTag#\d+\.posts, but InvPost#\d+\.tags \(which no longer holds InvTag#\d+\)/,
    );
  });

  it('an inverse array that was never loaded cannot be changed: the error says to load it or change the owning side', async () => {
    await seeded();
    const em = db().em.fork();
    const bob = await em.findOneOrFail(InvUser, { name: 'bob' });
    bob.posts = [new InvPost('p9')];
    expect(() => em.plan()).to.throw(
      EntityStateError,
      /InvUser#\d+\.posts was changed but never loaded.*\n.*InvPost\.author/,
    );
  });

  it('one-to-one: setting the inverse side writes the owning side', async () => {
    const { em, bob } = await seeded();
    const profile = new InvProfile('hello');
    em.persist(profile);
    bob.profile = profile;
    await em.flush();
    expect(profile.user).to.equal(bob);
    const [row] = await db().db.query<{ name: string }>(
      sql`select u.name from t_inv_profiles pr join t_inv_users u on u.id = pr.user_id`,
    );
    expect(row?.name).to.equal('bob');
  });

  it('a failed flush puts the owning sides back: the EntityManager is as it was', async () => {
    const { em, ann, bob, p1, y, p2 } = await seeded();
    ann.posts = (ann.posts as InvPost[]).filter((x) => x !== p1);
    (bob.posts as InvPost[]).push(p1);
    (y.posts as InvPost[]).push(p2);
    const original = Connection.prototype.run;
    sinon.stub(Connection.prototype, 'run').callsFake(function (this: Connection, query) {
      if (/^\s*insert into\b.*t_inv_post_tags/i.test(query.sql)) return Promise.reject(new StatementError('injected'));
      return original.call(this, query);
    });
    await expectRejection(em.flush(), StatementError);
    expect([p1.author, p2.tags]).to.deep.equal([ann, []]);
    sinon.restore();
    await em.flush();
    expect([p1.author, p2.tags]).to.deep.equal([bob, [y]]);
    expect(await authors()).to.deep.equal([
      ['p1', 'bob'],
      ['p2', 'ann'],
    ]);
  });

  it('the first pass of a flush is also its scan: kept when nothing was carried over, dropped when an owning side changed', async () => {
    const { em, ann, bob, p1 } = await seeded();
    const uow = entityManagerInternals.unitOfWork(em);
    const untouched = carryInverseSides(uow);
    expect(untouched.sync).to.equal(undefined);
    expect(untouched.scanned?.compared).to.deep.equal([]);
    ann.posts = (ann.posts as InvPost[]).filter((x) => x !== p1);
    (bob.posts as InvPost[]).push(p1);
    const carried = carryInverseSides(uow);
    // p1.author was set to bob after the scan had compared p1: planning must scan again.
    expect([carried.scanned, p1.author]).to.deep.equal([undefined, bob]);
    carried.sync?.undo();
    expect(p1.author).to.equal(ann);
    expect(shape(em)).to.deep.equal(['update t_inv_posts 1']);
  });
});

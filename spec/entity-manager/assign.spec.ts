/**
 * `em.assign(entity, data)`: a DTO checked against the mapping, then applied as a whole or not at
 * all; the change is flushed like any other.
 */
import { expect } from 'chai';
import { ValueError } from '../../lib';
import { sql } from '../../lib/sql';
import { describeEachDialect } from '../support/matrix';
import { BlogAddress, BlogPost, BlogTag, BlogUser, useBlog } from './support/blog';

describeEachDialect('em.assign', (ctx) => {
  const orm = useBlog(ctx);
  let ids: { ann: number; bob: number; post: number; tags: number[] };

  before(async () => {
    const em = orm().em.fork();
    const ann = new BlogUser('ann@example.com', 'Ann');
    const bob = new BlogUser('bob@example.com', 'Bob');
    const post = new BlogPost('Hello', ann);
    const tags = [new BlogTag('a'), new BlogTag('b')];
    em.persist(ann, bob, post, ...tags);
    await em.flush();
    ids = {
      ann: ann.id as number,
      bob: bob.id as number,
      post: post.id as number,
      tags: tags.map((t) => t.id as number),
    };
  });

  /** The user's columns as the database holds them, for "nothing was written". */
  const userRow = async (id: number) =>
    (await orm().db.query(sql`select name, balance, joined_at, address_city from t_blog_users where id = ${id}`))[0];

  it('assigns scalars, a datetime from its ISO string, a bigint from digits, and flushes them', async () => {
    const em = orm().em.fork();
    const ann = await em.findOneOrFail(BlogUser, ids.ann);
    em.assign(ann, { name: 'Ann B.', balance: '12345678901234567', joinedAt: '2025-06-07T08:09:10.500Z' });
    expect([ann.name, ann.balance, ann.joinedAt.toISOString()]).to.deep.equal([
      'Ann B.',
      12345678901234567n,
      '2025-06-07T08:09:10.500Z',
    ]);
    const plan = await em.flush();
    expect(plan.steps.map((s) => s.kind)).to.deep.equal(['update']);
    const again = await orm().em.fork().findOneOrFail(BlogUser, ids.ann);
    expect([again.name, again.balance]).to.deep.equal(['Ann B.', 12345678901234567n]);
  });

  it('assigns a to-one by key (a managed reference, no query), by key object, or by entity', async () => {
    const em = orm().em.fork();
    const post = await em.findOneOrFail(BlogPost, ids.post);
    const bob = await em.findOneOrFail(BlogUser, ids.bob);
    em.assign(post, { author: ids.bob });
    expect(post.author).to.equal(bob);
    em.assign(post, { author: { id: ids.ann } });
    expect(post.author).to.equal(em.getReference(BlogUser, ids.ann));
    em.assign(post, { author: bob });
    await em.flush();
    const again = await orm()
      .em.fork()
      .findOneOrFail(BlogPost, ids.post, { populate: ['author'] });
    expect(again.author.name).to.equal('Bob');
  });

  it('assigns a many-to-many from keys and an embeddable from a partial object', async () => {
    const em = orm().em.fork();
    const post = await em.findOneOrFail(BlogPost, ids.post, { populate: ['tags'] });
    em.assign(post, { tags: ids.tags });
    const bob = await em.findOneOrFail(BlogUser, ids.bob);
    em.assign(bob, { address: { city: 'Lyon' } });
    expect(bob.address).to.be.instanceOf(BlogAddress);
    em.assign(bob, { address: { zip: '69001' } });
    expect({ ...bob.address }).to.deep.equal({ city: 'Lyon', zip: '69001' });
    await em.flush();
    const fresh = orm().em.fork();
    const again = await fresh.findOneOrFail(BlogPost, ids.post, { populate: ['tags'] });
    expect(again.tags.map((t) => t.name).sort()).to.deep.equal(['a', 'b']);
    expect((await fresh.findOneOrFail(BlogUser, ids.bob)).address?.city).to.equal('Lyon');
  });

  it('refuses every wrong property in one ValueError naming each, and assigns none of them', async () => {
    const em = orm().em.fork();
    const ann = await em.findOneOrFail(BlogUser, ids.ann);
    const before = { ...ann, address: ann.address && { ...ann.address } };
    const dto = JSON.parse(
      '{"name":"Changed","nickname":"x","balance":"12.5","joinedAt":"yesterday","address":{"town":"X"},"posts":[],"__proto__":{"admin":true}}',
    );
    const error = (() => {
      try {
        em.assign(ann, dto);
      } catch (e) {
        return e;
      }
    })() as ValueError;
    expect(error).to.be.instanceOf(ValueError);
    for (const name of ['nickname', 'balance', 'joinedAt', 'address.town', 'address.city', 'posts', '__proto__']) {
      expect(error.message).to.include(`  ${name}: `);
    }
    expect(error.message).not.to.include('  name: ');
    expect({ ...ann, address: ann.address && { ...ann.address } }).to.deep.equal(before);
    expect((await em.flush()).steps).to.deep.equal([]);
    expect((await userRow(ids.ann))?.name).to.not.equal('Changed');
  });

  it('refuses null on NOT NULL columns and required to-ones, bad keys, a primary key change, and a string for an integer', () => {
    const em = orm().em.fork();
    const post = em.getReference(BlogPost, ids.post);
    const user = new BlogUser('new@example.com', 'New');
    expect(() => em.assign(user, { name: null as never })).to.throw(ValueError, /name: is NOT NULL/);
    expect(() => em.assign(post, { author: null as never })).to.throw(ValueError, /author: is required/);
    expect(() => em.assign(post, { author: { name: 'x' } as never })).to.throw(
      ValueError,
      /author: is neither a BlogUser nor its key/,
    );
    expect(() => em.assign(post, { author: true as never })).to.throw(ValueError, /author: /);
    expect(() => em.assign(post, { id: 999 })).to.throw(ValueError, /id: is the primary key of a managed entity/);
    expect(() => em.assign(post, { title: 42 as never })).to.throw(ValueError, /title: /);
    expect(() => em.assign(post, 'title' as never)).to.throw(ValueError, /not an object of properties/);
  });

  it('builds a new entity from a DTO before persist', async () => {
    const em = orm().em.fork();
    const user = em.assign(new BlogUser('', ''), { email: 'cy@example.com', name: 'Cy', balance: 7 });
    em.persist(user);
    await em.flush();
    expect((await orm().em.fork().findOneOrFail(BlogUser, { email: 'cy@example.com' })).balance).to.equal(7n);
  });
});

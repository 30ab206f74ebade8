/**
 * `em.upsert`: one INSERT … ON CONFLICT / ON DUPLICATE KEY statement, the rows as stored read back
 * into managed entities (an instance already in the identity map updated in place), snapshots
 * taken so the next flush is empty.
 */
import { expect } from 'chai';
import { ForeignKeyConstraintError, QueryError, Tabula, ValueError } from '../../lib';
import { sql } from '../../lib/sql';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';
import { BlogPost, BlogUser, blogMappers, useBlog } from './support/blog';

/** A user as data: the NOT NULL properties a class initializer would set (data runs no constructor). */
const user = (email: string, name: string, more: object = {}) => ({
  email,
  name,
  password: 'hash',
  balance: 0n,
  settings: { theme: 'light' },
  joinedAt: new Date('2024-01-01T00:00:00Z'),
  ...more,
});

describeEachDialect('em.upsert', (ctx) => {
  const orm = useBlog(ctx);

  beforeEach(async () => {
    await orm().db.execute(sql`delete from t_blog_comments`);
    await orm().db.execute(sql`delete from t_blog_post_tags`);
    await orm().db.execute(sql`delete from t_blog_posts`);
    await orm().db.execute(sql`delete from t_blog_users`);
    const em = orm().em.fork();
    em.persist(new BlogUser('ann@example.com', 'Ann'));
    await em.flush();
  });

  /** The statements `fn` runs, as their first words. */
  const statementsOf = async (fn: () => Promise<unknown>): Promise<string[]> => {
    const seen: string[] = [];
    const stop = orm().db.onQuery((e) => {
      seen.push(e.sql.split(/\s+/).slice(0, 1).join(' ').toLowerCase());
    });
    try {
      await fn();
    } finally {
      stop();
    }
    return seen.filter((s) => s !== 'begin' && s !== 'commit' && s !== 'start' && s !== 'savepoint' && s !== 'release');
  };

  it('inserts a new row and returns a managed entity with its generated key; the next flush is empty', async () => {
    const em = orm().em.fork();
    const bob = await em.upsert(BlogUser, user('bob@example.com', 'Bob', { balance: 5n }), { conflict: ['email'] });
    expect(bob).to.be.instanceOf(BlogUser);
    expect(bob.id).to.be.a('number');
    expect([bob.name, bob.balance, bob.address]).to.deep.equal(['Bob', 5n, null]);
    expect(em.contains(bob)).to.equal(true);
    expect(await em.findOneOrFail(BlogUser, { email: 'bob@example.com' })).to.equal(bob);
    expect((await em.flush()).steps).to.deep.equal([]);
  });

  it('updates the existing row, and the instance already in the identity map in place', async () => {
    const em = orm().em.fork();
    const ann = await em.findOneOrFail(BlogUser, { email: 'ann@example.com' });
    const id = ann.id;
    const again = await em.upsert(BlogUser, user('ann@example.com', 'Ann B.'), { conflict: ['email'] });
    expect(again).to.equal(ann);
    expect([ann.id, ann.name]).to.deep.equal([id, 'Ann B.']);
    expect((await em.flush()).steps).to.deep.equal([]);
    const row = (await orm().db.query(sql`select name from t_blog_users where email = ${'ann@example.com'}`))[0];
    expect(row?.name).to.equal('Ann B.');
  });

  it('writes an array in one statement: existing rows updated, new ones inserted, entities in the order given', async () => {
    const em = orm().em.fork();
    let users: BlogUser[] = [];
    const statements = await statementsOf(async () => {
      users = await em.upsert(
        BlogUser,
        [user('cy@example.com', 'Cy'), user('ann@example.com', 'Ann C.'), user('di@example.com', 'Di')],
        { conflict: ['email'] },
      );
    });
    const oneStatement =
      ctx.dialect === 'mysql' && !/mariadb/i.test(orm().db.dialect.capabilities.serverVersion)
        ? ['insert', 'select']
        : ['insert'];
    expect(statements).to.deep.equal(oneStatement);
    expect(users.map((u) => u.name)).to.deep.equal(['Cy', 'Ann C.', 'Di']);
    expect(new Set(users.map((u) => u.id)).size).to.equal(3);
    expect((await em.flush()).steps).to.deep.equal([]);
  });

  it('writes only the update properties when the row exists', async () => {
    const em = orm().em.fork();
    const ann = await em.upsert(BlogUser, user('ann@example.com', 'Not written', { balance: 99n }), {
      conflict: ['email'],
      update: ['balance'],
    });
    expect([ann.name, ann.balance]).to.deep.equal(['Ann', 99n]);
  });

  it('takes a to-one by key and an entity instance as data (the instance becomes managed)', async () => {
    const em = orm().em.fork();
    const ann = await em.findOneOrFail(BlogUser, { email: 'ann@example.com' });
    const post = await em.upsert(
      BlogPost,
      { title: 'Hello', author: ann.id as number, price: '1.50' },
      { conflict: ['title'] },
    );
    expect(post.author).to.equal(ann);
    const draft = new BlogPost('Hello', ann);
    draft.price = '2.00';
    const same = await em.upsert(BlogPost, draft, { conflict: ['title'] });
    expect(same).to.equal(post);
    expect(post.price).to.equal('2.00');
    const fresh = new BlogPost('Other', ann);
    expect(await em.upsert(BlogPost, fresh, { conflict: ['title'] })).to.equal(fresh);
    expect(em.contains(fresh)).to.equal(true);
    expect((await em.flush()).steps).to.deep.equal([]);
  });

  it('refuses conflict properties that are not a unique key, wrong data, and duplicate keys, writing nothing', async () => {
    const em = orm().em.fork();
    expect(
      (await expectRejection(em.upsert(BlogUser, user('x@example.com', 'X'), { conflict: ['name'] }), QueryError))
        .message,
    ).to.match(/\(name\) is not a unique key.*\n.*\(id\), \(email\)/);
    expect(
      (
        await expectRejection(
          em.upsert(BlogUser, [user('x@example.com', 'X'), user('y@example.com', 7 as never)], {
            conflict: ['email'],
          }),
          ValueError,
        )
      ).message,
    ).to.match(/item 1: .*\n {2}name: /);
    expect(
      (
        await expectRejection(
          em.upsert(BlogUser, [user('x@example.com', 'X'), user('x@example.com', 'Y')], {
            conflict: ['email'],
          }),
          ValueError,
        )
      ).message,
    ).to.match(/same conflict key/);
    const noSuchUpdate = em.upsert(BlogUser, user('x@example.com', 'X'), { conflict: ['email'], update: ['birthday'] });
    expect((await expectRejection(noSuchUpdate, QueryError)).message).to.match(
      /update: names birthday, which no item gives/,
    );
    expect(await orm().em.fork().count(BlogUser)).to.equal(1);
  });

  it('without RETURNING (MySQL), reads the rows back by their conflict key in the same transaction', async () => {
    const plain = await Tabula.connect({
      url: ctx.url,
      mappers: [...blogMappers],
      capabilities: { hasReturning: false },
    });
    try {
      const em = plain.em.fork();
      let users: BlogUser[] = [];
      const seen: string[] = [];
      const stop = plain.db.onQuery((e) => seen.push(e.sql.split(/\s+/)[0]?.toLowerCase() ?? ''));
      users = await em.upsert(BlogUser, [user('ann@example.com', 'Ann D.'), user('ed@example.com', 'Ed')], {
        conflict: ['email'],
      });
      stop();
      expect(seen.filter((w) => w === 'insert' || w === 'select')).to.deep.equal(['insert', 'select']);
      expect(users.map((u) => [u.name, typeof u.id])).to.deep.equal([
        ['Ann D.', 'number'],
        ['Ed', 'number'],
      ]);
      expect((await em.flush()).steps).to.deep.equal([]);
    } finally {
      await plain.close();
    }
  });

  it('splits rows over the bind limit into statements of one transaction: a failing chunk writes nothing', async () => {
    const small = await Tabula.connect({
      url: ctx.url,
      mappers: [...blogMappers],
      capabilities: { maxBindParameters: 30 },
    });
    try {
      const em = small.em.fork();
      const inserts: string[] = [];
      const stop = small.db.onQuery((e) => {
        if (/^insert/i.test(e.sql)) inserts.push(e.sql);
      });
      const many = Array.from({ length: 7 }, (_, i) => user(`u${i}@example.com`, `U${i}`));
      await em.upsert(BlogUser, many, { conflict: ['email'] });
      expect(inserts.length).to.be.greaterThan(1);
      // The last chunk's post names an author that does not exist: the database refuses that chunk
      // only, and the chunks written before it roll back with it.
      const inserted = inserts.length;
      const ann = (await em.findOneOrFail(BlogUser, { email: 'ann@example.com' })).id as number;
      const posts = Array.from({ length: 25 }, (_, i) => ({
        title: `P${i}`,
        price: '1.00',
        author: i === 24 ? 999_999 : ann,
      }));
      await expectRejection(em.fork().upsert(BlogPost, posts, { conflict: ['title'] }), ForeignKeyConstraintError);
      expect(inserts.length - inserted).to.be.greaterThan(1);
      expect(await small.em.fork().count(BlogPost)).to.equal(0);
      stop();
      expect(await small.em.fork().count(BlogUser)).to.equal(8);
    } finally {
      await small.close();
    }
  });
});

/**
 * `serialize`: plain JSON of what is loaded, read from the mapping — relations nested only when
 * loaded, cycles cut by key objects, lossless strings for bigint / decimal / datetimes / blobs,
 * hidden properties never written.
 */
import { expect } from 'chai';
import { serialize, ValueError } from '../../lib';
import { describeSerializer } from '../../lib/entity-manager/serialize-writer';
import { describeEachDialect } from '../support/matrix';
import { BlogAddress, BlogComment, BlogPost, BlogTag, BlogUser, useBlog } from './support/blog';

describeEachDialect('serialize', (ctx) => {
  const orm = useBlog(ctx);
  let ids: { ann: number; post: number };

  before(async () => {
    const em = orm().em.fork();
    const ann = new BlogUser('ann@example.com', 'Ann');
    ann.balance = 9007199254740993n;
    ann.birthday = '1990-05-17';
    ann.avatar = Buffer.from([0, 1, 2, 250]);
    ann.settings = { theme: 'dark' };
    ann.address = new BlogAddress('Lyon', '69001');
    ann.resetToken = 'token-123';
    const post = new BlogPost('Hello', ann);
    post.price = '12.50';
    const tag = new BlogTag('intro');
    post.tags.push(tag);
    em.persist(ann, post, tag, new BlogComment('First!', post, ann), new BlogComment('Anonymous', post));
    await em.flush();
    ids = { ann: ann.id as number, post: post.id as number };
  });

  it('writes scalars losslessly: bigint and decimal as strings, datetime ISO, date as is, blob base64, JSON as is, embeddables nested', async () => {
    const user = await orm().em.fork().findOneOrFail(BlogUser, ids.ann);
    expect(serialize(user)).to.deep.equal({
      id: ids.ann,
      email: 'ann@example.com',
      name: 'Ann',
      balance: '9007199254740993',
      birthday: '1990-05-17',
      avatar: Buffer.from([0, 1, 2, 250]).toString('base64'),
      settings: { theme: 'dark' },
      address: { city: 'Lyon', zip: '69001' },
      joinedAt: '2024-01-02T03:04:05.678Z',
    });
  });

  it('never writes hidden properties (.hidden() and the mapper option), nested ones included', async () => {
    const post = await orm()
      .em.fork()
      .findOneOrFail(BlogPost, ids.post, { populate: ['author'] });
    const out = serialize(post) as unknown as { author: Record<string, unknown> };
    expect(out.author).to.include({ name: 'Ann' });
    expect(out.author).not.to.have.any.keys('password', 'resetToken');
    expect(JSON.stringify(out)).not.to.match(/secret-hash|token-123/);
  });

  it('writes an unloaded to-one as its key object and leaves an unloaded to-many out', async () => {
    const post = await orm().em.fork().findOneOrFail(BlogPost, ids.post);
    expect(serialize(post)).to.deep.equal({ id: ids.post, title: 'Hello', price: '12.50', author: { id: ids.ann } });
  });

  it('nests loaded relations, null to-ones as null, and cuts a cycle with the key object', async () => {
    const em = orm().em.fork();
    const post = await em.findOneOrFail(BlogPost, ids.post, { populate: ['author.posts', 'comments', 'tags'] });
    const out = serialize(post) as unknown as Record<string, unknown> & {
      author: { posts: unknown[] };
      comments: { body: string; author: unknown }[];
    };
    // author.posts holds the post being written: written as its key, not again.
    expect(out.author.posts).to.deep.equal([{ id: ids.post }]);
    expect(out.comments.map((c) => c.body).sort()).to.deep.equal(['Anonymous', 'First!']);
    // The comments' author is Ann, already loaded in this EntityManager but not on the path: nested.
    const first = out.comments.find((c) => c.body === 'First!') as { author: { name: string } };
    expect(first.author.name).to.equal('Ann');
    expect(out.comments.find((c) => c.body === 'Anonymous')?.author).to.equal(null);
    expect(out.tags).to.deep.equal([{ id: post.tags[0]?.id, name: 'intro' }]);
    expect(JSON.parse(JSON.stringify(out))).to.deep.equal(out);
  });

  it('with populate, nests only the paths named: other to-ones as keys, other to-manys left out', async () => {
    const em = orm().em.fork();
    const post = await em.findOneOrFail(BlogPost, ids.post, { populate: ['author', 'comments', 'tags'] });
    const out = serialize(post, { populate: ['comments'] }) as unknown as Record<string, unknown>;
    expect(out.author).to.deep.equal({ id: ids.ann });
    expect(out).not.to.have.property('tags');
    expect((out.comments as { post: unknown }[])[0]?.post).to.deep.equal({ id: ids.post });
  });

  it('serializes an array, a read-only find (stubs as keys), a reference, and partial fields', async () => {
    const em = orm().em.fork();
    const all = await em.find(BlogPost, {}, { readOnly: true });
    expect(serialize(all)).to.deep.equal([{ id: ids.post, title: 'Hello', price: '12.50', author: { id: ids.ann } }]);
    expect(serialize(em.getReference(BlogUser, ids.ann))).to.deep.equal({ id: ids.ann });
    const partial = await em.fork().findOneOrFail(BlogUser, ids.ann, { fields: ['name'] });
    expect(serialize(partial)).to.deep.equal({ id: ids.ann, name: 'Ann' });
  });

  it('serializes new, unmanaged entities from the class mapping', () => {
    const user = new BlogUser('new@example.com', 'New');
    const out = serialize(new BlogPost('Draft', user)) as unknown as { author: Record<string, unknown> };
    expect(out.author).to.include({ email: 'new@example.com', balance: '0' });
    expect(out.author).not.to.have.property('password');
  });

  it('generates one straight-line writer per class, with no line for a hidden property', () => {
    const source = describeSerializer(orm().registry.get(BlogUser));
    expect(source).to.include('o.balance = v === null ? null : toDigits(v);');
    expect(source).to.include('w.toMany(v, r');
    expect(source).not.to.match(/password|resetToken/);
  });

  it('refuses what is not an entity with a ValueError', () => {
    expect(() => serialize({ id: 1 } as object)).to.throw(ValueError, /not an entity of a mapped class/);
  });
});

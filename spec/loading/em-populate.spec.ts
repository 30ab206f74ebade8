/**
 * `em.populate(entities, paths)`: loads relations into entities already in memory, batched like
 * select-in populate (one SELECT per relation level for all of them), and answers relations that
 * are already loaded from memory, without SQL. Statements are counted with the query events.
 */
import { expect } from 'chai';
import { Comment, Post, Tag, User } from '../../fixtures/blog/entities';
import { blogMappers } from '../../fixtures/blog/mappers';
import { type PopulatePath, QueryError, Tabula } from '../../lib';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';
import { unloadedAlong } from './support/loaded-walk';

/** The SELECTs `fn` runs on `orm`. */
async function selects(orm: Tabula, fn: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const off = orm.db.onQuery((e) => {
    if (/^\s*select/i.test(e.sql)) seen.push(e.sql);
  });
  try {
    await fn();
  } finally {
    off();
  }
  return seen;
}

describeEachDialect('em.populate', (ctx) => {
  let orm: Tabula | undefined;
  before(async () => {
    orm = await Tabula.connect({ url: ctx.url, mappers: [...blogMappers] });
    await orm.schema.drop();
    await orm.schema.create();
    const em = orm.em.fork();
    const users = ['Ann', 'Bob', 'Cid'].map((n) => new User(n, `${n.toLowerCase()}@example.com`));
    const [ann, bob, cid] = users as [User, User, User];
    const posts = [new Post('P1', ann), new Post('P2', bob), new Post('P3', cid)];
    const news = new Tag('news');
    for (const post of posts) post.tags.push(news);
    em.persist(...users, ...posts, news);
    for (const [i, post] of posts.entries())
      em.persist(new Comment(post, users[(i + 1) % 3] as User, `on ${post.title}`));
    await em.flush();
  });
  after(async () => {
    await orm?.schema.drop();
    await orm?.close();
  });
  const db = () => orm as Tabula;

  it('loads a path into a list with one SELECT per relation level, whatever the number of entities', async () => {
    const em = db().em.fork();
    const posts = await em.find(Post, {}, { orderBy: { title: 'asc' } });
    let populated: Awaited<ReturnType<typeof em.populate<typeof posts, 'comments.author' | 'tags'>>> = [];
    const statements = await selects(db(), async () => {
      populated = await em.populate(posts, ['comments.author', 'tags']);
    });
    expect([
      statements.length,
      populated === (posts as unknown),
      populated.map((p) => [p.title, p.comments.map((c) => `${c.text} by ${c.author.name}`), p.tags.length]),
    ]).to.deep.equal([
      3,
      true,
      [
        ['P1', ['on P1 by Bob'], 1],
        ['P2', ['on P2 by Cid'], 1],
        ['P3', ['on P3 by Ann'], 1],
      ],
    ]);
  });

  it('answers relations already loaded from memory: no SQL at all', async () => {
    const em = db().em.fork();
    const posts = await em.find(Post, {}, { populate: ['author', 'comments.author', 'tags'] });
    const statements = await selects(db(), async () => {
      await em.populate(posts, ['author', 'comments.author', 'tags']);
      await em.populate(posts[0] as Post, ['comments']);
    });
    expect(statements).to.deep.equal([]);
  });

  it('queries only what is missing: the authors loaded before are not selected again', async () => {
    const em = db().em.fork();
    await em.find(User, {});
    const posts = await em.find(Post, {});
    const statements = await selects(db(), () => em.populate(posts, ['author']));
    expect([statements.length, posts.flatMap((p) => unloadedAlong(p, 'author'))]).to.deep.equal([0, []]);
  });

  it('takes one entity and returns it, typed with the path', async () => {
    const em = db().em.fork();
    const comment = await em.findOneOrFail(Comment, { text: 'on P2' });
    const same = await em.populate(comment, ['post.author']);
    expect([same === (comment as unknown), same.post.title, same.post.author.name]).to.deep.equal([true, 'P2', 'Bob']);
  });

  it('checks the paths before any SQL: a typo is a QueryError in populate words', async () => {
    const em = db().em.fork();
    const posts = await em.find(Post, {});
    let error: QueryError | undefined;
    const statements = await selects(db(), async () => {
      error = await expectRejection(em.populate(posts, ['comments', 'tgas' as PopulatePath<Post>]), QueryError);
    });
    expect([statements.length, error?.message]).to.deep.equal([
      0,
      'PostMapper has no relation "tgas" to populate (at tgas).\n  Populate one of: author, editor, comments, tags.',
    ]);
  });

  it('an empty list is a no-op', async () => {
    const em = db().em.fork();
    const statements = await selects(db(), () => em.populate([] as Post[], ['author']));
    expect(statements).to.deep.equal([]);
  });
});

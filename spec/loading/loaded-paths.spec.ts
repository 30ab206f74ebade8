/**
 * The run time agrees with the Loaded types: every relation a populate path declares loaded is
 * loaded — arrays are arrays, to-ones are filled entities, not key-only references — on every
 * dialect and both strategies, for every read that populates. Also `fields` with `populate`, and
 * the populate errors in populate words.
 */
import { expect } from 'chai';
import { Comment, Post, Profile, Tag, User } from '../../fixtures/blog/entities';
import { blogMappers } from '../../fixtures/blog/mappers';
import { type PopulatePath, QueryError, Tabula } from '../../lib';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';
import { unloadedAlong } from './support/loaded-walk';

const PATHS: PopulatePath<Post>[] = ['author.profile', 'editor', 'comments.author.posts', 'tags.posts.author'];
const unloaded = (posts: readonly object[], paths: readonly string[]) =>
  posts.flatMap((p) => paths.flatMap((path) => unloadedAlong(p, path)));

async function seed(orm: Tabula): Promise<void> {
  const em = orm.em.fork();
  const ann = new User('Ann', 'ann@example.com');
  const bob = new User('Bob', 'bob@example.com');
  const first = new Post('First', ann);
  first.editor = bob;
  const second = new Post('Second', bob);
  const [news, tips] = [new Tag('news'), new Tag('tips')];
  first.tags.push(news, tips);
  second.tags.push(tips);
  em.persist(ann, bob, first, second, news, tips, new Profile(ann, 'Writes'));
  em.persist(new Comment(first, bob, 'Nice'), new Comment(first, ann, 'Thanks'), new Comment(second, ann, 'Hm'));
  await em.flush();
}

describeEachDialect('Loaded paths at run time', (ctx) => {
  let orm: Tabula | undefined;
  before(async () => {
    orm = await Tabula.connect({ url: ctx.url, mappers: [...blogMappers] });
    await orm.schema.drop();
    await orm.schema.create();
    await seed(orm);
  });
  after(async () => {
    await orm?.schema.drop();
    await orm?.close();
  });
  const db = () => orm as Tabula;

  it('without populate, the relations are what the types say: undefined arrays, key-only references', async () => {
    const [post] = await db().em.fork().find(Post, { title: 'First' });
    expect([post?.comments, post?.tags, unloadedAlong(post as object, 'author')]).to.deep.equal([
      undefined,
      undefined,
      ['Post#1.author: a key-only reference'],
    ]);
  });

  for (const strategy of ['select-in', 'joined'] as const) {
    describe(`strategy ${strategy}`, () => {
      it('find, findAll and findAndCount load every declared path', async () => {
        const em = db().em.fork();
        const found = await em.find(Post, {}, { populate: PATHS, strategy });
        const all = await db().em.fork().findAll(Post, { populate: PATHS, strategy });
        const [page, total] = await db().em.fork().findAndCount(Post, {}, { populate: PATHS, strategy, limit: 1 });
        expect([found.length, all.length, page.length, total]).to.deep.equal([2, 2, 1, 2]);
        expect([unloaded(found, PATHS), unloaded(all, PATHS), unloaded(page, PATHS)]).to.deep.equal([[], [], []]);
      });

      it('findOne, findOneOrFail and findByCursor load every declared path', async () => {
        const one = await db().em.fork().findOne(Post, { title: 'First' }, { populate: PATHS, strategy });
        const sure = await db().em.fork().findOneOrFail(Post, { title: 'Second' }, { populate: PATHS, strategy });
        const cursor = await db().em.fork().findByCursor(Post, {}, { first: 2, populate: PATHS, strategy });
        expect([one, sure, ...cursor.items].every((p) => p !== null)).to.equal(true);
        expect(unloaded([one as Post, sure, ...cursor.items], PATHS)).to.deep.equal([]);
      });

      it('the relations an entity already held are loaded too when a later find asks for them', async () => {
        const em = db().em.fork();
        await em.find(Post, {});
        const again = await em.find(Post, {}, { populate: ['comments.author', 'tags'], strategy });
        expect(unloaded(again, ['comments.author', 'tags'])).to.deep.equal([]);
      });

      it('fields with populate: the populated to-one is loaded although it is not in fields', async () => {
        const [post] = await db()
          .em.fork()
          .find(Post, { title: 'First' }, { fields: ['title'], populate: ['author', 'comments'], strategy });
        expect([post?.title, post?.author.name, post?.comments.length, (post as { body?: string }).body]).to.deep.equal(
          ['First', 'Ann', 2, undefined],
        );
      });
    });
  }

  it('a populate typo is a QueryError in populate words, naming the relations', async () => {
    const em = db().em.fork();
    const error = await expectRejection(
      em.find(Post, {}, { populate: ['comments.autor' as PopulatePath<Post>] }),
      QueryError,
    );
    expect([error.message, error.property]).to.deep.equal([
      'CommentMapper has no relation "autor" to populate (at comments.autor).\n  Populate one of: post, author.',
      'comments.autor',
    ]);
  });

  it('an embeddable in a populate path is a QueryError, before any SQL', async () => {
    const em = db().em.fork();
    const error = await expectRejection(
      em.find(Post, {}, { populate: ['author.address' as PopulatePath<Post>] }),
      QueryError,
    );
    expect(error.message).to.equal(
      'UserMapper.address is an embeddable, not a relation (at author.address).\n  Populate one of: posts, profile.',
    );
  });
});

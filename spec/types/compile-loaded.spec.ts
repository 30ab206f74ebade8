/**
 * The compile-time contract of `Loaded<T, P, F>` on the blog (users, posts, comments, tags; its
 * mappers are registered in fixtures/blog/mappers.ts): every `@ts-expect-error` below must be an
 * error for `tsc`, and each has a twin that compiles. Nothing runs: the functions are never called,
 * the `it` only makes mocha load the file (the run time is checked by spec/loading/loaded-paths.spec.ts).
 */
import { expect } from 'chai';
import { Comment, Post, type Tag, User } from '../../fixtures/blog/entities';
import '../../fixtures/blog/mappers';
import type { Author } from '../../fixtures/entities/author';
import { Book } from '../../fixtures/entities/book';
import type { EntityManager, Loaded, QueryBuilder, Reference } from '../../lib';

type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
const same = <A, B>(_proof: Equal<A, B>) => undefined;

// The case: comments not populated are not an array to read.
async function unloadedToMany(em: EntityManager) {
  const posts = await em.find(Post, {});
  for (const p of posts) {
    // @ts-expect-error comments were not populated: undefined at run time
    p.comments.length;
    // @ts-expect-error nor are the tags of a many-to-many
    p.tags.map((t) => t.name);
    // The twin: a check (an earlier load may have filled it), or populate.
    if (p.comments) p.comments.length;
  }
  const populated = await em.find(Post, {}, { populate: ['comments', 'tags'] });
  for (const p of populated) p.comments.length + p.tags.length;
}

// An unloaded to-one is a reference holding its key.
async function unloadedToOne(em: EntityManager) {
  const post = await em.findOneOrFail(Post, 1);
  post.author.id;
  // @ts-expect-error author was not populated: only its key is known
  post.author.name;
  same<typeof post.author, Reference<User>>(true);
  // @ts-expect-error a nullable to-one stays nullable
  post.editor.id;
  post.editor?.id;
  const loaded = await em.findOneOrFail(Post, 1, { populate: ['author', 'editor'] });
  loaded.author.name;
  loaded.editor?.name;
  // An inverse one-to-one holds no key on this side: undefined until populated.
  const user = await em.findOneOrFail(User, 1);
  // @ts-expect-error profile was not populated
  user.profile.bio;
  (await em.findOneOrFail(User, 1, { populate: ['profile'] })).profile?.bio;
}

// Nested paths: each level typed as loaded, the rest of each level as not.
async function nestedPaths(em: EntityManager) {
  const [post] = await em.find(Post, {}, { populate: ['comments.author', 'tags'] });
  if (!post) return;
  const comment = post.comments[0];
  comment?.author.name;
  // @ts-expect-error the comment's post was not populated (only comments.author was)
  comment?.post.title;
  comment?.post.id;
  // @ts-expect-error the tag's posts were not populated
  post.tags[0]?.posts.length;
  post.tags[0]?.name;
  const [deep] = await em.find(User, {}, { populate: ['posts.comments.author.profile'] });
  deep?.posts[0]?.comments[0]?.author.profile?.bio;
  // @ts-expect-error only the path's last relation: the profile's user is a reference
  deep?.posts[0]?.comments[0]?.author.profile?.user.name;
}

// Populate paths accept relations only.
async function populatePaths(em: EntityManager) {
  await em.find(Post, {}, { populate: ['author'] });
  // @ts-expect-error an embeddable is not a relation
  await em.find(Post, {}, { populate: ['author.address'] });
  // @ts-expect-error nor is a JSON property
  await em.find(Post, {}, { populate: ['metadata'] });
  // @ts-expect-error nor a column
  await em.find(Post, {}, { populate: ['title'] });
  // @ts-expect-error a typo
  await em.find(Post, {}, { populate: ['autor'] });
  await em.find(Post, {}, { populate: ['author.posts'] });
  // @ts-expect-error a typo deep in a path
  await em.find(Post, {}, { populate: ['author.psts'] });
}

// fields: only the loaded columns (with the key and the version).
async function partialFields(em: EntityManager) {
  const [post] = await em.find(Post, {}, { fields: ['title'] });
  if (!post) return;
  post.title.toUpperCase();
  post.id;
  post.version;
  post.summary();
  // @ts-expect-error body was not loaded
  post.body;
  // @ts-expect-error nor author (not in fields, not populated)
  post.author;
  // fields + populate: the relation is loaded (its FK column is selected with the fields).
  const [withAuthor] = await em.find(Post, {}, { fields: ['title'], populate: ['author'] });
  withAuthor?.author.name;
  // @ts-expect-error still not body
  withAuthor?.body;
}

// Every read that returns entities is typed so.
async function everyFind(em: EntityManager) {
  const one = await em.findOne(Post, { title: 'x' }, { populate: ['author'] });
  one?.author.name;
  // @ts-expect-error findOne without populate
  (await em.findOne(Post, 1))?.author.name;
  const [all] = await em.findAll(Post, { populate: ['comments'] });
  all?.comments.length;
  // @ts-expect-error findAll without populate
  (await em.findAll(Post))[0]?.comments.length;
  const [items, total] = await em.findAndCount(Post, {}, { populate: ['tags'], limit: 10 });
  items[0]?.tags.length.toFixed(total);
  // @ts-expect-error findAndCount without populate
  (await em.findAndCount(Post, {}))[0][0]?.tags.length;
  const page = await em.findByCursor(Post, {}, { first: 10, populate: ['author'] });
  page.items[0]?.author.name;
  // @ts-expect-error findByCursor without populate
  (await em.findByCursor(Post, {}, { first: 10 })).items[0]?.author.name;
  for await (const streamed of em.stream(Post)) {
    streamed.author.id;
    // @ts-expect-error a stream never populates
    streamed.author.name;
  }
  const built: QueryBuilder<Post> = em.createQueryBuilder(Post).join('author');
  const [fromBuilder] = await built.getEntities();
  fromBuilder?.title;
  // @ts-expect-error a join filters, it does not populate
  fromBuilder?.author.name;
}

// em.populate: the result is typed with the new paths, added to what was loaded.
async function populateLater(em: EntityManager) {
  const posts = await em.find(Post, {}, { populate: ['author'] });
  const more = await em.populate(posts, ['comments.author']);
  more[0]?.comments[0]?.author.name;
  more[0]?.author.name;
  // @ts-expect-error tags are still not loaded
  more[0]?.tags.length;
  const one = await em.populate(await em.findOneOrFail(Comment, 1), ['post']);
  one.post.title;
  // @ts-expect-error em.populate takes relation paths of the entities' class
  await em.populate(posts, ['body']);
  // @ts-expect-error an embeddable
  await em.populate(posts, ['author.address']);
}

// Assignability: a more loaded entity is a less loaded one; a new entity is a Loaded one.
async function assignability(em: EntityManager) {
  const withAuthor = await em.findOneOrFail(Post, 1, { populate: ['author'] });
  const bare: Loaded<Post> = withAuthor;
  const fresh: Loaded<Post> = new Post('t', new User('a', 'a@x'));
  // @ts-expect-error a reference is not a loaded author
  const wrong: Loaded<Post, 'author'> = bare;
  em.persist(new Comment(new Post('t', new User('b', 'b@x')), new User('c', 'c@x'), 'hi'));
  em.remove(bare);
  // A loaded entity, or a reference, is a filter value for its relation.
  await em.find(Comment, { post: withAuthor, author: withAuthor.author });
  await em.find(Comment, { post: bare, author: bare.author });
  return [fresh, wrong];
}

// A class no registered mapper maps is typed as before: Loaded<T> is T.
async function unregistered(em: EntityManager) {
  const [book] = await em.find(Book, {});
  same<typeof book, Book | undefined>(true);
  book?.author.name;
  const author: Author | undefined = book?.author;
  return author;
}

same<Loaded<Tag, 'posts'>['posts'], Loaded<Post>[]>(true);

describe('Loaded types (compile-time)', () => {
  it('is checked by tsc (see the @ts-expect-error lines)', () => {
    const checks = [unloadedToMany, unloadedToOne, nestedPaths, populatePaths, partialFields, everyFind];
    expect([...checks, populateLater, assignability, unregistered]).to.have.length(9);
  });
});

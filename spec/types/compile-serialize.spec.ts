/**
 * The type of `serialize`'s output, proven by `tsc`: each `// @ts-expect-error` line must fail to
 * compile, and each positive twin after it must compile. `Serialized<T>` is derived structurally,
 * so it composes with any entity-shaped type (a narrowed `Loaded<T, P>` as well as the class).
 */
import { expect } from 'chai';
import { type Serialized, serialize, Tabula } from 'tabula-orm';
import { type BlogPost, BlogUser, blogMappers } from '../entity-manager/support/blog';

// The blog's mappers registered once, so their hidden properties leave the type too.
declare module 'tabula-orm' {
  interface SerializeRegister {
    mappers: typeof blogMappers;
  }
}

describe('compile-time serialize types (spec/types/compile-serialize.spec.ts)', () => {
  // serialize knows the classes of a connected Tabula: connect here, so the spec passes run alone.
  let orm: Tabula | undefined;
  before(async () => {
    orm = await Tabula.connect({ url: 'sqlite::memory:', mappers: blogMappers });
  });
  after(() => orm?.close());

  it('is checked by tsc; at run time it serializes', () => {
    expect(serialize(new BlogUser('a@example.com', 'A'))).to.include({ name: 'A' });
  });
});

// Checked by tsc only: never called, since the values are stand-ins.
function typeChecks(): void {
  const user = undefined as unknown as BlogUser;
  const post = undefined as unknown as BlogPost;
  const u = serialize(user);
  const p = serialize(post);
  const list = serialize([post]);

  // bigint, Date and Buffer values are strings in JSON.
  // @ts-expect-error balance is a string of digits, not a bigint
  const balance: bigint = u.balance;
  const balanceText: string = u.balance;
  // @ts-expect-error joinedAt is an ISO string, not a Date
  const joined: Date = u.joinedAt;
  const joinedText: string = u.joinedAt;
  // @ts-expect-error avatar is base64 text (or null), not a Buffer
  const avatar: Buffer | null = u.avatar;
  const avatarText: string | null = u.avatar;

  // Hidden properties are not in the type: the .hidden() column and the mapper's hidden option.
  // @ts-expect-error password is hidden
  u.password;
  // @ts-expect-error resetToken is hidden (mapper option)
  u.resetToken;
  u.email;

  // Relations and embeddables nest, typed the same way; hidden properties of nested entities too.
  // @ts-expect-error a nested author has no password either
  p.author.password;
  const authorName: string = p.author.name;
  const city: string | undefined = u.address?.city;
  // @ts-expect-error the embeddable's fields are typed
  const cityNumber: number | undefined = u.address?.city;
  const commentBodies: string[] = p.comments.map((c) => c.body);
  const listTitles: string[] = list.map((x) => x.title);

  // Methods are not data.
  class WithMethod {
    id = 1;
    label(): string {
      return 'x';
    }
  }
  const withMethod = undefined as unknown as Serialized<WithMethod>;
  // @ts-expect-error methods are left out
  withMethod.label;
  const methodless: { id: number } = withMethod;

  // An HTTP handler's body type is checked against the mapping.
  interface UserBody {
    id?: number;
    email: string;
    balance: string;
  }
  const body: UserBody = u;
  // @ts-expect-error a body promising a bigint balance does not fit what serialize writes
  const wrongBody: { balance: bigint } = u;

  // A narrowed type (as typed populate returns) is serialized structurally: an unloaded to-many typed
  // `undefined` stays `undefined`, a key-only to-one stays key-only.
  type NarrowPost = Omit<BlogPost, 'comments' | 'author'> & { comments: undefined; author: { id: number } };
  const narrow = undefined as unknown as Serialized<NarrowPost>;
  // @ts-expect-error comments were not loaded
  narrow.comments.length;
  const authorKey: { id: number } = narrow.author;
  // @ts-expect-error the key-only author has no name
  narrow.author.name;

  // populate paths are relation paths of the entity.
  // @ts-expect-error no such relation
  serialize(post, { populate: ['autor'] });
  serialize(post, { populate: ['author', 'comments.author'] });

  // With populate, only the paths named are typed as nested: another relation may be a key object
  // (typed as part of the fields) or left out (an array possibly undefined).
  const narrowed = serialize(post, { populate: ['comments'] });
  const bodies: string[] = narrowed.comments.map((c) => c.body);
  // @ts-expect-error author is written as its key object: name may be missing
  const authorName2: string = narrowed.author.name;
  const maybeName: string | undefined = narrowed.author.name;
  // @ts-expect-error tags are left out
  narrowed.tags.length;
  // @ts-expect-error below comments nothing is nested: a comment's post is a key object
  const postTitles: string[] = narrowed.comments.map((c) => c.post.title);
  const nested = serialize([post], { populate: ['comments.post'] });
  const nestedTitles: string[] = nested.flatMap((x) => x.comments.map((c) => c.post.title));
  const keysOnly = serialize(post, { populate: [] });
  const keyId: number | undefined = keysOnly.author.id;
  void [bodies, authorName2, maybeName, postTitles, nestedTitles, keyId];

  void [balance, balanceText, joined, joinedText, avatar, avatarText, authorName, city, cityNumber];
  void [commentBodies, listTitles, methodless, body, wrongBody, authorKey];
}
void typeChecks;

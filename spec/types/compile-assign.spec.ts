/**
 * The type of `em.assign`'s data, proven by `tsc`: each `// @ts-expect-error` line must fail to
 * compile, and each positive twin after it must compile.
 */
import { expect } from 'chai';
import type { AssignData, EntityManager } from 'tabula-orm';
import { type BlogPost, BlogTag, type BlogUser } from '../entity-manager/support/blog';

describe('compile-time assign types (spec/types/compile-assign.spec.ts)', () => {
  it('is checked by tsc', () => {
    const data: AssignData<BlogUser> = { name: 'x' };
    expect(data.name).to.equal('x');
  });
});

// Checked by tsc only: never called, since the values are stand-ins.
function typeChecks(): void {
  const em = undefined as unknown as EntityManager;
  const user = undefined as unknown as BlogUser;
  const post = undefined as unknown as BlogPost;

  // Only the entity's data properties.
  // @ts-expect-error nickname is not a property of BlogUser
  em.assign(user, { nickname: 'x' });
  em.assign(user, { name: 'x' });

  // Scalars by their type, or the form serialize writes them in.
  // @ts-expect-error a name is a string
  em.assign(user, { name: 42 });
  em.assign(user, { balance: 10n });
  em.assign(user, { balance: '10' });
  // @ts-expect-error a datetime is a Date or an ISO string, not a boolean
  em.assign(user, { joinedAt: true });
  em.assign(user, { joinedAt: '2024-01-01T00:00:00Z' });
  em.assign(user, { joinedAt: new Date() });

  // Relations by entity or key; many-to-many as arrays of them.
  em.assign(post, { author: user });
  em.assign(post, { author: 7 });
  em.assign(post, { author: { id: 7 } });
  // @ts-expect-error a boolean is neither an entity nor a key
  em.assign(post, { author: true });
  em.assign(post, { tags: [1, 2, new BlogTag('x')] });
  // @ts-expect-error a many-to-many takes an array
  em.assign(post, { tags: new BlogTag('x') });

  // Embeddables as partial objects of their fields.
  em.assign(user, { address: { city: 'Lyon' } });
  // @ts-expect-error city is a string
  em.assign(user, { address: { city: 1 } });

  // The result is the entity.
  const same: BlogUser = em.assign(user, {});
  void same;
}
void typeChecks;

/** Walks populate paths through loaded entities of the blog, reporting what is not loaded. */
import { Comment, Post, Profile, Tag, User } from '../../../fixtures/blog/entities';

/** A property each class's rows always hold: set on a loaded entity, unset on a key-only reference. */
const DATA: ReadonlyMap<Function, string> = new Map<Function, string>([
  [User, 'name'],
  [Post, 'title'],
  [Comment, 'text'],
  [Tag, 'name'],
  [Profile, 'bio'],
]);

/** Walks `path` from `entity`; returns what is not loaded (`Post#1.comments: undefined`), empty when all is. */
export function unloadedAlong(entity: object, path: string): string[] {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  const value = (entity as Record<string, unknown>)[head];
  const at = `${entity.constructor.name}#${(entity as { id?: number }).id}.${head}`;
  if (value === undefined) return [`${at}: undefined`];
  if (value === null) return [];
  const members = Array.isArray(value) ? (value as object[]) : [value as object];
  return members.flatMap((m) => {
    const data = DATA.get(m.constructor) as string;
    if ((m as Record<string, unknown>)[data] === undefined) return [`${at}: a key-only reference`];
    return rest.length > 0 ? unloadedAlong(m, rest.join('.')) : [];
  });
}

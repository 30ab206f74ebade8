/**
 * `seed(orm, fn)`: writes fixtures in one transaction, deterministically — every factory used
 * through the seed's context starts its sequence at 1 and draws randomness from the seed.
 */
import type { EntityManager } from '../entity-manager/index.js';
import { Tabula } from '../tabula.js';
import { BuildSession, buildWith, type Factory, type FactoryFields, persistBuilt } from './factory.js';
import { Random } from './random.js';

export interface SeedOptions {
  /** The same seed writes the same rows (default 'tabula'). */
  readonly seed?: number | string;
}

/** What a seed function gets: its EntityManager, a seeded `random`, and builds in the seed's session. */
export interface SeedContext {
  /** The EntityManager the seed writes with; flushed before COMMIT. */
  readonly em: EntityManager;
  /** Random values from the seed, for choices of your own. */
  readonly random: Random;
  /** `factory.build`, numbered and seeded in this seed run. */
  build<T extends object>(factory: Factory<T>, overrides?: FactoryFields<T>): T;
  buildMany<T extends object>(factory: Factory<T>, count: number, overrides?: FactoryFields<T>): T[];
  /** `factory.create` (persist, one flush) numbered and seeded in this seed run. */
  create<T extends object>(factory: Factory<T>, overrides?: FactoryFields<T>): Promise<T>;
  createMany<T extends object>(factory: Factory<T>, count: number, overrides?: FactoryFields<T>): Promise<T[]>;
}

/**
 * Runs `fn` in a transaction and commits what it wrote. With a Tabula, on a new EntityManager;
 * with an EntityManager (a test database's `db.em`), on that one — inside its transaction when
 * it has one. The same seed gives the same data, whatever ran before.
 *
 * @example
 * const shop = await seed(orm, async ({ createMany, random }) => {
 *   const authors = await createMany(authorFactory, 3);
 *   return createMany(bookFactory, 10, { author: random.pick(authors) });
 * }, { seed: 42 });
 */
export async function seed<R>(
  target: Tabula | EntityManager,
  fn: (context: SeedContext) => Promise<R>,
  options: SeedOptions = {},
): Promise<R> {
  const em = target instanceof Tabula ? target.em.fork() : target;
  const session = new BuildSession(options.seed ?? 'tabula');
  const built = <T extends object>(factory: Factory<T>, count: number, overrides?: FactoryFields<T>) =>
    persistBuilt(em, (list) => Array.from({ length: count }, () => buildWith(factory, session, overrides, list)));
  const context: SeedContext = {
    em,
    random: new Random(`${session.seed}:seed`),
    build: (factory, overrides) => buildWith(factory, session, overrides, []),
    buildMany: (factory, count, overrides) =>
      Array.from({ length: count }, () => buildWith(factory, session, overrides, [])),
    create: async (factory, overrides) => {
      const [entity] = await built(factory, 1, overrides);
      return entity!;
    },
    createMany: built,
  };
  return em.transactional(() => fn(context));
}

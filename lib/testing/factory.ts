/**
 * Entity factories for tests and seed scripts: a typed map of field values per entity class,
 * with sequences, deterministic randomness and related entities built through other factories.
 * `build` makes plain instances; `create` persists everything one call built and flushes once.
 */
import type { EntityManager } from '../entity-manager/index.js';
import type { DataKeys, EntityClass } from '../mapping/index.js';
import { Random } from './random.js';

/** Where builds draw their sequence numbers, and the seed of their randomness. */
export class BuildSession {
  private readonly counters = new Map<object, number>();

  constructor(readonly seed: number | string) {}

  /** The next number (from 1) of a sequence. */
  next(sequence: object): number {
    const n = (this.counters.get(sequence) ?? 0) + 1;
    this.counters.set(sequence, n);
    return n;
  }

  /** Starts a sequence again at 1. */
  rewind(sequence: object): void {
    this.counters.delete(sequence);
  }
}

/** One build of one entity: its number in the factory's sequence, its randomness, nested builds. */
interface BuildStep {
  readonly n: number;
  readonly random: Random;
  build<T extends object>(factory: Factory<T>, overrides: FactoryFields<T> | undefined): T;
}

/**
 * A value computed for each build; made by `seq` and `many`.
 * @typeParam V the value's type, checked against the property it is given for
 */
export class FieldGenerator<V> {
  /** @internal use `seq` or `many` */
  constructor(readonly generate: (step: BuildStep) => V) {}
}

/** A related entity: built through its factory once per build of the entity that holds it. */
type Related<V> = V extends readonly unknown[] ? never : V extends object ? Factory<V> : never;

/** What a field of a factory may be: the value itself, a generator of it, or (relations) a factory. */
export type FieldValue<V> = V | FieldGenerator<V> | Related<V>;

/** The fields of a factory or of one call's overrides: a subset of `T`'s data properties, each typed. */
export type FactoryFields<T> = { readonly [K in DataKeys<T>]?: FieldValue<T[K]> };

export interface FactoryOptions<T> {
  /** Names the factory's random streams (default: the class's name). */
  readonly name?: string;
  /** The seed of `build`/`create` outside `seed()` (default 'tabula'). */
  readonly seed?: number | string;
  /**
   * Makes the empty instance the fields are assigned to. Default `new Cls()` with no arguments,
   * so the class's field initializers (`tags: Tag[] = []`) run; give this when the constructor
   * needs its arguments.
   */
  readonly construct?: () => T;
}

/**
 * A value per build from the build's sequence number (1, 2, 3 … per factory) and a random
 * generator seeded by the seed, the factory and that number.
 * @example seq((n) => `Author ${n}`), seq((_, random) => random.int(0, 20))
 */
export function seq<V>(next: (n: number, random: Random) => V): FieldGenerator<V> {
  return new FieldGenerator((step) => next(step.n, step.random));
}

/**
 * `count` related entities, each built through `factory` (a to-many relation's array).
 * @example factory(Book, { tags: many(2, tags) })
 */
export function many<T extends object>(
  count: number,
  related: Factory<T>,
  overrides?: FactoryFields<T>,
): FieldGenerator<T[]> {
  return new FieldGenerator((step) => Array.from({ length: count }, () => step.build(related, overrides)));
}

/** The state variants of one factory share: its sequence and its own session. */
interface FactoryRoot {
  readonly sequence: object;
  readonly session: BuildSession;
}

/** @internal (set by Factory's static block) builds through a factory in a given session, collecting every entity built. */
export let buildWith: <T extends object>(
  factory: Factory<T>,
  session: BuildSession,
  overrides: FactoryFields<T> | undefined,
  built: object[],
) => T;

/**
 * An entity factory; make one with `factory(Cls, fields)`.
 *
 * @example
 * const authors = factory(Author, { name: seq((n) => `Author ${n}`) });
 * const books = factory(Book, { title: seq((n) => `Book ${n}`), price: '9.99', stock: 10, author: authors });
 * const draft = books.build({ stock: 0 });          // a new Book and a new Author, not persisted
 * const saved = await books.createMany(em, 3);       // three books, three authors, one flush
 */
export class Factory<T extends object> {
  readonly #fields: FactoryFields<T>;
  readonly #construct: () => T;
  readonly #root: FactoryRoot;

  /** @internal use `factory()` */
  constructor(
    readonly entityClass: EntityClass<T>,
    fields: FactoryFields<T>,
    /** Names its random streams. */
    readonly name: string,
    construct: () => T,
    root: FactoryRoot,
  ) {
    this.#fields = fields;
    this.#construct = construct;
    this.#root = root;
  }

  static {
    buildWith = (factory, session, overrides, built) => factory.#build(session, overrides, built);
  }

  /** A new instance, not persisted; related entities built through their factories, also new. */
  build(overrides?: FactoryFields<T>): T {
    return this.#build(this.#root.session, overrides, []);
  }

  buildMany(count: number, overrides?: FactoryFields<T>): T[] {
    return Array.from({ length: count }, () => this.build(overrides));
  }

  /** Builds, persists everything the build made and flushes once; returns the entity, with its generated key. */
  async create(em: EntityManager, overrides?: FactoryFields<T>): Promise<T> {
    const [entity] = await this.createMany(em, 1, overrides);
    return entity as T;
  }

  /** `count` entities (and what they relate to) in one flush. */
  async createMany(em: EntityManager, count: number, overrides?: FactoryFields<T>): Promise<T[]> {
    return persistBuilt(em, (built) =>
      Array.from({ length: count }, () => this.#build(this.#root.session, overrides, built)),
    );
  }

  /**
   * A variant with more or other fields, sharing this factory's sequence (so unique values made
   * from `n` never collide between the two).
   * @example const soldOut = books.extend({ stock: 0 });
   */
  extend(fields: FactoryFields<T>): Factory<T> {
    return new Factory(this.entityClass, { ...this.#fields, ...fields }, this.name, this.#construct, this.#root);
  }

  /** Starts this factory's sequence (shared with its variants) at 1 again, outside `seed()`. */
  reset(): void {
    this.#root.session.rewind(this.#root.sequence);
  }

  #build(session: BuildSession, overrides: FactoryFields<T> | undefined, built: object[]): T {
    const n = session.next(this.#root.sequence);
    const { name } = this;
    let random: Random | undefined;
    const step: BuildStep = {
      n,
      get random() {
        return (random ??= new Random(`${session.seed}:${name}:${n}`));
      },
      build: (related, relatedOverrides) => buildWith(related, session, relatedOverrides, built),
    };
    const entity = this.#construct();
    built.push(entity);
    const target = entity as Record<string, unknown>;
    for (const [key, value] of Object.entries({ ...this.#fields, ...overrides })) {
      target[key] = resolve(value, step);
    }
    return entity;
  }
}

function resolve(value: unknown, step: BuildStep): unknown {
  if (value instanceof FieldGenerator) return value.generate(step);
  if (value instanceof Factory) return step.build(value, undefined);
  return value;
}

/** @internal persists what `make` built, flushes once, and returns what it made. */
export async function persistBuilt<R>(em: EntityManager, make: (built: object[]) => R): Promise<R> {
  const built: object[] = [];
  const result = make(built);
  em.persist(...built);
  await em.flush();
  return result;
}

/**
 * A typed factory for an entity class: each field is a value, `seq(…)`, `many(…)` or another
 * factory (for a relation); a wrong property or a value of the wrong type fails `tsc`. Fields left
 * out keep what the constructor (`new Cls()`) gave them.
 *
 * @example
 * const authors = factory(Author, { name: seq((n) => `Author ${n}`) });
 * const books = factory(Book, {
 *   title: seq((n) => `Book ${n}`),
 *   price: seq((_, random) => `${random.int(5, 30)}.99`),
 *   stock: 10,
 *   author: authors,
 *   tags: many(2, tags),
 * });
 */
export function factory<T extends object>(
  cls: EntityClass<T>,
  fields: NoInfer<FactoryFields<T>>,
  options: FactoryOptions<NoInfer<T>> = {},
): Factory<T> {
  // Sound for the default: an entity class is constructed with no arguments as Tabula documents;
  // a constructor that needs them takes `construct`.
  const construct = options.construct ?? (() => new (cls as unknown as new () => T)());
  const root: FactoryRoot = { sequence: {}, session: new BuildSession(options.seed ?? 'tabula') };
  return new Factory(cls, fields, options.name ?? cls.name, construct, root);
}

/**
 * `Tabula.connect`: the entry point. Builds the metadata registry once (bad mappings fail here),
 * opens the pool, and hands out the root EntityManager (fork it per unit of work).
 */
import { type ConnectOptions, connect, type Database, type DialectCapabilities } from './dialects/index.js';
import { type AnyEntityMapper, MetadataRegistry, type NamingStrategy } from './mapping/index.js';
import { Migrator, type MigratorOptions, SchemaManager } from './schema/index.js';
import { EntityManagerContext } from './entity-manager/index.js';
import { EntityManager, type FlushSubscriber } from './entity-manager/index.js';

/**
 * The mappers, and every ConnectOptions field: `logger`, `logLevel`, `slowQueryMs` and `logParams`
 * log the statements the ORM runs (docs/logging.md).
 *
 * @example
 * const orm = await Tabula.connect({ url, mappers, logger: pino(), slowQueryMs: 500 });
 */
export interface TabulaOptions extends Partial<ConnectOptions> {
  /** A connection URL (`sqlite:./app.db`, `postgres://…`, `mysql://…`), or the ConnectOptions fields. */
  readonly url?: string | undefined;
  readonly mappers: readonly AnyEntityMapper[];
  readonly naming?: NamingStrategy | undefined;
  /** Overrides detected capabilities (tests force `hasReturning: false` to exercise the insertId path). */
  readonly capabilities?: Partial<DialectCapabilities> | undefined;
  /** Flush subscribers of every EntityManager of this Tabula (docs/lifecycle.md); `em.addSubscriber` adds per EntityManager. */
  readonly subscribers?: readonly FlushSubscriber[] | undefined;
  /** The defaults of `orm.migrator()`: the folder, the journal table, the lock timeout. */
  readonly migrations?: MigratorOptions | undefined;
  /**
   * Compare the live schema with the mappers at connect (`orm.schema.verify()`) and refuse to start
   * with a SchemaDriftError listing each difference. Off by default: one catalog read per table.
   */
  readonly verifySchema?: boolean | undefined;
}

/**
 * A Tabula over a database opened elsewhere (the recording database of `tabula-orm/testing`).
 * Set by the class's static block, which may call the private constructor.
 * @internal
 */
export let tabulaOver: (
  db: Database,
  registry: MetadataRegistry,
  capabilities: Partial<DialectCapabilities> | undefined,
  subscribers?: readonly FlushSubscriber[],
) => Tabula;

/**
 * @example
 * const orm = await Tabula.connect({ url: 'sqlite:./app.db', mappers: [AuthorMapper, BookMapper] });
 * const em = orm.em.fork();
 * em.persist(new Author('Ann', 'ann@example.com'));
 * await em.flush();
 * await orm.close();
 */
export class Tabula {
  private constructor(
    readonly db: Database,
    readonly registry: MetadataRegistry,
    /** The root EntityManager; use `orm.em.fork()` for each unit of work. */
    readonly em: EntityManager,
  ) {
    this.schema = new SchemaManager(db, registry);
  }

  /** Creates, drops, compares (`diff`, `verify`) and updates the mapped tables. */
  readonly schema: SchemaManager;

  static {
    tabulaOver = (db, registry, capabilities, subscribers) =>
      new Tabula(db, registry, new EntityManager(new EntityManagerContext(db, registry, capabilities, subscribers)));
  }

  static async connect(options: TabulaOptions): Promise<Tabula> {
    const { mappers, naming, capabilities, subscribers, migrations, verifySchema, ...connectOptions } = options;
    const registry = new MetadataRegistry(mappers, naming ? { naming } : {});
    const db = await connect(connectOptions as ConnectOptions);
    const orm = tabulaOver(db, registry, capabilities, subscribers);
    if (migrations) orm.migrationDefaults = migrations;
    if (verifySchema) {
      try {
        await orm.schema.verify();
      } catch (e) {
        await db.close();
        throw e;
      }
    }
    return orm;
  }

  /**
   * The migrations of this database (docs/schema-and-migrations.md): `up`, `down`, `status`,
   * `pending`, `check`, `generate`. `options` add to those given at connect (`migrations`).
   * @example await orm.migrator().up();
   */
  migrator(options: MigratorOptions = {}): Migrator {
    return new Migrator(this.db, this.registry, { ...this.migrationDefaults, ...options });
  }

  /** @internal set by connect */
  migrationDefaults: MigratorOptions = {};

  close(): Promise<void> {
    return this.db.close();
  }
}

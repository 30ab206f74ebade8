/** The DI specs' entities (tables t_di_*), services and container. */
import { Container } from 'inversify';
import { defineEntity, EntityManager, type Loaded, p, Tabula } from 'tabula-orm';
import { repositoryToken, scopedService, tabulaModule } from 'tabula-orm/di';

export class Account {
  id?: number;
  version?: number;
  constructor(
    public owner: string,
    public balance: number,
  ) {}
}

export class Note {
  id?: number;
  constructor(
    public request: string,
    public text: string,
  ) {}
}

export const AccountMapper = defineEntity(Account, {
  table: 't_di_accounts',
  properties: {
    id: p.integer().primaryKey().generated(),
    version: p.integer().version(),
    owner: p.string({ length: 50 }).unique(),
    balance: p.integer(),
  },
});

export const NoteMapper = defineEntity(Note, {
  table: 't_di_notes',
  properties: {
    id: p.integer().primaryKey().generated(),
    request: p.string({ length: 50 }),
    text: p.string({ length: 200 }),
  },
});

/** A scoped service: receives the scope's EntityManager and repository. */
export class Ledger {
  constructor(
    readonly em: EntityManager,
    readonly accounts: import('tabula-orm/di').EntityRepository<Account>,
  ) {}

  async withdraw(owner: string, amount: number): Promise<Account> {
    const account = await this.accounts.findOneOrFail({ owner });
    account.balance -= amount;
    return account;
  }
}

/** A second scoped service depending on the first: both must see the same EntityManager. */
export class Teller {
  constructor(
    readonly ledger: Ledger,
    readonly em: EntityManager,
  ) {}
}

export const ledgerBinding = scopedService(Ledger, (em, accounts) => new Ledger(em, accounts), [
  EntityManager,
  repositoryToken(Account),
]);
export const tellerBinding = scopedService(Teller, (ledger, em) => new Teller(ledger, em), [Ledger, EntityManager]);

export interface DiFixture {
  readonly orm: Tabula;
  readonly container: Container;
}

export async function openDi(url: string, pool?: { size: number }): Promise<DiFixture> {
  const orm = await Tabula.connect({ url, mappers: [AccountMapper, NoteMapper], ...(pool ? { pool } : {}) });
  await orm.schema.drop();
  await orm.schema.create();
  const container = new Container();
  await container.load(tabulaModule(orm, { repositories: [Account, Note], scoped: [ledgerBinding, tellerBinding] }));
  return { orm, container };
}

export async function closeDi(f: DiFixture | undefined): Promise<void> {
  if (!f) return;
  await f.orm.schema.drop();
  await f.orm.close();
}

/** Rows of a table through a fresh EntityManager, ordered by id. */
export async function rows<T extends object>(orm: Tabula, cls: new (...args: never[]) => T): Promise<Loaded<T>[]> {
  return orm.em.fork().find(cls);
}

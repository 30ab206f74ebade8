import { expect } from 'chai';
import { Container } from 'inversify';
import { ConfigError, EntityManager, OutsideScopeError, Tabula } from 'tabula-orm';
import { EntityRepository, repositoryToken, runInUnitOfWork, scopeOf } from 'tabula-orm/di';
import { Account, closeDi, type DiFixture, Ledger, openDi, Teller } from './support/fixture';

describe('di: unit-of-work scopes', () => {
  let f: DiFixture | undefined;
  before(async () => {
    f = await openDi('sqlite::memory:');
  });
  after(() => closeDi(f));
  const fx = () => f as DiFixture;

  it('binds the Tabula instance as a singleton in the root container', () => {
    expect(fx().container.get(Tabula)).to.equal(fx().orm);
  });

  it('refuses the EntityManager, repositories and scoped services outside any scope', () => {
    const { container } = fx();
    expect(() => container.get(EntityManager)).to.throw(OutsideScopeError, /EntityManager was resolved outside/);
    expect(() => container.get(repositoryToken(Account))).to.throw(OutsideScopeError, /EntityRepository<Account>/);
    expect(() => container.get(Ledger)).to.throw(OutsideScopeError, /Ledger/);
  });

  it('gives every service and repository of one scope the same EntityManager, a fork of the root', async () => {
    const seen = await runInUnitOfWork(fx().container, async (scope) => {
      const teller = scope.get(Teller);
      const ledger = scope.get(Ledger);
      return {
        em: scope.em,
        same: [
          teller.em === scope.em,
          teller.ledger === ledger,
          ledger.em === scope.em,
          ledger.accounts.em === scope.em,
          scope.get(EntityManager) === scope.em,
          scope.get(repositoryToken(Account)) === ledger.accounts,
          scopeOf(scope.container) === scope,
        ],
        repository: ledger.accounts,
      };
    });
    expect(seen.same).to.deep.equal([true, true, true, true, true, true, true]);
    expect(seen.em).to.not.equal(fx().orm.em);
    expect(seen.repository).to.be.instanceOf(EntityRepository);
  });

  it('gives two scopes two EntityManagers and two sets of services', async () => {
    const one = await runInUnitOfWork(fx().container, async (s) => s.get(Teller));
    const two = await runInUnitOfWork(fx().container, async (s) => s.get(Teller));
    expect([one === two, one.em === two.em, one.ledger === two.ledger]).to.deep.equal([false, false, false]);
  });

  it('says how to fix a container without the Tabula module', async () => {
    let error: unknown;
    try {
      await runInUnitOfWork(new Container(), async () => 1);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ConfigError);
    expect((error as Error).message).to.match(/Load tabulaModule\(orm\)/);
  });
});

/**
 * The set-up of the specs that cut a connection at its COMMIT (or its lone statement): the unit of
 * work's tables reached directly, a commit cutter in front of the server, and a Tabula connected
 * through it. Registers the mocha hooks where it is called; after each test the cutter is disarmed,
 * the server reachable again and the tables empty.
 */
import { Tabula } from '../../lib';
import { uowMappers } from '../entity-manager/support/entities';
import { closeUow, emptyTables, openUow, type UowFixture } from '../entity-manager/support/uow-fixture';
import { type CommitCutter, commitCutter } from './commit-cutter';
import type { MatrixContext } from './matrix';

export interface ProxiedUow {
  /** Tabula connected to the server directly: what the server really holds. */
  direct(): Tabula;
  /** Tabula connected through the cutter. */
  viaProxy(): Tabula;
  cutter(): CommitCutter;
}

export function proxiedUow(ctx: MatrixContext, options: { resolveCommitOutcome?: boolean } = {}): ProxiedUow {
  let f: UowFixture | undefined;
  let proxy: CommitCutter | undefined;
  let orm: Tabula | undefined;
  before(async () => {
    f = await openUow(ctx.url);
    proxy = await commitCutter(ctx.url, ctx.dialect === 'postgres' ? 5432 : 3306);
    orm = await Tabula.connect({ url: proxy.url, mappers: [...uowMappers], ...options });
  });
  afterEach(async () => {
    proxy?.disarm();
    proxy?.up();
    if (f) await emptyTables(f.orm);
  });
  after(async () => {
    await orm?.close();
    await proxy?.close();
    await closeUow(f);
  });
  return {
    direct: () => (f as UowFixture).orm,
    viaProxy: () => orm as Tabula,
    cutter: () => proxy as CommitCutter,
  };
}

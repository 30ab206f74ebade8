/**
 * The query builder against a database, beyond the Chinook questions: where statements run
 * (the transaction of `transactional`), the identity map, wrong values, what the database alone
 * decides (a column neither grouped nor aggregated), and a closed database.
 */
import { expect } from 'chai';
import { Album, Genre, Track } from '../../../fixtures/chinook/entities';
import { chinookMappers } from '../../../fixtures/chinook/mappers';
import { Tabula, op } from '../../../lib';
import { ClosedError, DatabaseError, ValueError } from '../../../lib/errors';
import { count, QueryError } from '../../../lib/query';
import { expectRejection } from '../../support/expect-rejection';
import { describeEachDialect } from '../../support/matrix';
import { type ChinookOrmLoad, loadChinookThroughOrm } from '../support/chinook-orm';
import { chinookOrmNaming } from '../support/chinook-orm-naming';

describeEachDialect('QueryBuilder on a database', (ctx) => {
  let load: ChinookOrmLoad;

  before(async function () {
    this.timeout(180_000);
    load = await loadChinookThroughOrm(ctx);
  });

  after(async function () {
    this.timeout(60_000);
    await load?.close();
  });

  it('runs in the transaction of transactional: it sees the rows flushed there, and not after the rollback', async () => {
    const em = load.orm.em.fork();
    const genres = () =>
      em
        .createQueryBuilder(Genre)
        .select(() => ({ n: count() }))
        .getRows();
    const inside = await expectRejection(
      em.transactional(async (tx) => {
        tx.persist(Object.assign(new Genre(), { genreId: 900, name: 'Builder test' }));
        await tx.flush();
        throw new Error(`inside: ${JSON.stringify(await genres())}`);
      }),
      Error,
    );
    expect(inside.message).to.equal('inside: [{"n":26}]');
    expect(await genres()).to.deep.equal([{ n: 25 }]);
  });

  it('answers managed instances from the identity map, keeping their unflushed changes', async () => {
    const em = load.orm.em.fork();
    const first = await em.findOneOrFail(Album, 1);
    first.title = 'Changed, not flushed';
    const albums = await em
      .createQueryBuilder(Album)
      .where({ albumId: op({ $in: [1, 2] }) })
      .getEntities();
    expect(albums[0]).to.equal(first);
    expect(albums.map((a) => a.title)).to.deep.equal(['Changed, not flushed', 'Balls to the Wall']);
    expect(em.plan().steps.map((s) => s.kind)).to.deep.equal(['update']);
  });

  it('refuses a value of the wrong type with a typed error naming the property, before any SQL', async () => {
    const em = load.orm.em.fork();
    const filtered = await expectRejection(
      em
        .createQueryBuilder(Track)
        .where({ milliseconds: op({ $gt: 'long' as unknown as number }) })
        .getEntities(),
      ValueError,
    );
    expect(filtered.message).to.match(
      /^TrackMapper\.milliseconds: a string cannot be compared with column milliseconds/,
    );
    const compared = await expectRejection(
      em
        .createQueryBuilder(Track)
        .where((t) => t.album.title.eq(42 as unknown as string))
        .getEntities(),
      QueryError,
    );
    expect(compared.property).to.equal('album.title');
  });

  it('leaves a column neither grouped nor aggregated to the database: PostgreSQL refuses it, SQLite and MariaDB answer', async () => {
    const em = load.orm.em.fork();
    const query = em
      .createQueryBuilder(Track)
      .select((t) => ({ genre: t.genre.genreId, name: t.name, n: count() }))
      .groupBy((t) => [t.genre.genreId]);
    if (ctx.dialect === 'postgres') {
      const error = await expectRejection(query.getRows(), DatabaseError);
      expect(error.message).to.match(/must appear in the GROUP BY clause/);
    } else {
      expect(await query.getRows()).to.have.length(25);
    }
  });

  it('rejects with the pool error once the database is closed', async () => {
    const orm = await Tabula.connect({ url: ctx.url, mappers: chinookMappers, naming: chinookOrmNaming });
    const em = orm.em.fork();
    await orm.close();
    await expectRejection(
      em
        .createQueryBuilder(Genre)
        .select((g) => ({ name: g.name }))
        .getRows(),
      ClosedError,
    );
  });
});

/**
 * A filter on a to-one's key reads the foreign-key column, without joining the target
 * (docs/querying.md, "Filters on a to-one's key"): `{ writer: { id: … } }`, `{ writer: 5 }`,
 * `{ writer: op({ $gt: 0 }) }` and the query builder's `n.writer.id` compile to the same condition
 * on `writer_id`. A nested filter reading anything else joins, as before.
 */
import { expect } from 'chai';
import { Tabula } from '../../lib';
import { op, QueryError } from '../../lib/query';
import { sql } from '../../lib/sql';
import { Novel, uowMappers, Writer } from '../entity-manager/support/entities';
import { emptyTables } from '../entity-manager/support/uow-fixture';
import { Post, Reaction, softDeleteMappers } from '../flush/support/soft-delete-entities';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';

describeEachDialect("filters on a to-one's key", (ctx) => {
  let orm: Tabula;
  let seen: string[] = [];
  let ids: { ann: number; bob: number };

  before(async () => {
    orm = await Tabula.connect({ url: ctx.url, mappers: [...uowMappers, ...softDeleteMappers] });
    await orm.schema.drop();
    await orm.schema.create();
    orm.db.onQuery((e) => seen.push(e.sql));
    const em = orm.em.fork();
    const ann = new Writer('Ann');
    const bob = new Writer('Bob');
    em.persist(ann, bob, new Novel('A1', ann), new Novel('A2', ann), new Novel('B1', bob));
    await em.flush();
    ids = { ann: ann.id as number, bob: bob.id as number };
  });
  beforeEach(() => {
    seen = [];
  });
  after(async () => {
    await orm.db.execute(sql`delete from t_sd_reactions`);
    await orm.db.execute(sql`delete from t_sd_posts`);
    await emptyTables(orm);
    await orm.schema.drop();
    await orm.close();
  });

  /** The titles a filter finds, and the one SELECT it sent. */
  async function find(filter: object): Promise<{ titles: string[]; sql: string }> {
    seen = [];
    const found = await orm.em.fork().find(Novel, filter as never, { orderBy: { title: 'asc' } });
    expect(seen).to.have.length(1);
    return { titles: found.map((n) => n.title), sql: seen[0] as string };
  }

  const where = (text: string) => text.slice(text.indexOf(' WHERE '), text.indexOf(' ORDER BY '));

  it('compiles { writer: { id: op(…) } } to the FK column, without a JOIN, as { writer: op(…) } and the builder do', async () => {
    const nested = await find({ writer: { id: op({ $gt: ids.ann }) } });
    const direct = await find({ writer: op({ $gt: ids.ann }) });
    expect(nested.titles).to.deep.equal(['B1']);
    expect(direct.titles).to.deep.equal(['B1']);
    expect(nested.sql).not.to.match(/JOIN/);
    expect(nested.sql).to.equal(direct.sql);
    expect(where(nested.sql)).to.match(/^ WHERE .t0.\..writer_id. > (\?|\$1)$/);

    const built = orm.em
      .fork()
      .createQueryBuilder(Novel)
      .where((n) => n.writer.id.gt(ids.ann))
      .toSql().sql;
    expect(built).not.to.match(/JOIN/);
    expect(where(`${built} ORDER BY `)).to.equal(where(nested.sql));
  });

  it('compiles equality and $in on the key the same way as the key itself', async () => {
    const nested = await find({ writer: { id: ids.ann } });
    const byKey = await find({ writer: ids.ann });
    expect(nested.titles).to.deep.equal(['A1', 'A2']);
    expect(nested.sql).to.equal(byKey.sql);
    const inList = await find({ writer: { id: op({ $in: [ids.bob] }) } });
    expect(inList.titles).to.deep.equal(['B1']);
    expect(inList.sql).not.to.match(/JOIN/);
  });

  it('joins when the nested filter reads another property, or combines the key with one', async () => {
    const byName = await find({ writer: { name: 'Bob' } });
    expect(byName.titles).to.deep.equal(['B1']);
    expect(byName.sql).to.match(/LEFT JOIN/);
    const mixed = await find({ writer: { id: ids.ann, name: 'Ann' } });
    expect(mixed.titles).to.deep.equal(['A1', 'A2']);
    expect(mixed.sql).to.match(/LEFT JOIN/);
  });

  it('accepts $gt/$gte/$lt/$lte on a one-column key and still names the operators it knows for others', async () => {
    expect((await find({ writer: op({ $lte: ids.ann }) })).titles).to.deep.equal(['A1', 'A2']);
    expect((await find({ writer: op({ $gte: ids.ann, $lt: ids.bob }) })).titles).to.deep.equal(['A1', 'A2']);
    const error = await expectRejection(
      orm.em.fork().find(Novel, { writer: op({ $like: 'A%' }) } as never),
      QueryError,
    );
    expect(error.message).to.match(/\$like/);
    expect(error.message).to.match(/\$gt/);
    expect(error.message).not.to.match(/Use one of: \$and \$or \$not/);
  });

  it("finds rows whose target a global filter hides, as { post: id } does: a filter's joins never carried the target's filters", async () => {
    const em = orm.em.fork();
    const post = new Post('hidden');
    em.persist(post, new Reaction('like', post));
    await em.flush();
    em.remove(post);
    await em.flush();
    const fresh = orm.em.fork();
    const byNestedKey = await fresh.find(Reaction, { post: { id: post.id as number } });
    const byKey = await fresh.find(Reaction, { post: post.id as number });
    const bySlug = await fresh.find(Reaction, { post: { slug: 'hidden' } });
    expect([byNestedKey.length, byKey.length, bySlug.length]).to.deep.equal([1, 1, 1]);
  });
});

/**
 * `em.flush()` resolves with the plan it ran and the rows it wrote per SQL operation and table
 * (docs/unit-of-work.md, "The flush result").
 */
import { expect } from 'chai';
import { Tabula } from '../../lib';
import { sql } from '../../lib/sql';
import { Article, Label, Novel, pivotMappers, uowMappers, Writer } from '../entity-manager/support/entities';
import { emptyTables } from '../entity-manager/support/uow-fixture';
import { describeEachDialect } from '../support/matrix';

describeEachDialect('em.flush() result: affected rows', (ctx) => {
  let orm: Tabula;
  before(async () => {
    orm = await Tabula.connect({ url: ctx.url, mappers: [...uowMappers, ...pivotMappers] });
    await orm.schema.drop();
    await orm.schema.create();
  });
  afterEach(async () => {
    await orm.db.execute(sql`delete from t_uow_article_labels`);
    await orm.db.execute(sql`delete from t_uow_labels`);
    await orm.db.execute(sql`delete from t_uow_articles`);
    await emptyTables(orm);
  });
  after(async () => {
    await orm.schema.drop();
    await orm.close();
  });

  it('counts inserted, updated and deleted rows per table, on the plan it ran', async () => {
    const em = orm.em.fork();
    const ann = new Writer('Ann');
    const a = new Novel('A', ann);
    const b = new Novel('B', ann);
    ann.books.push(a, b);
    em.persist(ann);
    const inserted = await em.flush();
    expect(inserted.affected).to.deep.equal({
      inserted: { t_uow_writers: 1, t_uow_novels: 2 },
      updated: {},
      deleted: {},
      total: 3,
    });
    expect(inserted.steps.map((s) => s.kind)).to.deep.equal(['insert', 'insert']);

    a.title = 'A2';
    b.title = 'B2';
    ann.name = 'Ann2';
    const updated = await em.flush();
    expect(updated.affected).to.deep.equal({
      inserted: {},
      updated: { t_uow_writers: 1, t_uow_novels: 2 },
      deleted: {},
      total: 3,
    });

    em.remove(ann);
    const deleted = await em.flush();
    expect(deleted.affected).to.deep.equal({
      inserted: {},
      updated: {},
      deleted: { t_uow_writers: 1, t_uow_novels: 2 },
      total: 3,
    });
  });

  it('counts a broken cycle as an insert and an update of the same row', async () => {
    const em = orm.em.fork();
    const ann = new Writer('Ann');
    const a = new Novel('A', ann);
    ann.books.push(a);
    ann.favourite = a;
    em.persist(ann);
    const result = await em.flush();
    expect(result.affected).to.deep.equal({
      inserted: { t_uow_writers: 1, t_uow_novels: 1 },
      updated: { t_uow_writers: 1 },
      deleted: {},
      total: 3,
    });
  });

  it('counts pivot rows under their pivot table', async () => {
    const em = orm.em.fork();
    const article = new Article('a');
    article.labels.push(new Label('x'), new Label('y'));
    em.persist(article);
    const linked = await em.flush();
    expect(linked.affected.inserted).to.deep.equal({ t_uow_articles: 1, t_uow_labels: 2, t_uow_article_labels: 2 });
    article.labels.splice(0, 1);
    const unlinked = await em.flush();
    expect(unlinked.affected).to.deep.equal({
      inserted: {},
      updated: {},
      deleted: { t_uow_article_labels: 1 },
      total: 1,
    });
  });

  it('resolves with zero counts when there is nothing to write', async () => {
    const result = await orm.em.fork().flush();
    expect(result.isEmpty).to.equal(true);
    expect(result.affected).to.deep.equal({ inserted: {}, updated: {}, deleted: {}, total: 0 });
  });
});

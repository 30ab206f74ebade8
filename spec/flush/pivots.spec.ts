import { unitOfWorkOf } from '../support/internals';
import { expect } from 'chai';
import sinon from 'sinon';
import { Connection } from '../../lib/connection';
import { type EntityManager, Tabula } from '../../lib';
import { EntityStateError, MissingRowError, StatementError } from '../../lib/errors';
import { sql } from '../../lib/sql';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';
import { Article, Label, pivotMappers } from '../entity-manager/support/entities';

const CONTROL = /^(BEGIN|START|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET)\b/i;

type Pair = [number, number];

/** The pivot rows as [article id, label id] pairs, sorted. */
async function pivotRows(orm: Tabula): Promise<Pair[]> {
  const rows = await orm.db.query(
    sql`select article_id, label_id from t_uow_article_labels order by article_id, label_id`,
  );
  return rows.map((r) => [Number(r.article_id), Number(r.label_id)]);
}

const pair = (a: Article, l: Label): Pair => [a.id as number, l.id as number];
const sorted = (pairs: Pair[]): Pair[] => [...pairs].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
const shape = (em: EntityManager) => em.plan().steps.map((s) => `${s.kind} ${s.table} ${s.rows.length}`);

/** Everything the EntityManager knows about its entries, as plain data. */
function emState(em: EntityManager): unknown[] {
  const names = (list: unknown) =>
    (list as (Article | Label)[]).map((x) => x.id ?? `new ${'title' in x ? x.title : x.name}`);
  return [...unitOfWorkOf(em).entries].map((e) => [
    e.state,
    e.key,
    JSON.stringify(e.snapshot),
    JSON.stringify(e.entity, (k, v) => (k === 'labels' || k === 'articles' ? names(v) : v)),
    [...e.members.entries()].map(([k, v]) => [k, names(v)]),
  ]);
}

describeEachDialect('EntityManager.flush: many-to-many pivot rows', (ctx) => {
  let orm: Tabula | undefined;
  before(async () => {
    orm = await Tabula.connect({ url: ctx.url, mappers: [...pivotMappers] });
    await orm.schema.drop();
    await orm.schema.create();
  });
  afterEach(async () => {
    sinon.restore();
    const db = (orm as Tabula).db;
    await db.execute(sql`delete from t_uow_article_labels`);
    await db.execute(sql`delete from t_uow_labels`);
    await db.execute(sql`delete from t_uow_articles`);
  });
  after(async () => {
    await orm?.schema.drop();
    await orm?.close();
  });
  const tabula = () => orm as Tabula;

  /** Two articles and three labels, flushed: a ↔ {x, y}, b ↔ {y}. */
  async function seeded() {
    const em = tabula().em.fork();
    const [x, y, z] = [new Label('x'), new Label('y'), new Label('z')];
    const a = new Article('a');
    const b = new Article('b');
    a.labels.push(x, y);
    b.labels.push(y);
    em.persist(a, b, z);
    await em.flush();
    return { em, a, b, x, y, z };
  }

  it('links new to new after both inserts, with the pending keys bound at execution', async () => {
    const em = tabula().em.fork();
    const a = new Article('a');
    const x = new Label('x');
    const y = new Label('y');
    a.labels.push(x, y);
    em.persist(a);
    const plan = em.plan();
    expect(shape(em)).to.deep.equal([
      'insert t_uow_articles 1',
      'insert t_uow_labels 2',
      'link t_uow_article_labels 2',
    ]);
    const link = plan.steps[2];
    expect(link?.columns.map((c) => c.name)).to.deep.equal(['article_id', 'label_id']);
    expect([link?.statements.length, link?.statements[0]?.hasPendingValues]).to.deep.equal([1, true]);
    expect(plan.describe()).to.include('linked Label(new #2) to Article(new #1).labels');
    expect(plan.entities.map((e) => [e.label, e.reasons.map((r) => r.kind)])).to.deep.equal([
      ['Article(new #1)', ['new', 'link', 'link']],
      ['Label(new #2)', ['new']],
      ['Label(new #3)', ['new']],
    ]);
    await em.flush();
    expect(await pivotRows(tabula())).to.deep.equal([pair(a, x), pair(a, y)]);
    expect(unitOfWorkOf(em).entryOf(a)?.members.get('labels')).to.deep.equal([x, y]);
    expect(em.plan().isEmpty).to.equal(true);
  });

  it('links new owners to existing members and existing owners to new members', async () => {
    const { em, a, b, x, y, z } = await seeded();
    const c = new Article('c');
    c.labels.push(z);
    const w = new Label('w');
    b.labels.push(w);
    em.persist(c);
    expect(shape(em)).to.deep.equal([
      'insert t_uow_articles 1',
      'insert t_uow_labels 1',
      'link t_uow_article_labels 2',
    ]);
    expect(em.plan().steps[2]?.rows.map((r) => r.label)).to.deep.equal([
      `linked Label#${z.id} to Article(new #1).labels`,
      `linked Label(new #2) to Article#${b.id}.labels`,
    ]);
    await em.flush();
    expect(await pivotRows(tabula())).to.deep.equal(
      sorted([pair(a, x), pair(a, y), pair(b, y), pair(c, z), pair(b, w)]),
    );
    expect(em.plan().isEmpty).to.equal(true);
  });

  it('links existing to existing with one INSERT and nothing else', async () => {
    const { em, a, b, x, y, z } = await seeded();
    b.labels.push(x, z);
    a.labels.push(z);
    const plan = em.plan();
    expect(shape(em)).to.deep.equal(['link t_uow_article_labels 3']);
    expect(plan.steps[0]?.rows.map((r) => r.values)).to.deep.equal([
      [a.id, z.id],
      [b.id, x.id],
      [b.id, z.id],
    ]);
    expect(plan.steps[0]?.statements.map((s) => [s.start, s.end, s.hasPendingValues])).to.deep.equal([[0, 3, false]]);
    expect(plan.entities.map((e) => e.label)).to.deep.equal([`Article#${a.id}`, `Article#${b.id}`]);
    await em.flush();
    expect(await pivotRows(tabula())).to.deep.equal(
      sorted([pair(a, x), pair(a, y), pair(a, z), pair(b, x), pair(b, y), pair(b, z)]),
    );
  });

  it('links what is assigned to a relation that was never loaded, and remembers it after COMMIT', async () => {
    const { a, x, y, z, b } = await seeded();
    const em = tabula().em.fork();
    const loaded = await em.findOneOrFail(Article, a.id);
    const labelZ = await em.findOneOrFail(Label, z.id);
    expect([loaded.labels, unitOfWorkOf(em).entryOf(loaded)?.members.has('labels')]).to.deep.equal([undefined, false]);
    loaded.labels = [labelZ];
    expect(shape(em)).to.deep.equal(['link t_uow_article_labels 1']);
    await em.flush();
    expect(unitOfWorkOf(em).entryOf(loaded)?.members.get('labels')).to.deep.equal([labelZ]);
    expect(em.plan().isEmpty).to.equal(true);
    expect(await pivotRows(tabula())).to.deep.equal(sorted([pair(a, x), pair(a, y), pair(a, z), pair(b, y)]));
  });

  it('unlinks members taken out of the owning array, deleting by both keys', async () => {
    const { em, a, b, x, y } = await seeded();
    a.labels.splice(0, 1);
    const plan = em.plan();
    expect(shape(em)).to.deep.equal(['unlink t_uow_article_labels 1']);
    expect(plan.steps[0]?.key.map((c) => c.name)).to.deep.equal(['article_id', 'label_id']);
    expect(plan.steps[0]?.statements[0]?.params).to.deep.equal([a.id, x.id]);
    expect(plan.describe()).to.include(`unlinked Label#${x.id} from Article#${a.id}.labels`);
    await em.flush();
    expect(await pivotRows(tabula())).to.deep.equal([pair(a, y), pair(b, y)]);
    expect(unitOfWorkOf(em).entryOf(a)?.members.get('labels')).to.deep.equal([y]);
    expect(em.plan().isEmpty).to.equal(true);
  });

  it('unlinks before it links when one flush adds and removes', async () => {
    const { em, a, b, x, y, z } = await seeded();
    a.labels = [z, y];
    b.labels = [x];
    expect(shape(em)).to.deep.equal(['unlink t_uow_article_labels 2', 'link t_uow_article_labels 2']);
    await em.flush();
    expect(await pivotRows(tabula())).to.deep.equal(sorted([pair(a, y), pair(a, z), pair(b, x)]));
  });

  it('unlinks every known member of a removed owner before deleting it', async () => {
    const { em, a, b, y } = await seeded();
    em.remove(a);
    expect(shape(em)).to.deep.equal(['unlink t_uow_article_labels 2', 'delete t_uow_articles 1']);
    await em.flush();
    expect(await pivotRows(tabula())).to.deep.equal([pair(b, y)]);
  });

  it("leaves a removed member's pivot rows to the pivot's ON DELETE CASCADE", async () => {
    const { em, a, b, x, y } = await seeded();
    em.remove(y);
    expect(shape(em)).to.deep.equal(['delete t_uow_labels 1']);
    await em.flush();
    expect(await pivotRows(tabula())).to.deep.equal([pair(a, x)]);
    expect(b.labels).to.deep.equal([y]);
  });

  it('refuses to link a member scheduled for removal', async () => {
    const { em, b, z } = await seeded();
    em.remove(z);
    b.labels.push(z);
    expect(() => em.plan()).to.throw(
      EntityStateError,
      /Article#\d+\.labels references an entity that is scheduled for removal/,
    );
  });

  it('writes a member added to the inverse side only as a link of the owning side, and both sides agree after', async () => {
    const { em, z, b } = await seeded();
    z.articles.push(b);
    expect(shape(em)).to.deep.equal(['link t_uow_article_labels 1']);
    // plan() changed nothing: the owning side is as it was until the flush.
    expect(b.labels).to.not.include(z);
    await em.flush();
    expect(b.labels).to.include(z);
    expect(await pivotRows(tabula())).to.deep.include(pair(b, z));
    expect(em.plan().isEmpty).to.equal(true);
  });

  it('raises MissingRowError when a pivot row to unlink vanished, and commits nothing', async () => {
    const { em, a, b, x, y } = await seeded();
    await tabula().db.execute(sql`delete from t_uow_article_labels where label_id = ${x.id}`);
    a.labels = [];
    a.title = 'a2';
    const error = await expectRejection(em.flush(), MissingRowError);
    // Read after the rollback, y's pivot row is back and x's is not: only x's is named.
    expect([error.table, error.entities]).to.deep.equal([
      't_uow_article_labels',
      [`unlinked Label#${x.id} from Article#${a.id}.labels`],
    ]);
    expect(await pivotRows(tabula())).to.deep.equal([pair(a, y), pair(b, y)]);
    const titles = await tabula().db.query(sql`select title from t_uow_articles order by id`);
    expect(titles.map((r) => r.title)).to.deep.equal(['a', 'b']);
  });

  /** The exact SQL of each dialect for two-row and one-row link and unlink chunks. */
  const pivotSql = {
    sqlite: [
      'INSERT INTO "t_uow_article_labels" ("article_id", "label_id") VALUES (?, ?), (?, ?)',
      'INSERT INTO "t_uow_article_labels" ("article_id", "label_id") VALUES (?, ?)',
      'DELETE FROM "t_uow_article_labels" WHERE ("article_id", "label_id") IN (VALUES (?, ?), (?, ?))',
      'DELETE FROM "t_uow_article_labels" WHERE "article_id" = ? AND "label_id" = ?',
    ],
    // PostgreSQL binds one array per column for several rows, so a chunk costs two binds.
    postgres: [
      'INSERT INTO "t_uow_article_labels" ("article_id", "label_id") SELECT * FROM unnest($1::integer[], $2::integer[])',
      'INSERT INTO "t_uow_article_labels" ("article_id", "label_id") VALUES ($1, $2)',
      'DELETE FROM "t_uow_article_labels" WHERE ("article_id", "label_id") IN (SELECT * FROM unnest($1::integer[], $2::integer[]))',
      'DELETE FROM "t_uow_article_labels" WHERE "article_id" = $1 AND "label_id" = $2',
    ],
    mysql: [
      'INSERT INTO `t_uow_article_labels` (`article_id`, `label_id`) VALUES (?, ?), (?, ?)',
      'INSERT INTO `t_uow_article_labels` (`article_id`, `label_id`) VALUES (?, ?)',
      'DELETE FROM `t_uow_article_labels` WHERE (`article_id`, `label_id`) IN ((?, ?), (?, ?))',
      'DELETE FROM `t_uow_article_labels` WHERE `article_id` = ? AND `label_id` = ?',
    ],
  };

  it('chunks links and unlinks under the bind ceiling (two pairs per statement for 5 binds)', async () => {
    const small = await Tabula.connect({
      url: ctx.url,
      mappers: [...pivotMappers],
      capabilities: { maxBindParameters: 5 },
    });
    try {
      const em = small.em.fork();
      const a = new Article('a');
      a.labels.push(...['1', '2', '3'].map((n) => new Label(n)));
      em.persist(a);
      const chunks = (kind: string) =>
        em
          .plan()
          .steps.filter((s) => s.kind === kind)
          .flatMap((s) => s.statements.map((st) => [st.start, st.end, st.sql]));
      const [link2, link1, unlink2, unlink1] = pivotSql[ctx.dialect];
      expect(chunks('link')).to.deep.equal([
        [0, 2, link2],
        [2, 3, link1],
      ]);
      await em.flush();
      expect((await pivotRows(small)).length).to.equal(3);
      a.labels.splice(0, 3);
      expect(chunks('unlink')).to.deep.equal([
        [0, 2, unlink2],
        [2, 3, unlink1],
      ]);
      await em.flush();
      expect(await pivotRows(small)).to.deep.equal([]);
    } finally {
      await small.close();
    }
  });

  /** Committed: a ↔ {x, y}, b ↔ {y}. Pending: a new article linked to x and a new label, y taken out of a. */
  async function failingScenario() {
    const s = await seeded();
    const c = new Article('c');
    const v = new Label('v');
    c.labels.push(s.x, v);
    s.a.labels = [s.x];
    s.em.persist(c);
    return { ...s, c, v };
  }

  it('leaves pivot rows and the EntityManager as they were when a link or unlink statement fails', async () => {
    const probe = await failingScenario();
    const kinds = probe.em.plan().steps.flatMap((s) => s.statements.map(() => s.kind));
    expect(kinds).to.deep.equal(['insert', 'insert', 'unlink', 'link']);
    await tabula().db.execute(sql`delete from t_uow_article_labels`);
    await tabula().db.execute(sql`delete from t_uow_labels`);
    await tabula().db.execute(sql`delete from t_uow_articles`);
    for (const failing of ['unlink', 'link'] as const) {
      const { em, a, b, c, v, x, y } = await failingScenario();
      const rowsBefore = await pivotRows(tabula());
      const stateBefore = emState(em);
      const original = Connection.prototype.run;
      const at = kinds.indexOf(failing);
      let index = 0;
      sinon.stub(Connection.prototype, 'run').callsFake(function (this: Connection, query) {
        if (!CONTROL.test(query.sql) && index++ === at)
          return Promise.reject(new StatementError(`injected at ${failing}`));
        return original.call(this, query);
      });
      await expectRejection(em.flush(), StatementError);
      sinon.restore();
      expect(await pivotRows(tabula()), `pivot rows after a failed ${failing}`).to.deep.equal(rowsBefore);
      expect(emState(em), `EntityManager after a failed ${failing}`).to.deep.equal(stateBefore);
      expect([c.id, v.id]).to.deep.equal([undefined, undefined]);
      await em.flush();
      expect(await pivotRows(tabula())).to.deep.equal(sorted([pair(a, x), pair(b, y), pair(c, x), pair(c, v)]));
      expect(em.plan().isEmpty).to.equal(true);
      await tabula().db.execute(sql`delete from t_uow_article_labels`);
      await tabula().db.execute(sql`delete from t_uow_labels`);
      await tabula().db.execute(sql`delete from t_uow_articles`);
    }
  });
});

/**
 * Soft delete, on every dialect: `em.remove` of a soft-deletable entity plans an UPDATE of its
 * soft-delete column (describe() says "soft delete"), the row stays, and the built-in
 * `softDelete` filter hides it from finds, counts and populate until a query asks
 * `withDeleted`. Cascade remove and orphan removal soft-delete soft-deletable children and
 * hard-delete the others; `em.restore` undoes it; unique values are freed by a soft delete
 * where the schema has partial unique indexes (PostgreSQL, SQLite) and not on MariaDB.
 */
import { expect } from 'chai';
import { defineEntity, EntityStateError, MappingError, p, Tabula, UniqueConstraintError } from '../../lib';
import { MetadataRegistry } from '../../lib/mapping';
import { sql } from '../../lib/sql';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';
import { Comment, Note, Post, Reaction, softDeleteMappers } from './support/soft-delete-entities';

type Row = Record<string, unknown>;

describeEachDialect('Soft delete', (ctx) => {
  let orm: Tabula;

  before(async () => {
    orm = await Tabula.connect({ url: ctx.url, mappers: [...softDeleteMappers] });
    await orm.schema.drop();
    await orm.schema.create();
  });
  after(async () => {
    await orm.schema.drop();
    await orm.close();
  });
  afterEach(async () => {
    for (const t of ['t_sd_reactions', 't_sd_notes', 't_sd_comments', 't_sd_posts'])
      await orm.db.execute(sql`delete from ${sql.id(t)}`);
  });

  const rows = async (table: string): Promise<Row[]> =>
    (await orm.db.query(sql`select * from ${sql.id(table)} order by id`)).map((r) => ({
      id: Number(r.id),
      deleted: r.deleted_at !== null,
    }));

  async function seed() {
    const em = orm.em.fork();
    const post = new Post('hello');
    post.comments.push(new Comment('c1', post), new Comment('c2', post));
    post.notes.push(new Note('n1', post));
    const other = new Post('other');
    em.persist(post, other);
    await em.flush();
    return { post, other };
  }

  it('remove plans an UPDATE of the soft-delete column, shown as a soft delete; the row stays', async () => {
    const { post, other } = await seed();
    const em = orm.em.fork();
    const loaded = await em.findOneOrFail(Post, other.id as number);
    em.remove(loaded);
    const plan = em.plan();
    expect(plan.steps.map((s) => [s.kind, s.table, s.columns.map((c) => c.name)])).to.deep.equal([
      ['update', 't_sd_posts', ['deleted_at', 'version']],
    ]);
    expect(plan.steps[0]?.statements[0]?.sql).to.match(/^UPDATE/i);
    expect(plan.describe()).to.contain('soft delete: deleted_at set instead of DELETE (removed)');
    await em.flush();
    expect(em.contains(loaded)).to.equal(false);
    expect(loaded.deletedAt).to.be.instanceOf(Date);
    expect(loaded.version).to.equal(2);
    expect(await rows('t_sd_posts')).to.deep.equal([
      { id: post.id, deleted: false },
      { id: other.id, deleted: true },
    ]);
  });

  it('hides soft-deleted rows from find, findOne, count, exists and populate; withDeleted shows them', async () => {
    const { post, other } = await seed();
    const writer = orm.em.fork();
    const [c1] = await writer.find(Comment, { body: 'c1' });
    writer.remove(c1 as Comment, await writer.findOneOrFail(Post, other.id as number));
    await writer.flush();
    const em = orm.em.fork();
    expect((await em.find(Post, {})).map((p) => p.slug)).to.deep.equal(['hello']);
    expect(await em.findOne(Post, other.id as number)).to.equal(null);
    expect(await em.count(Comment)).to.equal(1);
    expect(await em.exists(Post, { slug: 'other' })).to.equal(false);
    for (const strategy of ['select-in', 'joined'] as const) {
      const fresh = orm.em.fork();
      const found = await fresh.findOneOrFail(Post, post.id as number, { populate: ['comments'], strategy });
      expect(found.comments.map((c) => c.body)).to.deep.equal(['c2']);
    }
    expect((await em.find(Post, {}, { withDeleted: true })).map((p) => p.slug)).to.deep.equal(['hello', 'other']);
    expect(await em.count(Comment, {}, { filters: { softDelete: false } })).to.equal(2);
    const all = orm.em.fork();
    const withAll = await all.findOneOrFail(Post, post.id as number, { populate: ['comments'], withDeleted: true });
    expect(withAll.comments.map((c) => c.body)).to.deep.equal(['c1', 'c2']);
  });

  it('restore clears the soft-delete column at the next flush', async () => {
    const { other } = await seed();
    const em = orm.em.fork();
    em.remove(await em.findOneOrFail(Post, other.id as number));
    await em.flush();
    const back = orm.em.fork();
    const found = await back.findOneOrFail(Post, other.id as number, { withDeleted: true });
    back.restore(found);
    expect(back.plan().entities.map((e) => e.reasons.map((r) => r.kind))).to.deep.equal([['changed']]);
    await back.flush();
    expect((await orm.em.fork().find(Post, {})).map((p) => p.slug)).to.deep.equal(['hello', 'other']);
    expect(() => back.restore(new Note('x', found))).to.throw(EntityStateError);
    const note = await back.findOneOrFail(Note, { text: 'n1' });
    expect(() => back.restore(note)).to.throw(EntityStateError, /not soft-deletable/);
  });

  it('an entity may keep referencing a soft-deleted one (its row stays), in the same flush and after', async () => {
    const { other } = await seed();
    const setup = orm.em.fork();
    setup.persist(new Reaction('like', await setup.findOneOrFail(Post, other.id as number)));
    await setup.flush();
    const em = orm.em.fork();
    const [reaction] = await em.find(Reaction, {}, { populate: ['post'] });
    const post = (reaction as Reaction).post;
    em.remove(post);
    (reaction as Reaction).kind = 'sad';
    await em.flush();
    (reaction as Reaction).kind = 'angry';
    em.persist(new Reaction('late', post));
    await em.flush();
    const stored = await orm.db.query(sql`select kind, post_id from t_sd_reactions order by id`);
    expect(stored.map((r) => [r.kind, Number(r.post_id)])).to.deep.equal([
      ['angry', other.id],
      ['late', other.id],
    ]);
    expect(await rows('t_sd_posts')).to.deep.include({ id: other.id, deleted: true });
  });

  it('cascade remove soft-deletes soft-deletable children and hard-deletes the others', async () => {
    const { post } = await seed();
    const em = orm.em.fork();
    const found = await em.findOneOrFail(Post, post.id as number, { populate: ['comments', 'notes'] });
    em.remove(found);
    const plan = em.plan();
    expect(plan.steps.map((s) => [s.kind, s.table, s.rows.length])).to.deep.equal([
      ['update', 't_sd_posts', 1],
      ['update', 't_sd_comments', 2],
      ['delete', 't_sd_notes', 1],
    ]);
    await em.flush();
    expect(await rows('t_sd_comments')).to.deep.equal(found.comments.map((c) => ({ id: c.id, deleted: true })));
    expect(await rows('t_sd_notes')).to.deep.equal([]);
  });

  it('orphan removal soft-deletes a soft-deletable orphan', async () => {
    const { post } = await seed();
    const em = orm.em.fork();
    const found = await em.findOneOrFail(Post, post.id as number, { populate: ['comments'] });
    const orphan = found.comments.shift() as Comment;
    expect(em.plan().describe()).to.contain('orphaned from Post#');
    await em.flush();
    expect(await rows('t_sd_comments')).to.deep.equal([
      { id: orphan.id, deleted: true },
      { id: found.comments[0]?.id, deleted: false },
    ]);
  });

  it('deleteWhere soft-deletes the rows it matches; { hard: true } deletes them', async () => {
    const { post } = await seed();
    const em = orm.em.fork();
    expect(await em.deleteWhere(Comment, { body: 'c1' })).to.equal(1);
    expect(await em.count(Comment)).to.equal(1);
    // Already soft-deleted rows are not matched again unless the query says withDeleted.
    expect(await em.deleteWhere(Comment, { body: 'c1' })).to.equal(0);
    expect(await em.deleteWhere(Comment, { body: 'c1' }, { hard: true, withDeleted: true })).to.equal(1);
    expect((await rows('t_sd_comments')).map((r) => r.deleted)).to.deep.equal([false]);
    expect(post.id).to.be.a('number');
  });

  it(
    ctx.dialect === 'mysql'
      ? 'MariaDB has no partial indexes: a soft-deleted row keeps its unique value'
      : 'a soft-deleted row frees its unique value (partial unique index over live rows)',
    async () => {
      const { other } = await seed();
      const em = orm.em.fork();
      em.remove(await em.findOneOrFail(Post, other.id as number));
      await em.flush();
      const again = orm.em.fork().persist(new Post('other'));
      if (ctx.dialect === 'mysql') {
        await expectRejection(again.flush(), UniqueConstraintError);
      } else {
        await again.flush();
        expect(await orm.em.fork().count(Post, { slug: 'other' }, { withDeleted: true })).to.equal(2);
        // Two live rows with one slug are still refused.
        await expectRejection(orm.em.fork().persist(new Post('other')).flush(), UniqueConstraintError);
      }
    },
  );

  it(
    ctx.dialect === 'mysql'
      ? 'MariaDB: a soft delete and an insert of its unique value in one flush fail on the constraint'
      : 'a soft delete and an insert of its unique value in one flush: the soft delete runs first',
    async () => {
      const { post } = await seed();
      const em = orm.em.fork();
      const found = await em.findOneOrFail(Post, post.id as number, { populate: ['comments', 'notes'] });
      em.remove(found);
      const again = new Post('hello');
      em.persist(again);
      expect(em.plan().steps.map((s) => [s.kind, s.table])[0]).to.deep.equal(['update', 't_sd_posts']);
      if (ctx.dialect === 'mysql') {
        await expectRejection(em.flush(), UniqueConstraintError);
        expect(em.contains(found)).to.equal(true);
      } else {
        await em.flush();
        expect((await orm.em.fork().find(Post, { slug: 'hello' })).map((p) => p.id)).to.deep.equal([again.id]);
      }
    },
  );
});

describe('Soft delete mapping', () => {
  class Item {
    id!: number;
    removedAt!: Date;
    label!: string | null;
  }
  it('softDelete must name a nullable datetime property (MappingError at start-up)', () => {
    for (const softDelete of ['removedAt', 'label'] as const) {
      const mapper = defineEntity(Item, {
        properties: {
          id: p.integer().primaryKey(),
          removedAt: p.datetime(),
          label: p.string().nullable(),
        },
        softDelete,
      });
      expect(() => new MetadataRegistry([mapper])).to.throw(MappingError, /nullable datetime/);
    }
  });
});

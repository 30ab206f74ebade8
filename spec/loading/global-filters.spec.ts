/**
 * Global filters and tenancy, on every dialect: two tenants' rows, and every read API and bulk
 * statement of an EntityManager whose tenant is set returns, counts or changes only that
 * tenant's rows. A filter whose parameters are missing refuses the query (QueryError naming it);
 * a query may disable or parameterise filters; forks start from their parent's parameters.
 */
import { expect } from 'chai';
import { type EntityManager, QueryError, Tabula } from '../../lib';
import { sql } from '../../lib/sql';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';
import { Project, Tag, Task, tenantMappers } from './support/tenant-entities';

const names = (rows: readonly { name: string }[]) => rows.map((r) => r.name).sort();
const titles = (rows: readonly { title: string }[]) => rows.map((r) => r.title).sort();

describeEachDialect('Global filters: tenancy', (ctx) => {
  let orm: Tabula;
  let a1: Project;

  before(async () => {
    orm = await Tabula.connect({ url: ctx.url, mappers: [...tenantMappers] });
    await orm.schema.drop();
    await orm.schema.create();
  });
  after(async () => {
    await orm.schema.drop();
    await orm.close();
  });

  beforeEach(async () => {
    const em = orm.em.fork();
    const shared1 = new Tag(1, 'red');
    const shared2 = new Tag(2, 'blue');
    a1 = new Project(1, 'A1');
    const a2 = new Project(1, 'A2');
    const b1 = new Project(2, 'B1');
    a1.tags.push(shared1, shared2); // a tag of tenant 2 linked by mistake: populate must not show it
    b1.tags.push(shared2);
    em.persist(shared1, shared2, a1, a2, b1);
    // Task 'leak' belongs to tenant 2 but hangs under A1: populate of A1's tasks must hide it.
    em.persist(new Task(1, 't-a1', a1), new Task(2, 'leak', a1), new Task(2, 't-b1', b1), new Task(1, 't-a2', a2));
    await em.flush();
  });
  afterEach(async () => {
    for (const t of ['t_gf_project_tags', 't_gf_tasks', 't_gf_projects', 't_gf_tags']) {
      await orm.db.execute(sql`delete from ${sql.id(t)}`);
    }
  });

  const tenant1 = (): EntityManager => orm.em.fork().setFilterParams('tenant', { id: 1 });

  it('find, findAll, findOne, findOneOrFail, findAndCount, count and exists see one tenant', async () => {
    const em = tenant1();
    expect(names(await em.find(Project, {}))).to.deep.equal(['A1', 'A2']);
    expect(names(await em.findAll(Project))).to.deep.equal(['A1', 'A2']);
    expect(await em.findOne(Project, { name: 'B1' })).to.equal(null);
    await expectRejection(em.findOneOrFail(Project, { name: 'B1' }), Error);
    const [items, total] = await em.findAndCount(Project, {}, { limit: 1 });
    expect([items.length, total]).to.deep.equal([1, 2]);
    expect(await em.count(Project)).to.equal(2);
    expect(await em.count(Task)).to.equal(2);
    expect(await em.exists(Project, { name: 'B1' })).to.equal(false);
    expect(await em.exists(Project, { name: 'A1' })).to.equal(true);
  });

  it('findOne by key reads through the filter (a key of another tenant finds nothing)', async () => {
    const other = await orm.em.fork().findOneOrFail(Project, { name: 'B1' }, { filters: false });
    const em = tenant1();
    expect(await em.findOne(Project, other.id)).to.equal(null);
    expect((await em.findOne(Project, a1.id))?.name).to.equal('A1');
  });

  it('findByCursor and stream see one tenant', async () => {
    const em = tenant1();
    const page = await em.findByCursor(Project, {}, { first: 10 });
    expect(names(page.items)).to.deep.equal(['A1', 'A2']);
    const streamed: Project[] = [];
    for await (const p of em.stream(Project, {}, { batchSize: 1 })) streamed.push(p);
    expect(names(streamed)).to.deep.equal(['A1', 'A2']);
  });

  for (const strategy of ['select-in', 'joined'] as const) {
    it(`populate (${strategy}) applies the related classes' filters: one-to-many and many-to-many`, async () => {
      const em = tenant1();
      const found = await em.findOneOrFail(Project, { name: 'A1' }, { populate: ['tasks', 'tags'], strategy });
      expect(titles(found.tasks)).to.deep.equal(['t-a1']);
      expect(names(found.tags)).to.deep.equal(['red']);
    });
  }

  for (const strategy of ['select-in', 'joined'] as const) {
    it(`populate (${strategy}) of a to-one whose target is filtered out leaves an unloaded reference`, async () => {
      const em = orm.em.fork().setFilterParams('tenant', { id: 2 });
      const [leak] = await em.find(Task, { title: 'leak' }, { populate: ['project'], strategy });
      expect(leak?.project.id).to.equal(a1.id);
      expect(leak?.project.name).to.equal(undefined);
      // Never null: a flush would write the foreign key as NULL.
      expect(em.plan().isEmpty).to.equal(true);
    });
  }

  it('the query builder filters its root', async () => {
    const em = tenant1();
    expect(names(await em.createQueryBuilder(Project).getEntities())).to.deep.equal(['A1', 'A2']);
    expect(await em.createQueryBuilder(Project).getCount()).to.equal(2);
    const rows = await em
      .createQueryBuilder(Project, { filters: { tenant: { id: 2 } } })
      .select((p) => ({ name: p.name }))
      .getRows();
    expect(names(rows)).to.deep.equal(['B1']);
  });

  it('the query builder restricts joined classes by their filters (a hidden row joins as no row)', async () => {
    const em = tenant1();
    const rows = await em
      .createQueryBuilder(Project)
      .leftJoin('tasks')
      .leftJoin('tags')
      .select((p) => ({ name: p.name, task: p.tasks.title, tag: p.tags.name }))
      .getRows();
    const seen = rows.map((r) => `${r.name}:${r.task}:${r.tag}`).sort();
    // Task 'leak' (tenant 2) never joins; the pivot row to tenant 2's tag still does, with the
    // tag's columns NULL (documented: a LEFT JOIN through a pivot keeps the pivot's row).
    expect(seen).to.deep.equal(['A1:t-a1:null', 'A1:t-a1:red', 'A2:t-a2:null']);
    // An inner join drops the root row whose only related rows are hidden.
    const tagged = await em
      .createQueryBuilder(Task)
      .join('project')
      .select((t) => ({ title: t.title, project: t.project.name }))
      .getRows();
    expect(tagged.map((r) => `${r.title}:${r.project}`).sort()).to.deep.equal(['t-a1:A1', 't-a2:A2']);
    const other = orm.em.fork().setFilterParams('tenant', { id: 2 });
    const leak = await other
      .createQueryBuilder(Task)
      .where({ title: 'leak' })
      .select((t) => ({ project: t.project.name }))
      .getRows();
    expect(leak).to.deep.equal([{ project: null }]);
  });

  it('updateWhere and deleteWhere change one tenant only; {} still needs { all: true }', async () => {
    const em = tenant1();
    await expectRejection(em.updateWhere(Project, {}, { name: 'x' }), QueryError);
    expect(await em.updateWhere(Project, {}, { name: 'renamed' }, { all: true })).to.equal(2);
    expect(await em.deleteWhere(Task, {}, { all: true })).to.equal(2);
    const all = orm.em.fork();
    expect(names(await all.find(Project, {}, { filters: false }))).to.deep.equal(['B1', 'renamed', 'renamed']);
    expect(titles(await all.find(Task, {}, { filters: false }))).to.deep.equal(['leak', 't-b1']);
  });

  it('a missing parameter is a QueryError naming the filter, for every read and bulk path', async () => {
    const em = orm.em.fork();
    const attempts: (() => Promise<unknown>)[] = [
      () => em.find(Project, {}),
      () => em.findOne(Project, a1.id as number),
      () => em.count(Project),
      () => em.exists(Project),
      () => em.findByCursor(Project, {}, { first: 1 }),
      () => em.updateWhere(Project, {}, { name: 'x' }, { all: true }),
      () => em.deleteWhere(Project, {}, { all: true }),
      () => (async () => em.createQueryBuilder(Project).getEntities())(),
      async () => {
        for await (const _ of em.stream(Project, {})) break;
      },
    ];
    for (const attempt of attempts) {
      const error = await expectRejection(attempt(), QueryError);
      expect(error.message).to.contain("the filter 'tenant' needs parameters");
    }
    // A query's parameters apply by filter name to the populated classes as well.
    const [found] = await em.find(Project, { name: 'A1' }, { filters: { tenant: { id: 1 } }, populate: ['tasks'] });
    expect(titles(found?.tasks ?? [])).to.deep.equal(['t-a1']);
    // Nothing was changed by the refused bulk statements.
    expect(names(await em.find(Project, {}, { filters: false }))).to.deep.equal(['A1', 'A2', 'B1']);
  });

  it('a query disables all filters, one filter, or passes its own parameters', async () => {
    const em = tenant1();
    expect(names(await em.find(Project, {}, { filters: false }))).to.deep.equal(['A1', 'A2', 'B1']);
    expect(names(await em.find(Project, {}, { filters: { tenant: false } }))).to.deep.equal(['A1', 'A2', 'B1']);
    expect(names(await em.find(Project, {}, { filters: { tenant: { id: 2 } } }))).to.deep.equal(['B1']);
    expect(await em.count(Project, {}, { filters: { tenant: { id: 2 } } })).to.equal(1);
    const [items, total] = await em.findAndCount(Project, {}, { filters: false, limit: 1 });
    expect([items.length, total]).to.deep.equal([1, 3]);
  });

  it('an opt-in filter applies only when a query enables it', async () => {
    const em = tenant1();
    expect(names(await em.find(Project, {}, { filters: { named: { name: 'A2' } } }))).to.deep.equal(['A2']);
    await expectRejection(em.find(Project, {}, { filters: { named: true } }), QueryError);
    em.setFilterParams('named', { name: 'A1' });
    expect(names(await em.find(Project, {}, { filters: { named: true } }))).to.deep.equal(['A1']);
    expect(names(await em.find(Project, {}))).to.deep.equal(['A1', 'A2']);
  });

  it('a fork starts from its parent parameters; changing either after does not touch the other', async () => {
    const parent = tenant1();
    const child = parent.fork();
    expect(names(await child.find(Project, {}))).to.deep.equal(['A1', 'A2']);
    child.setFilterParams('tenant', { id: 2 });
    expect(names(await child.find(Project, {}))).to.deep.equal(['B1']);
    expect(names(await parent.find(Project, {}))).to.deep.equal(['A1', 'A2']);
    expect(parent.getFilterParams('tenant')).to.deep.equal({ id: 1 });
  });

  it('findOne by key of an entity this EntityManager manages answers from the identity map (documented)', async () => {
    const em = orm.em.fork();
    const b1 = await em.findOneOrFail(Project, { name: 'B1' }, { filters: false });
    em.setFilterParams('tenant', { id: 1 });
    expect(await em.findOne(Project, b1.id as number)).to.equal(b1);
    // A filtered read of the same row does not return it.
    expect(await em.findOne(Project, { id: b1.id as number })).to.equal(null);
  });
});

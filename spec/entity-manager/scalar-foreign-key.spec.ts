/**
 * A scalar foreign key beside its relation (`companyId: p.foreignKey('company')`): one column,
 * read without loading the parent (also partially and through a joined populate), filtered and
 * sorted like a column, serialized, and written through either side with the rules of
 * docs/mapping.md: a changed relation wins and the scalar follows; a scalar changed alone is
 * written and the relation follows; both changed to different keys is refused before any SQL.
 */
import { expect } from 'chai';
import { EntityStateError, op, serialize, Tabula, ValueError } from '../../lib';
import { defineEntity, p } from '../../lib/mapping';
import { sql } from '../../lib/sql';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';

class SfkCompany {
  id?: number;
  staff?: SfkStaff[];
  constructor(public name: string) {}
}

class SfkStaff {
  id?: number;
  company: SfkCompany | null = null;
  companyId?: number | null;
  constructor(public name: string) {}
}

const SfkCompanyMapper = defineEntity(SfkCompany, {
  table: 't_sfk_companies',
  properties: {
    id: p.integer().primaryKey().generated(),
    name: p.string({ length: 40 }),
    staff: p.oneToMany(() => SfkStaff, 'company'),
  },
});

const SfkStaffMapper = defineEntity(SfkStaff, {
  table: 't_sfk_staff',
  properties: {
    id: p.integer().primaryKey().generated(),
    name: p.string({ length: 40 }),
    // Declared before its relation on purpose: the registry resolves it once the relation is.
    companyId: p.foreignKey('company'),
    company: p.manyToOne(() => SfkCompany).nullable(),
  },
});

/** A parent keyed by a UUID made by Tabula: the scalar is a string, and follows a key made while planning. */
class SfkTeam {
  id?: string;
  constructor(public name: string) {}
}
class SfkPlayer {
  id?: number;
  team: SfkTeam | null = null;
  teamId: string | null = null;
}
const SfkTeamMapper = defineEntity(SfkTeam, {
  table: 't_sfk_teams',
  properties: { id: p.uuid().primaryKey().generated(), name: p.string({ length: 40 }) },
});
const SfkPlayerMapper = defineEntity(SfkPlayer, {
  table: 't_sfk_players',
  properties: {
    id: p.integer().primaryKey().generated(),
    team: p.oneToOne(() => SfkTeam).nullable(),
    teamId: p.foreignKey('team'),
  },
});

describeEachDialect('a scalar foreign key beside its relation (p.foreignKey)', (ctx) => {
  let orm: Tabula;
  let ids: { acme: number; globex: number; ann: number; bob: number; cyd: number };
  let statements: string[];

  before(async () => {
    orm = await Tabula.connect({
      url: ctx.url,
      mappers: [SfkCompanyMapper, SfkStaffMapper, SfkTeamMapper, SfkPlayerMapper],
    });
    await orm.schema.drop();
    await orm.schema.create();
    orm.db.onQuery((e) => statements.push(e.sql));
  });
  after(async () => {
    await orm.schema.drop();
    await orm.close();
  });
  beforeEach(async () => {
    statements = [];
    await orm.db.execute(sql`delete from t_sfk_staff`);
    await orm.db.execute(sql`delete from t_sfk_companies`);
    const em = orm.em.fork();
    const acme = new SfkCompany('Acme');
    const globex = new SfkCompany('Globex');
    const [ann, bob, cyd] = [new SfkStaff('Ann'), new SfkStaff('Bob'), new SfkStaff('Cyd')];
    ann.company = acme;
    bob.company = globex;
    em.persist(acme, globex, ann, bob, cyd);
    await em.flush();
    ids = {
      acme: acme.id as number,
      globex: globex.id as number,
      ann: ann.id as number,
      bob: bob.id as number,
      cyd: cyd.id as number,
    };
    statements = [];
  });

  const column = async (id: number) =>
    (await orm.db.query<{ company_id: unknown }>(sql`select company_id from t_sfk_staff where id = ${id}`))[0]
      ?.company_id;
  const asNumber = (v: unknown) => (v == null ? v : Number(v));

  describe('reading', () => {
    it('maps one column, and the schema made from the mappers diffs to nothing', async () => {
      const table = orm.schema.desired().tables.find((t) => t.name === 't_sfk_staff');
      expect(table?.columns.map((c) => c.name)).to.deep.equal(['id', 'name', 'company_id']);
      const diff = await orm.schema.diff({ allowDestructive: true });
      expect([...diff.changes, ...diff.heldBack].map((c) => c.description)).to.deep.equal([]);
    });

    it('hydrates the key without loading the parent, and mirrors the relations of a flush', async () => {
      const em = orm.em.fork();
      const ann = await em.findOneOrFail(SfkStaff, { id: ids.ann });
      expect(ann.companyId).to.equal(ids.acme);
      expect(ann.company?.id).to.equal(ids.acme);
      expect(ann.company?.name).to.equal(undefined);
      const cyd = await em.findOneOrFail(SfkStaff, { id: ids.cyd });
      expect(cyd.companyId).to.equal(null);
      expect(statements.filter((s) => /t_sfk_companies/.test(s))).to.deep.equal([]);
    });

    it('reads it with fields (partial load) and with a joined populate', async () => {
      const partial = await orm.em.fork().findOneOrFail(SfkStaff, { id: ids.ann }, { fields: ['name', 'companyId'] });
      expect(partial.companyId).to.equal(ids.acme);
      const without = await orm.em.fork().findOneOrFail(SfkStaff, { id: ids.ann }, { fields: ['name'] });
      expect(without.companyId).to.equal(undefined);
      const joined = await orm.em
        .fork()
        .find(
          SfkStaff,
          { companyId: op({ $ne: null }) },
          { populate: ['company'], strategy: 'joined', orderBy: { name: 'asc' } },
        );
      expect(joined.map((s) => [s.name, s.companyId, s.company?.name])).to.deep.equal([
        ['Ann', ids.acme, 'Acme'],
        ['Bob', ids.globex, 'Globex'],
      ]);
    });

    it('filters and sorts by it, on the FK column without a join, and the query builder reads it', async () => {
      const em = orm.em.fork();
      const names = (list: SfkStaff[]) => list.map((s) => s.name);
      statements = [];
      expect(names(await em.find(SfkStaff, { companyId: ids.acme }))).to.deep.equal(['Ann']);
      expect(statements.some((s) => /JOIN/i.test(s))).to.equal(false);
      const inList = await em.find(
        SfkStaff,
        { companyId: op({ $in: [ids.acme, ids.globex] }) },
        { orderBy: { name: 'asc' } },
      );
      expect(names(inList)).to.deep.equal(['Ann', 'Bob']);
      expect(names(await em.find(SfkStaff, { companyId: null }))).to.deep.equal(['Cyd']);
      const sorted = await em.find(SfkStaff, { companyId: op({ $ne: null }) }, { orderBy: { companyId: 'desc' } });
      expect(names(sorted)).to.deep.equal(['Bob', 'Ann']);
      const built = await em
        .createQueryBuilder(SfkStaff)
        .where((s) => s.companyId.eq(ids.globex))
        .getEntities();
      expect(names(built)).to.deep.equal(['Bob']);
    });

    it('is written by serialize', async () => {
      const ann = await orm.em.fork().findOneOrFail(SfkStaff, { id: ids.ann });
      expect(serialize(ann)).to.deep.include({ name: 'Ann', companyId: ids.acme });
    });
  });

  describe('writing', () => {
    it('a changed relation wins: the plan names it, and the scalar mirrors the new key after COMMIT', async () => {
      const em = orm.em.fork();
      const ann = await em.findOneOrFail(SfkStaff, { id: ids.ann });
      ann.company = await em.findOneOrFail(SfkCompany, { id: ids.globex });
      const changes = em.plan().entities.flatMap((e) => e.reasons);
      expect(changes).to.deep.equal([
        { kind: 'changed', changes: [{ column: 'company_id', property: 'company', old: ids.acme, new: ids.globex }] },
      ]);
      await em.flush();
      expect(ann.companyId).to.equal(ids.globex);
      expect(asNumber(await column(ids.ann))).to.equal(ids.globex);
      expect(em.plan().isEmpty).to.equal(true);
    });

    it('a relation to a parent inserted by the same flush: the scalar gets its generated key', async () => {
      const em = orm.em.fork();
      const cyd = await em.findOneOrFail(SfkStaff, { id: ids.cyd });
      const initech = new SfkCompany('Initech');
      em.persist(initech);
      cyd.company = initech;
      await em.flush();
      expect(initech.id).to.be.a('number');
      expect(cyd.companyId).to.equal(initech.id);
      expect(asNumber(await column(ids.cyd))).to.equal(initech.id);
      expect(em.plan().isEmpty).to.equal(true);
    });

    it('a scalar changed alone is written; the relation becomes the managed parent or a reference after COMMIT', async () => {
      const em = orm.em.fork();
      const ann = await em.findOneOrFail(SfkStaff, { id: ids.ann });
      const acme = ann.company;
      ann.companyId = ids.globex;
      expect(em.plan().entities.flatMap((e) => e.reasons)).to.deep.equal([
        { kind: 'changed', changes: [{ column: 'company_id', property: 'companyId', old: ids.acme, new: ids.globex }] },
      ]);
      expect(ann.company).to.equal(acme);
      await em.flush();
      expect(asNumber(await column(ids.ann))).to.equal(ids.globex);
      expect(ann.company).not.to.equal(acme);
      expect(ann.company?.id).to.equal(ids.globex);
      expect(ann.company).to.equal(em.getReference(SfkCompany, ids.globex));
      expect(em.plan().isEmpty).to.equal(true);

      const globex = await em.findOneOrFail(SfkCompany, { id: ids.globex });
      const bob = await em.findOneOrFail(SfkStaff, { id: ids.bob });
      bob.companyId = null;
      await em.flush();
      expect(await column(ids.bob)).to.equal(null);
      expect(bob.company).to.equal(null);
      const cyd = await em.findOneOrFail(SfkStaff, { id: ids.cyd });
      cyd.companyId = ids.globex;
      await em.flush();
      expect(cyd.company).to.equal(globex);
    });

    it('both changed and agreeing is one write', async () => {
      const em = orm.em.fork();
      const ann = await em.findOneOrFail(SfkStaff, { id: ids.ann });
      ann.company = em.getReference(SfkCompany, ids.globex);
      ann.companyId = ids.globex;
      await em.flush();
      expect(asNumber(await column(ids.ann))).to.equal(ids.globex);
      expect(ann.companyId).to.equal(ids.globex);
    });

    it('both changed and disagreeing is an EntityStateError naming both, before any SQL, the EntityManager unchanged', async () => {
      const em = orm.em.fork();
      const ann = await em.findOneOrFail(SfkStaff, { id: ids.ann });
      const globex = await em.findOneOrFail(SfkCompany, { id: ids.globex });
      ann.company = globex;
      ann.companyId = ids.acme + ids.globex + 100;
      statements = [];
      const error = await expectRejection(em.flush(), EntityStateError);
      expect(error.message).to.contain(
        `SfkStaff#${ids.ann}.companyId and SfkStaff#${ids.ann}.company were both changed and disagree`,
      );
      expect(statements).to.deep.equal([]);
      expect(() => em.plan()).to.throw(EntityStateError);
      expect(ann.company).to.equal(globex);
      expect(ann.companyId).to.equal(ids.acme + ids.globex + 100);
      ann.companyId = ids.globex;
      await em.flush();
      expect(asNumber(await column(ids.ann))).to.equal(ids.globex);
    });

    it('a new entity with only the scalar set: the INSERT writes it, and the relation follows', async () => {
      const em = orm.em.fork();
      const dee = new SfkStaff('Dee');
      dee.companyId = ids.acme;
      em.persist(dee);
      await em.flush();
      expect(asNumber(await column(dee.id as number))).to.equal(ids.acme);
      expect(dee.company?.id).to.equal(ids.acme);
      const fresh = await orm.em.fork().findOneOrFail(SfkStaff, { id: dee.id as number });
      expect(fresh.companyId).to.equal(ids.acme);
    });

    it('a new entity with the relation set: the scalar follows; set to another key beside it, refused', async () => {
      const em = orm.em.fork();
      const acme = await em.findOneOrFail(SfkCompany, { id: ids.acme });
      const eve = new SfkStaff('Eve');
      eve.company = acme;
      em.persist(eve);
      await em.flush();
      expect(eve.companyId).to.equal(ids.acme);

      const fay = new SfkStaff('Fay');
      fay.company = acme;
      fay.companyId = ids.globex;
      em.persist(fay);
      statements = [];
      const error = await expectRejection(em.flush(), EntityStateError);
      expect(error.message).to.contain('SfkStaff#?.companyId and SfkStaff#?.company were both changed and disagree');
      expect(statements).to.deep.equal([]);
      expect(fay.id).to.equal(undefined);
    });

    it('a scalar moved away from a parent removed in the same flush is written; the relation follows it after COMMIT', async () => {
      const em = orm.em.fork();
      const bob = await em.findOneOrFail(SfkStaff, { id: ids.bob });
      const globex = await em.findOneOrFail(SfkCompany, { id: ids.globex });
      em.remove(globex);
      bob.companyId = ids.acme;
      await em.flush();
      expect(asNumber(await column(ids.bob))).to.equal(ids.acme);
      expect(bob.companyId).to.equal(ids.acme);
      expect(bob.company?.id).to.equal(ids.acme);
    });

    it('an entity written while its relation and unchanged scalar point at a parent removed in the same flush is still refused', async () => {
      const em = orm.em.fork();
      const ann = await em.findOneOrFail(SfkStaff, { id: ids.ann });
      const acme = await em.findOneOrFail(SfkCompany, { id: ids.acme });
      em.remove(acme);
      ann.name = 'Ann Renamed';
      statements = [];
      const error = await expectRejection(em.flush(), EntityStateError);
      expect(error.message).to.contain('scheduled for removal');
      expect(statements).to.deep.equal([]);
    });

    it('a value of the wrong type is a ValueError naming the property, before any SQL', async () => {
      const em = orm.em.fork();
      const ann = await em.findOneOrFail(SfkStaff, { id: ids.ann });
      ann.companyId = 'acme' as unknown as number;
      statements = [];
      const error = await expectRejection(em.flush(), ValueError);
      expect(error.message).to.match(/^SfkStaff\.companyId: Cannot write "acme" to column company_id/);
      expect(statements).to.deep.equal([]);

      const em2 = orm.em.fork();
      const gus = new SfkStaff('Gus');
      gus.companyId = 1.5;
      em2.persist(gus);
      const inserted = await expectRejection(em2.flush(), ValueError);
      expect(inserted.message).to.match(/^SfkStaff\.companyId: /);
    });
  });

  describe('a UUID key, on an owning one-to-one', () => {
    it('the scalar takes a key made while planning, reads back, filters, and is written alone', async () => {
      const em = orm.em.fork();
      const [reds, blues] = [new SfkTeam('Reds'), new SfkTeam('Blues')];
      const player = new SfkPlayer();
      player.team = reds;
      em.persist(reds, blues, player);
      await em.flush();
      expect(player.teamId).to.be.a('string').and.equal(reds.id);
      const fresh = orm.em.fork();
      const found = await fresh.findOneOrFail(SfkPlayer, { teamId: reds.id as string });
      expect(found.teamId).to.equal(reds.id);
      found.teamId = blues.id as string;
      await fresh.flush();
      expect(found.team?.id).to.equal(blues.id);
      const again = await orm.em.fork().findOneOrFail(SfkPlayer, { id: player.id as number });
      expect(again.teamId).to.equal(blues.id);
      await orm.db.execute(sql`delete from t_sfk_players`);
      await orm.db.execute(sql`delete from t_sfk_teams`);
    });
  });

  describe('outside a flush', () => {
    it('updateWhere sets the column through the scalar; managed instances take both sides, not dirty', async () => {
      const em = orm.em.fork();
      const ann = await em.findOneOrFail(SfkStaff, { id: ids.ann });
      const globex = await em.findOneOrFail(SfkCompany, { id: ids.globex });
      expect(await em.updateWhere(SfkStaff, { id: ids.ann }, { companyId: ids.globex })).to.equal(1);
      expect(asNumber(await column(ids.ann))).to.equal(ids.globex);
      expect(ann.companyId).to.equal(ids.globex);
      expect(ann.company).to.equal(globex);
      expect(em.plan().isEmpty).to.equal(true);
      await em.updateWhere(SfkStaff, { id: ids.ann }, { company: ids.acme });
      expect(ann.companyId).to.equal(ids.acme);
      expect(em.plan().isEmpty).to.equal(true);
    });

    it('assign and upsert write the scalar', async () => {
      const em = orm.em.fork();
      const ann = await em.findOneOrFail(SfkStaff, { id: ids.ann });
      em.assign(ann, { companyId: ids.globex });
      await em.flush();
      expect(asNumber(await column(ids.ann))).to.equal(ids.globex);
      const cyd = await orm.em
        .fork()
        .upsert(SfkStaff, { id: ids.cyd, name: 'Cyd', companyId: ids.acme }, { conflict: ['id'] });
      expect(asNumber(await column(ids.cyd))).to.equal(ids.acme);
      expect(cyd.companyId).to.equal(ids.acme);
      expect(cyd.company?.id).to.equal(ids.acme);
    });
  });
});

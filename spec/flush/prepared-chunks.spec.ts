/**
 * MySQL/MariaDB run statements as server-side prepared statements cached by their text
 * (DialectCapabilities.preparedChunkRows): a flush cuts a multi-row INSERT into chunks of 512 rows
 * and one statement for the rest, so the full chunks of every flush share one text. PostgreSQL and SQLite
 * keep one statement per bind ceiling.
 */
import { expect } from 'chai';
import { Tabula } from '../../lib';
import { sql } from '../../lib/sql';
import { Employee, uowMappers } from '../entity-manager/support/entities';
import { describeEachDialect } from '../support/matrix';

describeEachDialect('flush chunks shaped for prepared statements', (ctx) => {
  let orm: Tabula;
  before(async () => {
    orm = await Tabula.connect({ url: ctx.url, mappers: [...uowMappers] });
    await orm.schema.drop();
    await orm.schema.create();
  });
  after(async () => {
    await orm.schema.drop();
    await orm.close();
  });

  it('inserts 1,300 rows in chunks of 512, 512, 276 on MySQL/MariaDB (updates and deletes in one statement), in one statement elsewhere', async () => {
    const em = orm.em.fork();
    const people = Array.from({ length: 1300 }, (_, i) => new Employee(`e${i}`));
    em.persist(...people);
    const sizes = () => em.plan().steps.flatMap((s) => s.statements.map((st) => st.end - st.start));
    const expected = ctx.dialect === 'mysql' ? [512, 512, 276] : [1300];
    expect(sizes()).to.deep.equal(expected);
    const texts = new Set(em.plan().steps.flatMap((s) => s.statements.map((st) => st.sql)));
    expect(texts.size).to.equal(ctx.dialect === 'mysql' ? 2 : 1);
    await em.flush();
    for (const p of people) p.name = `${p.name}!`;
    expect(sizes()).to.deep.equal([1300]);
    await em.flush();
    em.remove(...people);
    expect(sizes()).to.deep.equal([1300]);
    const result = await em.flush();
    expect(result.affected.deleted).to.deep.equal({ t_uow_employees: 1300 });
    const [row] = await orm.db.query<{ n: unknown }>(sql`select count(*) as n from t_uow_employees`);
    expect(Number(row?.n)).to.equal(0);
  });
});

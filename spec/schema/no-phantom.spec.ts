/**
 * The headline promise of the schema diff: a schema created from the mappers diffs to nothing, on
 * every dialect — no statement, nothing held back, no suggestion, no warning.
 */
import { expect } from 'chai';
import { Tabula } from '../../lib';
import { describeEachDialect } from '../support/matrix';
import { applyDown, differences } from './support/evolve';
import { phantomMappers } from './support/phantom-mappers';

describeEachDialect('schema diff: no phantoms', (ctx) => {
  let orm: Tabula;

  before(async () => {
    orm = await Tabula.connect({ url: ctx.url, mappers: phantomMappers });
    await orm.schema.drop();
    await orm.schema.create();
  });
  after(async () => {
    await orm?.schema.drop();
    await orm?.close();
  });

  it('a schema created from the mappers introspects as the mappers describe it', async () => {
    const live = await orm.schema.introspect();
    const desired = orm.schema.desired();
    const strip = (m: typeof live) =>
      m.tables.map((t) => ({
        ...t,
        checks: [],
        uniques: t.uniques.map((u) => u.columns.join(',')).sort(),
        // Order and constraint names are the server's choice; the diff compares neither.
        indexes: [...t.indexes].sort((x, y) => (x.name < y.name ? -1 : 1)),
        foreignKeys: t.foreignKeys
          .map(({ name: _n, ...f }) => f)
          .sort((x, y) => (x.columns.join() < y.columns.join() ? -1 : 1)),
      }));
    const a = strip(live);
    const d = strip(desired);
    expect(a.map((t) => t.name)).to.deep.equal(d.map((t) => t.name));
    a.forEach((t, i) => {
      for (const key of ['columns', 'primaryKey', 'uniques', 'indexes', 'foreignKeys'] as const)
        expect({ table: t.name, key, value: t[key] }).to.deep.equal({ table: t.name, key, value: d[i]?.[key] });
    });
  });

  it('update() on an empty database creates what create() does (FK cycle included), and down drops it all', async () => {
    const created = await orm.schema.introspect();
    await orm.schema.drop();
    const diff = await orm.schema.update();
    expect(diff.changes.map((c) => c.kind).every((k) => k === 'create-table')).to.equal(true);
    expect((await orm.schema.diff({ allowDestructive: true })).up).to.deep.equal([]);
    expect(differences(orm, created, await orm.schema.introspect())).to.deep.equal([]);
    await applyDown(orm, diff);
    expect((await orm.schema.introspect()).tables).to.deep.equal([]);
    await orm.schema.create();
  });

  it('diffs to nothing: every column kind, composite keys, embeddables, STI, pivots, indexes, FK cycles, partial uniques, defaultSql', async () => {
    const diff = await orm.schema.diff({ allowDestructive: true });
    expect({
      changes: diff.changes.map((c) => c.description),
      heldBack: diff.heldBack.map((c) => c.description),
      suggestions: diff.suggestions,
      warnings: diff.warnings,
      up: diff.up,
    }).to.deep.equal({ changes: [], heldBack: [], suggestions: [], warnings: [], up: [] });
    await orm.schema.verify();
  });
});

/**
 * Safe by default and renames, on every dialect with rows in the tables: drops and narrowing are
 * held back until allowed; `renamedFrom` on a property or a mapper renames (the data kept); a
 * dropped and an added column of one type is a suggestion, never a guessed rename.
 */
import { expect } from 'chai';
import type { Tabula } from '../../lib';
import { defineEntity, p } from '../../lib/mapping';
import { describeEachDialect } from '../support/matrix';
import { applyDown, differences, exec, open, rows } from './support/evolve';

class Pen {
  id?: number;
  label = '';
  notes: string | null = null;
}
class PenNoNotes {
  id?: number;
  label = '';
}
class PenNarrow {
  id?: number;
  label = '';
  notes: string | null = null;
}
class PenRenamed {
  id?: number;
  label = '';
  remarks: string | null = null;
}
class Ink {
  id?: number;
  label = '';
  notes: string | null = null;
}

const base = {
  id: p.integer().primaryKey().generated(),
  label: p.string({ length: 40 }).index('ix_ev_pens_label'),
};
const pens = defineEntity(Pen, { table: 't_sr_pens', properties: { ...base, notes: p.text().nullable() } });
const noNotes = defineEntity(PenNoNotes, {
  table: 't_sr_pens',
  properties: { id: base.id, label: p.string({ length: 40 }) },
});
const narrow = defineEntity(PenNarrow, {
  table: 't_sr_pens',
  properties: { ...base, label: p.string({ length: 10 }).index('ix_ev_pens_label'), notes: p.text().nullable() },
});
const renamedColumn = defineEntity(PenRenamed, {
  table: 't_sr_pens',
  properties: { ...base, remarks: p.text().nullable().renamedFrom('notes') },
});
const guessed = defineEntity(PenRenamed, { table: 't_sr_pens', properties: { ...base, remarks: p.text().nullable() } });
const renamedTable = defineEntity(Ink, {
  table: 't_sr_inks',
  renamedFrom: 't_sr_pens',
  properties: { ...base, notes: p.text().nullable() },
});

describeEachDialect('schema diff: safe by default, renames', (ctx) => {
  let orm: Tabula;
  const opened: Tabula[] = [];
  const with_ = async (mapper: Parameters<typeof open>[1][number]) => {
    const o = await open(ctx.url, [mapper]);
    opened.push(o);
    return o;
  };

  before(async () => {
    orm = await with_(pens);
  });
  beforeEach(async () => {
    await exec(orm, 'DROP TABLE IF EXISTS t_sr_inks');
    await orm.schema.drop();
    await orm.schema.create();
    await exec(orm, "INSERT INTO t_sr_pens (label, notes) VALUES ('blue', 'leaks'), ('red', NULL)");
  });
  after(async () => {
    await exec(orm, 'DROP TABLE IF EXISTS t_sr_inks');
    await orm?.schema.drop();
    for (const o of opened) await o.close();
  });

  it('holds back a dropped column and index, and lists them, until allowDestructive', async () => {
    const next = await with_(noNotes);
    const held = await next.schema.update();
    expect(held.changes).to.deep.equal([]);
    expect(held.heldBack.map((c) => c.description)).to.deep.equal([
      't_sr_pens: index ix_ev_pens_label (label) in the database, not in the mappers',
      't_sr_pens.notes: in the database, not in the mappers (dropping it loses its data)',
    ]);
    expect(await rows(next, 'SELECT notes FROM t_sr_pens ORDER BY id')).to.deep.equal([
      { notes: 'leaks' },
      { notes: null },
    ]);

    const before = await orm.schema.introspect();
    const dropped = await next.schema.update({ allowDestructive: true });
    expect(dropped.heldBack).to.deep.equal([]);
    expect(await rows(next, 'SELECT label FROM t_sr_pens ORDER BY id')).to.deep.equal([
      { label: 'blue' },
      { label: 'red' },
    ]);
    await next.schema.verify();
    // down brings the column and index back (the values of a dropped column are gone for good).
    await applyDown(next, dropped);
    expect(differences(orm, before, await orm.schema.introspect())).to.deep.equal([]);
  });

  it('holds back a narrower type', async () => {
    const next = await with_(narrow);
    const diff = await next.schema.update();
    if (ctx.dialect === 'sqlite') {
      // SQLite stores every string as TEXT whatever its length (Tabula checks lengths on write):
      // there is no type to narrow, and nothing to change.
      expect(diff.changes.concat(diff.heldBack)).to.deep.equal([]);
      return;
    }
    expect(diff.changes).to.deep.equal([]);
    expect(diff.heldBack.map((c) => [c.kind, c.destructive])).to.deep.equal([['alter-column', true]]);
    expect(diff.heldBack[0]?.description).to.match(/^t_sr_pens\.label: .*\(narrows the type\)$/);
  });

  it('renames a column named by renamedFrom: the data kept, and down renames it back', async () => {
    const next = await with_(renamedColumn);
    const diff = await next.schema.update();
    expect(diff.changes.map((c) => c.description)).to.deep.equal(['t_sr_pens.remarks: renamed from notes']);
    expect(diff.suggestions).to.deep.equal([]);
    expect(await rows(next, 'SELECT remarks FROM t_sr_pens ORDER BY id')).to.deep.equal([
      { remarks: 'leaks' },
      { remarks: null },
    ]);
    await next.schema.verify();
    await applyDown(next, diff);
    expect(await rows(orm, 'SELECT notes FROM t_sr_pens ORDER BY id')).to.deep.equal([
      { notes: 'leaks' },
      { notes: null },
    ]);
  });

  it('renames a table named by a mapper’s renamedFrom, rows kept', async () => {
    const next = await with_(renamedTable);
    const diff = await next.schema.update();
    expect(diff.changes.map((c) => c.description)).to.deep.equal(['t_sr_inks: renamed from t_sr_pens']);
    expect(await rows(next, 'SELECT label FROM t_sr_inks ORDER BY id')).to.deep.equal([
      { label: 'blue' },
      { label: 'red' },
    ]);
    await next.schema.verify();
    await applyDown(next, diff);
    expect(await rows(orm, 'SELECT label FROM t_sr_pens ORDER BY id')).to.deep.equal([
      { label: 'blue' },
      { label: 'red' },
    ]);
  });

  it('suggests a probable rename without renamedFrom, and never guesses it', async () => {
    const next = await with_(guessed);
    const diff = await next.schema.diff();
    expect(diff.suggestions).to.have.length(1);
    expect(diff.suggestions[0]).to.match(
      /^t_sr_pens\.remarks may be t_sr_pens\.notes renamed \(same type \w+\): if it is, write \.renamedFrom\('notes'\) on its property — without it notes is dropped and its data lost\.$/,
    );
    expect(diff.changes.map((c) => c.kind)).to.deep.equal(['add-column']);
    expect(diff.heldBack.map((c) => c.kind)).to.deep.equal(['drop-column']);
  });
});

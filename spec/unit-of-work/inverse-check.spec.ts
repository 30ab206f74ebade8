/**
 * The generated pass that looks for inverse-side changes (lib/unit-of-work/inverse-check.ts): it
 * picks every entry whose inverse sides may need carrying over — and, so the common flush costs
 * nothing measurable, no other — and skips a class without inverse relations by metadata alone.
 */
import { expect } from 'chai';
import { sqliteTypes } from '../../lib/dialects/sqlite/types';
import { MetadataRegistry } from '../../lib/mapping';
import { type EntityEntry, newEntry } from '../../lib/unit-of-work/entity-entry';
import { compileInverseCheck, inverseCheckSource } from '../../lib/unit-of-work/inverse-check';
import { Novel, uowMappers, Writer } from '../entity-manager/support/entities';

const registry = new MetadataRegistry([...uowMappers]);
const writerMeta = registry.get(Writer);
const novelMeta = registry.get(Novel);
const booksOfWriter = [
  {
    relation: writerMeta.relations.find((r) => r.name === 'books')!,
    owning: novelMeta.relations.find((r) => r.name === 'writer')!,
  },
];

/** A managed entry as after a load or a flush: snapshot taken, `books` recorded when `recorded`. */
function managed(entity: Writer | Novel, key: number, recorded = true): EntityEntry {
  const meta = entity instanceof Writer ? writerMeta : novelMeta;
  const entry = newEntry('managed', entity, meta, key, true);
  entry.snapshot = registry.hotPaths(meta, sqliteTypes).snapshot(entity);
  if (entity instanceof Writer && recorded) entry.members = new Map([['books', [...entity.books]]]);
  return entry;
}

describe('the generated inverse-side check of a flush', () => {
  const checkWriters = compileInverseCheck(writerMeta, booksOfWriter);

  it('picks only the entries whose inverse arrays differ from their recorded members, and stops at the next class', () => {
    const [ann, bob, cy] = ['Ann', 'Bob', 'Cy'].map((n) => new Writer(n)) as [Writer, Writer, Writer];
    const first = new Novel('A', ann);
    ann.books.push(first);
    const entries = [managed(ann, 1), managed(bob, 2), managed(cy, 3), managed(first, 4)];
    bob.books.push(new Novel('B', bob));
    cy.books = [...cy.books]; // a copy holding the same members is no change
    const picked: EntityEntry[] = [];
    expect(checkWriters(entries, 0, (e) => picked.push(e))).to.equal(3);
    expect(picked.map((e) => e.entity)).to.deep.equal([bob]);
  });

  it('skips removed and uninitialised entries, picks new ones with an array, and unrecorded arrays only when not empty', () => {
    const writers = ['A', 'B', 'C', 'D', 'E'].map((n) => new Writer(n));
    const entries = writers.map((w, i) => managed(w, i + 1, i < 2));
    for (const w of writers.slice(0, 2)) w.books.push(new Novel('x', w));
    (entries[0] as EntityEntry).state = 'removed';
    (entries[1] as EntityEntry).isInitialized = false;
    (entries[2] as EntityEntry).state = 'new'; // empty array, never recorded: carried (nothing to carry)
    (writers[3] as Writer).books.push(new Novel('y', writers[3] as Writer)); // managed, unrecorded, not empty: refused later
    const picked: EntityEntry[] = [];
    expect(checkWriters(entries, 0, (e) => picked.push(e))).to.equal(5);
    expect(picked.map((e) => e.entity)).to.deep.equal([writers[2], writers[3]]);
  });

  it('gives a class without inverse relations no generated code: its run is skipped without reading an entity', () => {
    const check = compileInverseCheck(novelMeta, []);
    const ann = new Writer('Ann');
    const entries = [managed(new Novel('A', ann), 1), managed(new Novel('B', ann), 2), managed(ann, 3)];
    let carried = 0;
    expect(check(entries, 0, () => carried++)).to.equal(2);
    expect(carried).to.equal(0);
  });

  it('prints the check it compiles, one condition per inverse relation', () => {
    const source = inverseCheckSource(writerMeta, booksOfWriter);
    expect(source).to.contain('function inverseCheckWriter(entries, from, carry)');
    expect(source).to.contain('entry.members.get("books")');
  });
});

/**
 * The flush's first pass (lib/unit-of-work/flush-scan.ts with inverse-check.ts's conditions): the
 * generated scan of a class with inverse relations also picks every entry whose inverse sides may
 * need carrying over — and, so the common flush costs nothing measurable, no other — while it
 * sorts and compares the entries exactly as the plain scan does; a class without inverse relations
 * has no check at all.
 */
import { expect } from 'chai';
import { sqliteTypes } from '../../lib/dialects/sqlite/types';
import { MetadataRegistry } from '../../lib/mapping';
import { type EntityEntry, newEntry } from '../../lib/unit-of-work/entity-entry';
import { compileFlushScan, type FlushScan, flushScanSource, ScanFound } from '../../lib/unit-of-work/flush-scan';
import { inverseRelations } from '../../lib/unit-of-work/inverse-check';
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

const writerRelations = {
  cascadePersist: writerMeta.relations.filter((r) => r.cascade.includes('persist')),
  ownsOrphans: false,
  ownsPivots: false,
};
const noEntry = () => undefined;

/** Runs a scan from `from`; returns where it stopped, what it found and the entries it handed to `carry`. */
function run(scan: FlushScan, entries: EntityEntry[], from = 0) {
  const found = new ScanFound();
  const picked: EntityEntry[] = [];
  const next = scan(entries, from, found, noEntry, (e) => picked.push(e));
  return { next, found, picked: picked.map((e) => e.entity) };
}

describe('the inverse-side check in the generated scan of a flush', () => {
  const checkWriters = compileFlushScan(writerMeta, writerRelations, booksOfWriter);
  const plainWriters = compileFlushScan(writerMeta, writerRelations);

  it('finds the inverse relations that name their owning side', () => {
    expect(inverseRelations(writerMeta)).to.deep.equal(booksOfWriter);
    expect(inverseRelations(novelMeta)).to.deep.equal([]);
  });

  it('picks only the entries whose inverse arrays differ from their recorded members, and stops at the next class', () => {
    const [ann, bob, cy] = ['Ann', 'Bob', 'Cy'].map((n) => new Writer(n)) as [Writer, Writer, Writer];
    const first = new Novel('A', ann);
    ann.books.push(first);
    const entries = [managed(ann, 1), managed(bob, 2), managed(cy, 3), managed(first, 4)];
    bob.books.push(new Novel('B', bob));
    cy.books = [...cy.books]; // a copy holding the same members is no change
    const { next, found, picked } = run(checkWriters, entries);
    expect(next).to.equal(3);
    expect(picked).to.deep.equal([bob]);
    // What it sorts and compares is what the plain scan finds.
    const plain = new ScanFound();
    plainWriters(entries, 0, plain, noEntry);
    expect(found).to.deep.equal(plain);
    expect(found.walk.map((e) => e.entity)).to.deep.equal([bob]);
  });

  it('skips removed and uninitialised entries, picks new ones with an array, and unrecorded arrays only when not empty', () => {
    const writers = ['A', 'B', 'C', 'D', 'E'].map((n) => new Writer(n));
    const entries = writers.map((w, i) => managed(w, i + 1, i < 2));
    for (const w of writers.slice(0, 2)) w.books.push(new Novel('x', w));
    (entries[0] as EntityEntry).state = 'removed';
    (entries[1] as EntityEntry).isInitialized = false;
    (entries[2] as EntityEntry).state = 'new'; // empty array, never recorded: carried (nothing to carry)
    (writers[3] as Writer).books.push(new Novel('y', writers[3] as Writer)); // managed, unrecorded, not empty: refused later
    const { next, found, picked } = run(checkWriters, entries);
    expect(next).to.equal(5);
    expect(picked).to.deep.equal([writers[2], writers[3]]);
    expect(found.removed.map((e) => e.entity)).to.deep.equal([writers[0]]);
  });

  it('gives a class without inverse relations no check: its scan never calls carry', () => {
    const novelRelations = { cascadePersist: [], ownsOrphans: false, ownsPivots: false };
    const scan = compileFlushScan(novelMeta, novelRelations, inverseRelations(novelMeta));
    const ann = new Writer('Ann');
    const entries = [managed(new Novel('A', ann), 1), managed(new Novel('B', ann), 2), managed(ann, 3)];
    const { next, picked } = run(scan, entries);
    expect(next).to.equal(2);
    expect(picked).to.deep.equal([]);
    expect(flushScanSource(novelMeta, novelRelations, [])).not.to.contain('carry');
  });

  it('prints the scan it compiles, reading each array once for both the inverse check and the cascade walk', () => {
    const source = flushScanSource(writerMeta, writerRelations, booksOfWriter);
    expect(source).to.contain('function scanWriter(entries, from, found, entryOf, carry)');
    // Once on the path of a new entry, once on that of a managed one.
    expect(source.split('entry.members.get("books")')).to.have.length(3);
  });
});

import { join } from 'node:path';
import { expect } from 'chai';
import { sqliteTypes } from '../../lib/dialects/sqlite/types';
import { type ColumnChange, type EntityMetadata, MetadataRegistry, NO_CHANGES } from '../../lib/mapping';
import { GeneratedSource } from '../../lib/mapping/hot-paths/generated-source';
import type { ChangeSet } from '../../lib/unit-of-work';
import { type EntityEntry, newEntry } from '../../lib/unit-of-work/entity-entry';
import { describeFlushScan, flushScan } from '../../lib/unit-of-work/collect-changes';
import { ScanFound, sameMembers } from '../../lib/unit-of-work/flush-scan';
import { membersOf } from '../../lib/unit-of-work/unit-of-work';
import { Article, Novel, pivotMappers, uowMappers, Writer } from '../entity-manager/support/entities';
import { expectGolden } from '../support/golden';

const registry = new MetadataRegistry([...uowMappers, ...pivotMappers]);
const writerMeta = registry.get(Writer);
const novelMeta = registry.get(Novel);
const paths = (meta: typeof writerMeta) => registry.hotPaths(meta, sqliteTypes);

/** A managed entry with its snapshot taken now, as after a load or a flush. */
function managed(entity: Writer | Novel, key: number): EntityEntry {
  const meta = entity instanceof Writer ? writerMeta : novelMeta;
  (entity as { id?: number }).id = key;
  const entry = newEntry('managed', entity, meta, key, true);
  entry.snapshot = paths(meta).snapshot(entity);
  if (entity instanceof Writer) entry.members = new Map([['books', [...entity.books]]]);
  return entry;
}

function pairs(out: readonly ChangeSet[]): [unknown, readonly ColumnChange[]][] {
  return out.map((c) => [c.entry.entity, c.changes]);
}

const scanWriters = flushScan(writerMeta);
const scanNovels = flushScan(novelMeta);
const unknown = () => undefined;

describe('the generated scan of a flush', () => {
  it('compares a run of one class, stops at the next class, and reports only changed entries', () => {
    const ann = new Writer('Ann');
    const bob = new Writer('Bob');
    const novel = new Novel('A', ann);
    const entries = [managed(ann, 1), managed(bob, 2), managed(novel, 3), managed(new Writer('Cy'), 4)];
    bob.name = 'Robert';
    const found = new ScanFound();
    expect(scanWriters(entries, 0, found, unknown)).to.equal(2);
    expect(pairs(found.compared)).to.deep.equal([
      [bob, [{ column: 'name', property: 'name', old: 'Bob', new: 'Robert' }]],
    ]);
    expect(scanNovels(entries, 2, found, unknown)).to.equal(3);
    expect(found.compared).to.have.length(1);
  });

  it('compares no entry that is removed, new, uninitialized or without a snapshot', () => {
    const writers = ['A', 'B', 'C', 'D', 'E'].map((n) => new Writer(n));
    const entries = writers.map((w, i) => managed(w, i + 1));
    for (const w of writers) w.name += '!';
    (entries[0] as EntityEntry).state = 'removed';
    (entries[1] as EntityEntry).state = 'new';
    (entries[2] as EntityEntry).isInitialized = false;
    (entries[3] as EntityEntry).snapshot = undefined;
    const found = new ScanFound();
    expect(scanWriters(entries, 0, found, unknown)).to.equal(5);
    expect(pairs(found.compared).map(([w]) => w)).to.deep.equal([writers[4]]);
  });

  it('reports an unchanged entry whose reference points at an entity without a key yet', () => {
    const ann = new Writer('Ann');
    const entries = [managed(ann, 1)];
    const keyed = new ScanFound();
    scanWriters(entries, 0, keyed, unknown);
    expect(keyed.compared).to.deep.equal([]);
    ann.favourite = new Novel('New', ann);
    ann.books = (entries[0] as EntityEntry).members.get('books') as Novel[];
    const found = new ScanFound();
    scanWriters(entries, 0, found, unknown);
    // Its column reads as still null (no key yet): the caller adds the reference if that entity is inserted.
    expect(found.compared).to.have.length(1);
    expect(found.compared[0]?.entry).to.equal(entries[0]);
    expect(found.compared[0]?.changes).to.equal(NO_CHANGES);
  });

  it('picks out removed and new entries, changed cascade arrays, and orphan owners, in order', () => {
    const plain = new Writer('Plain');
    const grown = new Writer('Grown');
    const gone = new Writer('Gone');
    const entries = [managed(plain, 1), managed(grown, 2), managed(gone, 3)];
    grown.books.push(new Novel('N', grown));
    (entries[2] as EntityEntry).state = 'removed';
    const fresh = newEntry('new', new Writer('Fresh'), writerMeta, undefined, true);
    entries.push(fresh);
    const found = new ScanFound();
    expect(scanWriters(entries, 0, found, unknown)).to.equal(4);
    expect(found.removed.map((e) => e.entity)).to.deep.equal([gone]);
    expect(found.walk.map((e) => e.entity)).to.deep.equal([grown, fresh.entity]);
    expect(found.orphanOwners.map((e) => e.entity)).to.deep.equal([plain, grown]);
    expect(found.pivotOwners).to.deep.equal([]);
    expect(found.compared).to.deep.equal([]);
  });

  // One test per file, so an update run (TABULA_UPDATE_GOLDEN=1) rewrites and reports each file that differs.
  const golden: Record<string, EntityMetadata> = {
    'writer-flush-scan.txt': writerMeta,
    'novel-flush-scan.txt': novelMeta,
    'article-flush-scan.txt': registry.get(Article),
  };
  for (const [file, meta] of Object.entries(golden)) {
    it(`prints the source it runs, against golden/${file}`, () => {
      expectGolden(join(__dirname, 'golden', file), describeFlushScan(meta));
    });
  }

  it('prints the first scan of a flush, which looks for inverse-side changes too, against golden/writer-flush-scan-carrying.txt', () => {
    expectGolden(join(__dirname, 'golden', 'writer-flush-scan-carrying.txt'), describeFlushScan(writerMeta, true));
  });

  it('keeps what a comparison threw, with its entry, for the caller to raise or drop', () => {
    const ann = new Writer('Ann');
    const entries = [managed(ann, 1)];
    Object.defineProperty(ann, 'name', {
      get() {
        throw new RangeError('unreadable');
      },
    });
    const found = new ScanFound();
    expect(scanWriters(entries, 0, found, unknown)).to.equal(1);
    expect(found.failed).to.have.length(1);
    expect(found.failed[0]?.entry).to.equal(entries[0]);
    expect(found.failed[0]?.error).to.be.instanceOf(RangeError);
    expect(found.compared).to.deep.equal([]);
  });

  it('refuses a generator binding one constant name to two values', () => {
    const src = new GeneratedSource();
    src.constant('META', writerMeta, 'one');
    expect(src.constant('META', writerMeta, 'again')).to.equal('META');
    expect(() => src.constant('META', novelMeta, 'another')).to.throw('the constant META is already bound');
  });

  it('compares members by identity and order, and treats missing recorded members as changed', () => {
    const a = {};
    const b = {};
    expect(sameMembers([a, b], [a, b])).to.equal(true);
    expect(sameMembers([a, b], [b, a])).to.equal(false);
    expect(sameMembers([a], [a, b])).to.equal(false);
    expect(sameMembers(undefined, [])).to.equal(false);
    expect(sameMembers([], 'not an array')).to.equal(false);
  });
});

describe('membersOf', () => {
  it('keeps the recorded members when the arrays hold exactly them, and records anew otherwise', () => {
    const ann = new Writer('Ann');
    const first = new Novel('A', ann);
    ann.books.push(first);
    const recorded = membersOf(ann, writerMeta);
    expect(recorded.get('books')).to.deep.equal([first]);
    expect(membersOf(ann, writerMeta, recorded)).to.equal(recorded);
    ann.books.push(new Novel('B', ann));
    const grown = membersOf(ann, writerMeta, recorded);
    expect(grown).to.not.equal(recorded);
    expect(grown.get('books')).to.deep.equal(ann.books);
    expect(grown.get('books')).to.not.equal(ann.books);
    (ann as { books?: Novel[] }).books = undefined;
    expect(membersOf(ann, writerMeta, grown).size).to.equal(0);
  });
});

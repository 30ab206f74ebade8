import { expect } from 'chai';
import { sqliteTypes } from '../../lib/dialects/sqlite/types';
import { type ColumnChange, MetadataRegistry, NO_CHANGES } from '../../lib/mapping';
import { compareScan, describeCompareScan } from '../../lib/unit-of-work/compare-scan';
import { type EntityEntry, newEntry } from '../../lib/unit-of-work/entity-entry';
import { compileSurveyScan, describeSurveyScan, SurveyFound, sameMembers } from '../../lib/unit-of-work/survey-scan';
import { Novel, uowMappers, Writer } from '../entity-manager/support/entities';

const registry = new MetadataRegistry([...uowMappers]);
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

function pairs(out: (EntityEntry | readonly ColumnChange[])[]): [unknown, readonly ColumnChange[]][] {
  const result: [unknown, readonly ColumnChange[]][] = [];
  for (let i = 0; i < out.length; i += 2) {
    result.push([(out[i] as EntityEntry).entity, out[i + 1] as readonly ColumnChange[]]);
  }
  return result;
}

describe('the generated scans of a flush', () => {
  describe('compare scan', () => {
    it('compares a run of one class, stops at the next class, and reports only changed entries', () => {
      const ann = new Writer('Ann');
      const bob = new Writer('Bob');
      const novel = new Novel('A', ann);
      const entries = [managed(ann, 1), managed(bob, 2), managed(novel, 3), managed(new Writer('Cy'), 4)];
      bob.name = 'Robert';
      const out: (EntityEntry | readonly ColumnChange[])[] = [];
      expect(compareScan(writerMeta)(entries, 0, null, null, out)).to.equal(2);
      expect(pairs(out)).to.deep.equal([[bob, [{ column: 'name', property: 'name', old: 'Bob', new: 'Robert' }]]]);
      expect(compareScan(novelMeta)(entries, 2, null, null, out)).to.equal(3);
      expect(out).to.have.length(2);
    });

    it('skips entries that are removed, new, uninitialized, without a snapshot, or in the deleted set', () => {
      const writers = ['A', 'B', 'C', 'D', 'E'].map((n) => new Writer(n));
      const entries = writers.map((w, i) => managed(w, i + 1));
      for (const w of writers) w.name += '!';
      (entries[0] as EntityEntry).state = 'removed';
      (entries[1] as EntityEntry).state = 'new';
      (entries[2] as EntityEntry).isInitialized = false;
      (entries[3] as EntityEntry).snapshot = undefined;
      const out: (EntityEntry | readonly ColumnChange[])[] = [];
      expect(compareScan(writerMeta)(entries, 0, new Set([writers[4] as object]), null, out)).to.equal(5);
      expect(out).to.deep.equal([]);
      compareScan(writerMeta)(entries, 0, null, null, out);
      expect(pairs(out).map(([w]) => w)).to.deep.equal([writers[4]]);
    });

    it('reports an unchanged entry whose reference points at an entity inserted by this flush', () => {
      const ann = new Writer('Ann');
      const novel = new Novel('A', ann);
      const entries = [managed(novel, 1)];
      const fresh = new Writer('New');
      novel.writer = fresh;
      const out: (EntityEntry | readonly ColumnChange[])[] = [];
      compareScan(novelMeta)(entries, 0, null, new Map([[fresh, 0]]), out);
      // The new writer has no key yet: its column reads as unchanged, and the caller adds the reference.
      expect(out[1]).to.equal(NO_CHANGES);
      out.length = 0;
      compareScan(novelMeta)(entries, 0, null, null, out);
      expect(out).to.deep.equal([]);
    });

    it('prints the source it runs', () => {
      const source = describeCompareScan(novelMeta);
      expect(source).to.include('function scanNovel(entries, from, deleted, inserted, out)');
      expect(source).to.include('if (entry.meta !== META) break;');
      expect(source).to.include('inserted.has(r2)');
    });
  });

  describe('survey scan', () => {
    const relations = { cascadePersist: writerMeta.relations.filter((r) => r.name === 'books') };

    it('picks out removed and new entries, changed cascade arrays, and orphan owners, in order', () => {
      const plain = new Writer('Plain');
      const grown = new Writer('Grown');
      const gone = new Writer('Gone');
      const entries = [managed(plain, 1), managed(grown, 2), managed(gone, 3)];
      grown.books.push(new Novel('N', grown));
      (entries[2] as EntityEntry).state = 'removed';
      const fresh = newEntry('new', new Writer('Fresh'), writerMeta, undefined, true);
      entries.push(fresh);
      const found = new SurveyFound();
      const scan = compileSurveyScan(writerMeta, { ...relations, ownsOrphans: true, ownsPivots: false });
      expect(scan(entries, 0, found, () => undefined)).to.equal(4);
      expect(found.removed.map((e) => e.entity)).to.deep.equal([gone]);
      expect(found.walk.map((e) => e.entity)).to.deep.equal([grown, fresh.entity]);
      expect(found.orphanOwners.map((e) => e.entity)).to.deep.equal([plain, grown]);
      expect(found.pivotOwners).to.deep.equal([]);
    });

    it('prints the source it runs, with the cascade relation read inline', () => {
      const source = describeSurveyScan(writerMeta, { ...relations, ownsOrphans: true, ownsPivots: true });
      expect(source).to.include('function surveyWriter(entries, from, found, entryOf)');
      expect(source).to.include('entry.members.get("books")');
      expect(source).to.include('found.pivotOwners.push(entry);');
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
});

import { expect } from 'chai';
import { MetadataRegistry } from '../../lib/mapping';
import { type EntityEntry, newEntry } from '../../lib/unit-of-work/entity-entry';
import { IdentityMap } from '../../lib/unit-of-work/identity-map';
import { Novel, uowMappers, Writer } from '../entity-manager/support/entities';

const registry = new MetadataRegistry(uowMappers);
const writerMeta = registry.get(Writer);
const novelMeta = registry.get(Novel);

const entry = (key: unknown, meta = writerMeta): EntityEntry => newEntry('managed', new Writer('W'), meta, key, true);

// Small non-negative integers near the array's end are held in an array slot, every other key in a
// Map: the two must answer exactly as one Map would (SameValueZero), whichever side a key lands on.
describe('the identity map', () => {
  it('keeps the number 1 and the string "1" apart, as a Map does', () => {
    const map = new IdentityMap();
    const one = entry(1);
    const text = entry('1');
    map.set(one);
    map.set(text);
    expect(map.get(writerMeta, 1)).to.equal(one);
    expect(map.get(writerMeta, '1')).to.equal(text);
    expect(map.size).to.equal(2);
  });

  it('answers keys outside the array range (negative, fractional, huge, bigint, -0) like a Map', () => {
    const map = new IdentityMap();
    const keys = [-1, 1.5, 2 ** 31, 2 ** 53, 5n, 'a\u0000b', 0];
    const entries = keys.map((k) => entry(k));
    for (const e of entries) map.set(e);
    keys.forEach((k, i) => {
      expect(map.get(writerMeta, k), String(k)).to.equal(entries[i]);
    });
    expect(map.get(writerMeta, -0), '-0 is 0').to.equal(entries[6]);
    expect(map.get(writerMeta, 5), 'the number 5 is not 5n').to.equal(undefined);
    expect(map.get(writerMeta, 2), 'a key never set').to.equal(undefined);
    expect(map.size).to.equal(keys.length);
  });

  it('keeps each root class apart', () => {
    const map = new IdentityMap();
    const writer = entry(7);
    const novel = entry(7, novelMeta);
    map.set(writer);
    map.set(novel);
    expect(map.get(writerMeta, 7)).to.equal(writer);
    expect(map.get(novelMeta, 7)).to.equal(novel);
  });

  it('replaces an entry set again under its key, and counts it once', () => {
    const map = new IdentityMap();
    const first = entry(3);
    const second = entry(3);
    map.set(first);
    map.set(second);
    expect(map.get(writerMeta, 3)).to.equal(second);
    expect(map.size).to.equal(1);
  });

  it('deletes an entry only while it holds its key (a replaced entry leaves the new one)', () => {
    const map = new IdentityMap();
    for (const key of [3, 'k']) {
      const first = entry(key);
      const second = entry(key);
      map.set(first);
      map.set(second);
      map.delete(first);
      expect(map.get(writerMeta, key), `replaced, ${typeof key}`).to.equal(second);
      map.delete(second);
      expect(map.get(writerMeta, key), `deleted, ${typeof key}`).to.equal(undefined);
    }
    expect(map.size).to.equal(0);
  });

  it('holds sparse integer keys (V8 may turn the array into a dictionary) and forgets them all on clear', () => {
    const map = new IdentityMap();
    const keys = [1_000_000_000, 5, 0x3fffffff, 70_000];
    for (const k of keys) map.set(entry(k));
    for (const k of keys) expect(map.get(writerMeta, k)?.key, String(k)).to.equal(k);
    expect(map.size).to.equal(keys.length);
    map.clear();
    expect(map.size).to.equal(0);
    for (const k of keys) expect(map.get(writerMeta, k)).to.equal(undefined);
  });

  it('keeps a key the Map took first there when the array grows past it (one place, counted once)', () => {
    const map = new IdentityMap();
    // A fresh EntityManager's first rows are a request's new ids, far past the empty array's end.
    const high = entry(600);
    map.set(high);
    const low = Array.from({ length: 700 }, (_, i) => entry(i));
    for (const e of low) if (e.key !== 600) map.set(e);
    expect(map.get(writerMeta, 600), 'found past the array').to.equal(high);
    expect(map.size).to.equal(700);
    const again = entry(600);
    map.set(again);
    expect(map.get(writerMeta, 600), 'replaced where it was').to.equal(again);
    expect(map.size, 'replaced, not added').to.equal(700);
    map.delete(high);
    expect(map.get(writerMeta, 600), 'the replaced entry deletes nothing').to.equal(again);
    map.delete(again);
    expect(map.get(writerMeta, 600)).to.equal(undefined);
    map.delete(low[5] as EntityEntry);
    expect(map.get(writerMeta, 5)).to.equal(undefined);
    expect(map.get(writerMeta, 6)).to.equal(low[6]);
    expect(map.size).to.equal(698);
  });
});

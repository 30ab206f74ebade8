import { expect } from 'chai';
import { Tabula } from '../../lib';
import { defineEntity, p } from '../../lib/mapping';
import { describeEachDialect } from '../support/matrix';

/** A shelf keyed by two columns (room, num): each key binds two values. */
class Shelf {
  volumes: Volume[] = [];
  constructor(
    public room: string,
    public num: number,
  ) {}
}

class Keeper {
  id?: number;
  volumes: Volume[] = [];
  constructor(public name: string) {}
}

class Volume {
  id?: number;
  constructor(
    public title: string,
    public shelf: Shelf,
    public keeper: Keeper,
  ) {}
}

const ShelfMapper = defineEntity(Shelf, {
  table: 't_chunk_shelves',
  properties: {
    room: p.string({ length: 10 }).primaryKey(),
    num: p.integer().primaryKey(),
    volumes: p.oneToMany(() => Volume, 'shelf'),
  },
});

const KeeperMapper = defineEntity(Keeper, {
  table: 't_chunk_keepers',
  properties: {
    id: p.integer().primaryKey().generated(),
    name: p.string({ length: 10 }),
    volumes: p.oneToMany(() => Volume, 'keeper'),
  },
});

const VolumeMapper = defineEntity(Volume, {
  table: 't_chunk_volumes',
  properties: {
    id: p.integer().primaryKey().generated(),
    title: p.string({ length: 20 }),
    shelf: p.manyToOne(() => Shelf),
    keeper: p.manyToOne(() => Keeper),
  },
});

const mappers = [ShelfMapper, KeeperMapper, VolumeMapper];
const PARENTS = 23;
const MAX_BINDS = 5;
const label = (i: number) => String(i).padStart(2, '0');

describeEachDialect('select-in populate cuts key lists by the bind ceiling and the width of a key', (ctx) => {
  let orm: Tabula | undefined;
  let small: Tabula | undefined;
  before(async () => {
    orm = await Tabula.connect({ url: ctx.url, mappers });
    await orm.schema.drop();
    await orm.schema.create();
    // Shelf i holds volumes "i a" and "i b", both kept by keeper i; rooms alternate so keys differ in both columns.
    const em = orm.em.fork();
    for (let i = 0; i < PARENTS; i++) {
      const shelf = new Shelf(i % 2 === 0 ? 'east' : 'west', i);
      const keeper = new Keeper(`k${label(i)}`);
      em.persist(shelf, keeper, new Volume(`${label(i)} a`, shelf, keeper), new Volume(`${label(i)} b`, shelf, keeper));
    }
    await em.flush();
    small = await Tabula.connect({ url: ctx.url, mappers, capabilities: { maxBindParameters: MAX_BINDS } });
  });
  after(async () => {
    await small?.close();
    if (!orm) return;
    await orm.schema.drop();
    await orm.close();
  });

  /** Runs `work` on the small-ceiling Tabula and returns its result and the SELECTs it sent. */
  async function recorded<T>(work: (t: Tabula) => Promise<T>): Promise<[T, string[]]> {
    const t = small as Tabula;
    const seen: string[] = [];
    const off = t.db.onQuery((e) => {
      seen.push(e.sql);
    });
    try {
      return [await work(t), seen.filter((s) => /^SELECT/i.test(s))];
    } finally {
      off();
    }
  }

  it('loads a one-to-many over composite-key parents in ceil(23 / floor(5 / 2)) = 12 SELECTs, each child on its parent', async () => {
    const [shelves, selects] = await recorded((t) =>
      t.em.fork().find(Shelf, {}, { populate: ['volumes'], orderBy: { num: 'asc' } }),
    );
    expect(selects.length).to.equal(1 + Math.ceil(PARENTS / Math.floor(MAX_BINDS / 2)));
    expect(shelves.map((s) => [s.room, s.num, s.volumes.map((v) => v.title).sort()])).to.deep.equal(
      Array.from({ length: PARENTS }, (_, i) => [i % 2 === 0 ? 'east' : 'west', i, [`${label(i)} a`, `${label(i)} b`]]),
    );
    expect(shelves.every((s) => s.volumes.every((v) => v.shelf === s))).to.equal(true);
  });

  it('loads a to-one to composite-key targets in 12 SELECTs, each child on its own target', async () => {
    const [volumes, selects] = await recorded((t) =>
      t.em.fork().find(Volume, {}, { populate: ['shelf'], orderBy: { title: 'asc' } }),
    );
    expect(selects.length).to.equal(1 + Math.ceil(PARENTS / Math.floor(MAX_BINDS / 2)));
    expect(volumes.map((v) => [v.title, v.shelf.room, v.shelf.num])).to.deep.equal(
      Array.from({ length: PARENTS }, (_, i) => [
        [`${label(i)} a`, i % 2 === 0 ? 'east' : 'west', i],
        [`${label(i)} b`, i % 2 === 0 ? 'east' : 'west', i],
      ]).flat(),
    );
  });

  it('loads a one-to-many over single-column keys in ceil(23 / 5) = 5 SELECTs, each child on its parent', async () => {
    const [keepers, selects] = await recorded((t) =>
      t.em.fork().find(Keeper, {}, { populate: ['volumes'], orderBy: { name: 'asc' } }),
    );
    expect(selects.length).to.equal(1 + Math.ceil(PARENTS / MAX_BINDS));
    expect(keepers.map((k) => [k.name, k.volumes.map((v) => v.title).sort()])).to.deep.equal(
      Array.from({ length: PARENTS }, (_, i) => [`k${label(i)}`, [`${label(i)} a`, `${label(i)} b`]]),
    );
    expect(keepers.every((k) => k.volumes.every((v) => v.keeper === k))).to.equal(true);
  });
});

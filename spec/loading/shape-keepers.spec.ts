import { expect } from 'chai';
import { sqliteTypes } from '../../lib/dialects/sqlite/types';
import { shapeKeepers } from '../../lib/loading/shape-keepers';
import { defineEntity, MetadataRegistry, p } from '../../lib/mapping';
import { markedEntry } from '../../lib/unit-of-work';
import { Novel, uowMappers, Writer } from '../entity-manager/support/entities';

class Guarded {
  id?: number;
  #label = '';
  get label(): string {
    return this.#label;
  }
  set label(value: string) {
    Guarded.setterCalls++;
    this.#label = value;
  }
  static setterCalls = 0;
}

const GuardedMapper = defineEntity(Guarded, {
  table: 't_guarded',
  properties: { id: p.integer().primaryKey(), label: p.string() },
});

const registry = new MetadataRegistry([...uowMappers, GuardedMapper]);
const paths = (cls: Function) => registry.hotPaths(registry.get(cls as new () => object), sqliteTypes);

describe("the models that keep a class's hidden classes alive (shape-keepers.ts)", () => {
  it('makes a hydrated and a referenced model of a plain class: its prototype, null columns, no entry', () => {
    const models = shapeKeepers(registry.get(Novel), paths(Novel));
    expect(models).to.have.length(2);
    for (const model of models) {
      expect(model).to.be.instanceOf(Novel);
      expect(model).to.include({ id: null, title: null, writer: null });
      expect(markedEntry(model), 'no unit of work holds a model').to.equal(undefined);
    }
    // The hydrator's order for one, the key first for the other: the two paths instances take.
    expect(Object.keys(models[0] as object)).to.deep.equal(['id', 'title', 'writer']);
    expect(Object.keys(models[1] as object)[0]).to.equal('id');
  });

  it('makes none for a class whose prototype answers a mapped property (no user code runs on a model)', () => {
    Guarded.setterCalls = 0;
    expect(shapeKeepers(registry.get(Guarded), paths(Guarded))).to.deep.equal([]);
    expect(Guarded.setterCalls).to.equal(0);
  });

  it('a class with to-many relations gets models too, without the to-many arrays', () => {
    const [hydrated] = shapeKeepers(registry.get(Writer), paths(Writer));
    expect(hydrated).to.be.instanceOf(Writer);
    expect(hydrated).to.not.have.property('books');
  });
});

/**
 * Run by shape-models.spec.ts in a process of its own, with V8's `%HaveSameMap` (--allow-natives-syntax)
 * and `gc()` (--expose-gc): flushes a few rows through a real SQLite EntityManager, collects garbage
 * twice, then makes each kind of per-flush object again the way a flush makes it and prints, per
 * class, whether it has the hidden class of its held model.
 */
import { Tabula } from '../../../lib';
import { GeneratedKeys } from '../../../lib/flush';
import { AffectedCounter } from '../../../lib/flush/flush-result';
import { defineEntity, heldShapeModels, p } from '../../../lib/mapping';
import { CompileContext, ValueRows } from '../../../lib/sql';
import { ScanFound } from '../../../lib/unit-of-work/flush-scan';
import { unitOfWorkOf } from '../../support/internals';

class Note {
  id?: number;
  constructor(public text: string) {}
}
const NoteMapper = defineEntity(Note, {
  table: 't_shape_notes',
  properties: { id: p.integer().primaryKey().generated(), text: p.string({ length: 40 }) },
});

const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
const collect = (global as unknown as { gc: () => void }).gc;

async function main(): Promise<void> {
  const orm = await Tabula.connect({ url: 'sqlite::memory:', mappers: [NoteMapper] });
  await orm.schema.create();
  // Every kind of flush once, then nothing of it left alive.
  await (async () => {
    const em = orm.em.fork();
    const notes = [new Note('a'), new Note('b')];
    em.persist(...notes);
    await em.flush();
    (notes[0] as Note).text = 'c';
    em.remove(notes[1] as Note);
    await em.flush();
  })();
  collect();
  collect();

  const em = orm.em.fork();
  const kept = new Note('kept');
  em.persist(kept);
  await em.flush();
  const fresh = new Note('fresh');
  em.persist(fresh);
  kept.text = 'changed';
  const steps = em.plan().steps;
  const insertRow = steps.find((s) => s.kind === 'insert')?.rows[0] as unknown as { key: readonly unknown[] };
  const updateRow = steps.find((s) => s.kind === 'update')?.rows[0] as object;
  const real: object[] = [
    unitOfWorkOf(em).entryOf(kept) as object,
    insertRow,
    insertRow.key[0] as object,
    updateRow,
    new ScanFound(),
    new GeneratedKeys(),
    new AffectedCounter(),
    new CompileContext(),
    ValueRows.flat([], [], 'a probe', 0),
  ];
  const models = heldShapeModels();
  const result: Record<string, boolean | 'no model'> = {};
  for (const object of real) {
    const name = object.constructor.name;
    const model = models.find((m) => m.constructor === object.constructor);
    result[name] = model === undefined ? 'no model' : sameMap(object, model);
  }
  // The control: two classes never share a map, so a check that always said yes would show here.
  result.control = sameMap(new ScanFound(), models.find((m) => m.constructor === GeneratedKeys) as unknown as object);
  await orm.close();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});

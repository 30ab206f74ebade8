/**
 * Steady load for the restart scenario: a few workers each running small units of work back to
 * back — insert, find, update in one transaction — recording when each started and ended and how
 * it failed. A failed unit is followed by the next after a short pause, as a job runner would.
 */
import type { Tabula } from '../../../lib';
import { TabulaError } from '../../../lib';
import { Tally } from './entities';

export interface UnitRecord {
  readonly worker: number;
  readonly started: number;
  readonly ended: number;
  /** The error's class name, when the unit failed. */
  readonly error?: string;
  /** Whether the failure was a TabulaError (a typed error). */
  readonly typed?: boolean;
  readonly message?: string;
}

export interface SteadyLoad {
  readonly records: readonly UnitRecord[];
  /** Lets each worker finish its unit, then resolves. */
  stop(): Promise<void>;
}

let loads = 0;

/** One unit: insert a Tally, read it back, bump it; flushed and committed by `transactional`. */
export async function tallyUnit(orm: Tabula, name: string): Promise<void> {
  await orm.em.fork().transactional(async (em) => {
    em.persist(new Tally(name));
    await em.flush();
    const found = await em.findOne(Tally, { name });
    if (!found) throw new Error(`${name} not found in its own transaction`);
    found.value += 1;
  });
}

export function steadyLoad(orm: Tabula, workers: number, pauseAfterFailureMs = 10): SteadyLoad {
  const tag = `load${++loads}-${Date.now()}`;
  const records: UnitRecord[] = [];
  let running = true;
  const worker = async (w: number) => {
    for (let seq = 0; running; seq++) {
      const started = Date.now();
      try {
        await tallyUnit(orm, `${tag}-${w}-${seq}`);
        records.push({ worker: w, started, ended: Date.now() });
      } catch (e) {
        const error = (e as Error)?.constructor?.name ?? typeof e;
        records.push({
          worker: w,
          started,
          ended: Date.now(),
          error,
          typed: e instanceof TabulaError,
          message: String((e as Error)?.message).split('\n')[0],
        });
        await new Promise((r) => setTimeout(r, pauseAfterFailureMs));
      }
    }
  };
  const done = Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  return {
    records,
    async stop() {
      running = false;
      await done;
    },
  };
}

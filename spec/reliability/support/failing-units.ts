/**
 * Units of work that fail at chosen points, for the pool-hygiene scenario: a throw in the
 * callback (before and after the flush), a constraint violation, a statement error, a transaction
 * timeout, a failure in the middle of a flush (the INSERT went through, the UPDATE fails), a failed
 * savepoint, and transactions with an isolation level or read-only that fail — the per-unit
 * session settings Tabula sends. Some succeed, so the pool keeps being reused.
 */
import { sql, type Tabula } from '../../../lib';
import type { Random } from '../../../lib/testing';
import { Tally } from './entities';

/** The error a unit's own code throws (not a database failure). */
export class PlannedFailure extends Error {}

/** The name one Tally row holds for the whole scenario; taking it again violates the unique key. */
export const TAKEN = 'taken';

export const UNIT_KINDS = [
  'succeeds',
  'throws-before-flush',
  'throws-after-flush',
  'unique-violation',
  'statement-error',
  'transaction-timeout',
  'fails-mid-flush',
  'savepoint-fails',
  'serializable-throws',
  'read-only-writes',
  'read-only-succeeds',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs one unit of `kind`; resolves when it succeeded, rejects with its failure. */
export async function runUnit(orm: Tabula, kind: UnitKind, name: string, random: Random): Promise<void> {
  switch (kind) {
    case 'succeeds':
      return orm.em.fork().transactional(async (em) => {
        em.persist(new Tally(name));
      });
    case 'throws-before-flush':
      return orm.em.fork().transactional(async (em) => {
        em.persist(new Tally(name));
        throw new PlannedFailure('thrown before the flush');
      });
    case 'throws-after-flush':
      return orm.em.fork().transactional(async (em) => {
        em.persist(new Tally(name));
        await em.flush();
        throw new PlannedFailure('thrown after the flush, before COMMIT');
      });
    case 'unique-violation': {
      const em = orm.em.fork();
      em.persist(new Tally(TAKEN));
      await em.flush();
      return;
    }
    case 'statement-error':
      return orm.em.fork().transactional(async (em) => {
        em.persist(new Tally(name));
        await em.flush();
        await em.findBySql(Tally, sql`select * from t_rel_no_such_table`);
      });
    case 'transaction-timeout':
      // The callback outlives its timeout; its late statement must be refused, not run outside.
      return orm.db.transaction(
        async (tx) => {
          await tx.execute(sql`insert into t_rel_tally (name, value) values (${name}, ${0})`);
          await sleep(random.int(2, 8));
          await tx.execute(sql`update t_rel_tally set value = ${1} where name = ${name}`);
        },
        { timeoutMs: random.int(1, 6) },
      );
    case 'fails-mid-flush':
      return orm.em.fork().transactional(async (em) => {
        const taken = await em.findOne(Tally, { name: TAKEN });
        if (!taken) throw new Error(`the ${TAKEN} row is missing`);
        const other = new Tally(name);
        em.persist(other);
        await em.flush();
        // The next flush's UPDATE collides with the row the unit just inserted.
        taken.name = name;
        other.value = 1;
      });
    case 'savepoint-fails':
      return orm.db.transaction(async (tx) => {
        await tx.execute(sql`insert into t_rel_tally (name, value) values (${name}, ${0})`);
        await tx
          .transaction(async (sp) => {
            await sp.execute(sql`insert into t_rel_tally (name, value) values (${TAKEN}, ${0})`);
          })
          .catch(() => undefined);
        if (random.chance(0.5)) throw new PlannedFailure('thrown after a failed savepoint');
      });
    case 'serializable-throws':
      return orm.db.transaction(
        async (tx) => {
          await tx.execute(sql`select count(*) as n from t_rel_tally`);
          throw new PlannedFailure('thrown in a serializable transaction');
        },
        { isolationLevel: 'serializable' },
      );
    case 'read-only-writes':
      return orm.db.transaction(
        async (tx) => {
          await tx.execute(sql`insert into t_rel_tally (name, value) values (${name}, ${0})`);
        },
        { readOnly: true, isolationLevel: 'repeatable read' },
      );
    case 'read-only-succeeds':
      return orm.db.transaction(
        async (tx) => {
          await tx.execute(sql`select count(*) as n from t_rel_tally`);
        },
        { readOnly: true },
      );
  }
}

/** The entities of the crash, restart and pool scenarios (tables t_rel_*). */
import { defineEntity, p } from '../../../lib';

/** A row of the SQLite crash scenario: wide enough that 10,000 of them span many pages. */
export class Ledger {
  id?: number;
  constructor(
    public run: number,
    public seq: number,
    public memo: string,
  ) {}
}

export const LedgerMapper = defineEntity(Ledger, {
  table: 't_rel_ledger',
  properties: {
    id: p.integer().primaryKey().generated(),
    run: p.integer(),
    seq: p.integer(),
    memo: p.text(),
  },
});

/** A counter the load of the restart and pool scenarios inserts, reads and updates; its name is unique. */
export class Tally {
  id?: number;
  value = 0;
  constructor(public name: string) {}
}

export const TallyMapper = defineEntity(Tally, {
  table: 't_rel_tally',
  properties: {
    id: p.integer().primaryKey().generated(),
    name: p.string({ length: 64 }).unique(),
    value: p.integer(),
  },
});

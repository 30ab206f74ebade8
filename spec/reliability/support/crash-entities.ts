/** The rows the SQLite crash scenario writes: wide enough that 10,000 of them span many pages. */
import { defineEntity, p } from '../../../lib';

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

/**
 * The compile-time checks of entity hooks and flush subscribers, proven by `tsc` (npm run typecheck
 * covers spec/): each `// @ts-expect-error` line must fail to compile, and its twin must compile.
 */
import { expect } from 'chai';
import { type EntityManager, type FlushSubscriber, Tabula } from '../../lib';
import { defineEntity, p } from '../../lib/mapping';

class Invoice {
  id?: number;
  total = 0;
  issuedAt: Date | null = null;
}

const properties = {
  id: p.integer().primaryKey().generated(),
  total: p.integer(),
  issuedAt: p.datetime().nullable(),
};

describe('compile-time hook checks (spec/types/compile-hooks.spec.ts)', () => {
  it('is checked by tsc; at run time it only defines the mappers', () => {
    expect(typeof defineEntity).to.equal('function');
  });
});

// 1. A hook is typed with its entity: a property the class lacks fails tsc.
defineEntity(Invoice, {
  properties,
  hooks: {
    beforeCreate(invoice) {
      // @ts-expect-error Invoice has no 'createdAt'
      invoice.createdAt = new Date();
    },
  },
});
defineEntity(Invoice, {
  properties,
  hooks: {
    beforeCreate(invoice) {
      invoice.issuedAt = new Date();
    },
  },
});

// 2. A value of the wrong type for the property fails too.
defineEntity(Invoice, {
  properties,
  hooks: {
    beforeUpdate(invoice, { changed }) {
      // @ts-expect-error total is a number
      invoice.total = changed.join(',');
    },
  },
});
defineEntity(Invoice, {
  properties,
  hooks: {
    beforeUpdate(invoice, { changed }) {
      invoice.total = changed.length;
    },
  },
});

// 3. ctx.em is the EntityManager; ctx.operation of afterCommit is one of three words.
defineEntity(Invoice, {
  properties,
  hooks: {
    afterCommit(_invoice, { em, operation }) {
      const manager: EntityManager = em;
      // @ts-expect-error 'upsert' is not an operation a flush reports
      if (operation === 'upsert') manager.clear();
    },
  },
});
defineEntity(Invoice, {
  properties,
  hooks: {
    afterCommit(_invoice, { em, operation }) {
      const manager: EntityManager = em;
      if (operation === 'delete') manager.clear();
    },
  },
});

// 4. An unknown hook name is refused.
defineEntity(Invoice, {
  properties,
  hooks: {
    // @ts-expect-error hooks are beforeCreate, beforeUpdate, beforeDelete, afterLoad, afterCommit
    afterSave() {},
  },
});

// 5. A subscriber's onFlush sees the EntityManager and the flush in progress.
const syncOnFlush: FlushSubscriber = {
  onFlush: ({ em, inserts }) => {
    em.persist(...inserts);
  },
};
// onFlush sees entities of every class: narrow before reading a property.
const unnarrowed: FlushSubscriber = {
  onFlush: ({ inserts }) => {
    // @ts-expect-error an insert is any entity, not an Invoice
    for (const e of inserts) e.total += 1;
  },
};
const narrowed: FlushSubscriber = {
  onFlush: ({ inserts }) => {
    for (const e of inserts) if (e instanceof Invoice) e.total += 1;
  },
};
void [syncOnFlush, unnarrowed, narrowed, Tabula];

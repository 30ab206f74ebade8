/**
 * The compile-time contract of global filters and soft delete on a mapper: a filter's condition
 * is the `Filter<T>` of the class (a property the class lacks, or a value of the wrong type, is a
 * `tsc` error), and `softDelete` names one of the class's properties. Each `@ts-expect-error`
 * has a twin that compiles; the `it` only makes mocha load the file.
 */
import { expect } from 'chai';
import { defineEntity, type EntityManager, op, p } from '../../lib';

class Doc {
  id!: number;
  tenantId!: number;
  title!: string;
  deletedAt!: Date | null;
}

const properties = {
  id: p.integer().primaryKey().generated(),
  tenantId: p.integer(),
  title: p.string(),
  deletedAt: p.datetime().nullable(),
};

const DocMapper = defineEntity(Doc, {
  properties,
  softDelete: 'deletedAt',
  filters: {
    tenant: (params: { id: number }) => ({ tenantId: params.id }),
    // @ts-expect-error the class has no property `tenant`
    wrongProperty: (params: { id: number }) => ({ tenant: params.id }),
    titled: { cond: () => ({ title: op({ $like: 'a%' }) }), default: false },
    // @ts-expect-error tenantId holds numbers, not strings
    wrongValue: { cond: () => ({ tenantId: '1' }) },
    // @ts-expect-error operators are written with op()
    bareOperator: { cond: () => ({ tenantId: { $gt: 1 } }) },
  },
});

const NoSuchColumn = defineEntity(Doc, {
  properties,
  // @ts-expect-error softDelete names a property of the class
  softDelete: 'removedAt',
});

async function queries(em: EntityManager) {
  await em.find(Doc, {}, { filters: { tenant: { id: 1 } }, withDeleted: true });
  await em.find(Doc, {}, { filters: false });
  // @ts-expect-error filters take false, or settings by name
  await em.find(Doc, {}, { filters: true });
  await em.count(Doc, {}, { filters: { tenant: false } });
  await em.deleteWhere(Doc, { title: 'x' }, { hard: true, withDeleted: true });
  em.createQueryBuilder(Doc, { filters: { titled: true } });
}

describe('Types: global filters and soft delete on a mapper', () => {
  it('compiles (the @ts-expect-error lines above are checked by tsc)', () => {
    expect([DocMapper.definition.softDelete, NoSuchColumn.name, typeof queries]).to.deep.equal([
      'deletedAt',
      'DocMapper',
      'function',
    ]);
  });
});

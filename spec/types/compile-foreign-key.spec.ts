/**
 * The compile-time checks of `p.foreignKey` (a scalar foreign key beside its relation), proven by
 * `tsc`: each `// @ts-expect-error` line must fail to compile and its twin right after it must
 * compile. Filters and `orderBy` type the property from the class, like any column.
 */
import { expect } from 'chai';
import { type EntityManager, type Filter, op } from '../../lib';
import { defineEntity, p } from '../../lib/mapping';

class Company {
  id?: number;
  name = '';
}
class Room {
  code = '';
  floor = 0;
}
class Employee {
  id?: number;
  name = '';
  company!: Company;
  companyId?: number;
  mentor: Employee | null = null;
  mentorId: number | null = null;
  room!: Room;
  roomCode = '';
}

describe('compile-time checks of p.foreignKey (spec/types/compile-foreign-key.spec.ts)', () => {
  it('is checked by tsc; at run time it only defines the mappers', () => {
    expect(typeof p.foreignKey).to.equal('function');
  });
});

const base = {
  id: p.integer().primaryKey().generated(),
  name: p.string(),
  company: p.manyToOne(() => Company),
  mentor: p.manyToOne(() => Employee).nullable(),
  room: p.manyToOne(() => Room),
};

// 1. The relation must be a property of the mapper.
defineEntity(Employee, {
  properties: {
    ...base,
    // @ts-expect-error 'compnay' names no property of this mapper
    companyId: p.foreignKey('compnay'),
    mentorId: p.foreignKey('mentor'),
    roomCode: p.foreignKey('room'),
  },
});
// 2. … and a to-one relation, not a column.
defineEntity(Employee, {
  properties: {
    ...base,
    // @ts-expect-error 'name' is a column, which has no foreign key
    companyId: p.foreignKey('name'),
    mentorId: p.foreignKey('mentor'),
    roomCode: p.foreignKey('room'),
  },
});
// 3. A nullable relation needs a property that accepts null.
class Strict {
  id?: number;
  mentor: Strict | null = null;
  mentorId = 0;
}
defineEntity(Strict, {
  properties: {
    id: p.integer().primaryKey(),
    mentor: p.manyToOne(() => Strict).nullable(),
    // @ts-expect-error mentor is nullable, but mentorId accepts neither null nor undefined
    mentorId: p.foreignKey('mentor'),
  },
});
// 4. The property has the type of the target's key (`id: number`, not string).
class Mistyped {
  id?: number;
  company!: Company;
  companyId = '';
}
defineEntity(Mistyped, {
  properties: {
    id: p.integer().primaryKey(),
    company: p.manyToOne(() => Company),
    // @ts-expect-error Company's id is a number, companyId a string
    companyId: p.foreignKey('company'),
  },
});
// The twin: every scalar foreign key right (a target without `id` is matched by its scalar properties).
const EmployeeMapper = defineEntity(Employee, {
  properties: {
    ...base,
    companyId: p.foreignKey('company'),
    mentorId: p.foreignKey('mentor'),
    roomCode: p.foreignKey('room'),
  },
});

// An `indexes` entry naming the relation (as db pull writes it) does not confuse the check.
const IndexedMapper = defineEntity(Employee, {
  properties: {
    ...base,
    companyId: p.foreignKey('company'),
    mentorId: p.foreignKey('mentor'),
    roomCode: p.foreignKey('room'),
  },
  indexes: [{ properties: ['company'] }],
});
void IndexedMapper;
defineEntity(Mistyped, {
  properties: {
    id: p.integer().primaryKey(),
    company: p.manyToOne(() => Company),
    // @ts-expect-error Company's id is a number, companyId a string, with an index naming the relation too
    companyId: p.foreignKey('company'),
  },
  indexes: [{ properties: ['company'] }],
});

// 5. Filters and orderBy type it like a column of its type.
async function queries(em: EntityManager): Promise<void> {
  await em.find(Employee, { companyId: 7, mentorId: null });
  await em.find(Employee, { companyId: op({ $in: [1, 2] }) }, { orderBy: { companyId: 'desc' } });
  // @ts-expect-error companyId is a number
  const wrong: Filter<Employee> = { companyId: 'seven' };
  // @ts-expect-error $in takes numbers for companyId
  await em.find(Employee, { companyId: op({ $in: ['a'] }) });
  void wrong;
}
void EmployeeMapper;
void queries;

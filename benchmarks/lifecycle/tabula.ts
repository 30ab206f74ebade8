/**
 * Tabula as docs/ shows it: entities mapped with `defineEntity` (the user's company a relation,
 * `company: Company`, as docs/mapping.md maps a to-one), a fresh `em.fork()` per request,
 * `persist` + `flush` for writes, `find` with `populate` for the nested read; a pool of one.
 */
import { Tabula } from '../../lib';
import { defineEntity, p } from '../../lib/mapping';
import { tabulaVersion } from '../harness/environment';
import { COMPANIES, COMPANIES_TABLE, type CreateEntry, NOBODY, newUsers, READ_ROWS, USERS_TABLE } from './shape';

class Company {
  id!: number;
  name!: string;
  users: User[] = [];
}

class User {
  id?: number;
  constructor(
    public name: string,
    public email: string,
    public company: Company,
  ) {}
}

const CompanyMapper = defineEntity(Company, {
  table: COMPANIES_TABLE,
  properties: {
    id: p.integer().primaryKey().generated(),
    name: p.string({ length: 100 }),
    users: p.oneToMany(() => User, 'company'),
  },
});

const UserMapper = defineEntity(User, {
  table: USERS_TABLE,
  properties: {
    id: p.integer().primaryKey().generated(),
    name: p.string({ length: 100 }),
    email: p.string({ length: 255 }),
    company: p.manyToOne(() => Company),
  },
});

export const createEntry: CreateEntry = async (url) => {
  const orm = await Tabula.connect({ url, mappers: [CompanyMapper, UserMapper], pool: { size: 1 } });
  return {
    name: 'tabula',
    version: tabulaVersion(),
    how: "`orm.em.fork()` per request; `persist` + `flush`; `findOneOrFail` + assign + `flush`; `remove` + `flush`; `find(Company, {}, { populate: ['users'] })`",
    begin(iteration) {
      const em = orm.em.fork();
      return {
        async insert() {
          const users = newUsers(iteration).map(
            (u) => new User(u.name, u.email, em.getReference(Company, u.companyId)),
          );
          em.persist(...users);
          await em.flush();
          return users.map((u) => u.id as number);
        },
        async read() {
          return (await em.find(User, {}, { orderBy: { id: 'asc' }, limit: READ_ROWS })).length;
        },
        async update(id, name) {
          const user = await em.findOneOrFail(User, id);
          user.name = name;
          await em.flush();
        },
        async readAgain(id) {
          return (await em.findOne(User, id))?.name;
        },
        async nested() {
          const companies = await em.find(
            Company,
            {},
            { populate: ['users'], orderBy: { id: 'asc' }, limit: COMPANIES },
          );
          return [companies.length, companies.reduce((n, c) => n + c.users.length, 0)] as const;
        },
        async delete(id) {
          em.remove(await em.findOneOrFail(User, id));
          await em.flush();
        },
        async readNothing() {
          return (await em.find(User, { email: NOBODY })).length;
        },
      };
    },
    close: () => orm.close(),
  };
};

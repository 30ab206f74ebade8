/**
 * MikroORM 6 (EntitySchema, no decorators) as its docs show it: `orm.em.fork()` per request,
 * `em.create` + `flush`, `findOneOrFail` + assign + `flush`, `remove` + `flush`, `find` with
 * `populate` for the nested read; a pool of one (`pool: { min: 1, max: 1 }`).
 */
import { Collection, EntitySchema, MikroORM, type Options } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { packageVersion } from '../harness/environment';
import {
  COMPANIES,
  COMPANIES_TABLE,
  type CreateEntry,
  NOBODY,
  newUsers,
  READ_ROWS,
  USERS_TABLE,
} from '../lifecycle/shape';

class Company {
  id!: number;
  name!: string;
  users = new Collection<User>(this);
}

class User {
  id!: number;
  name!: string;
  email!: string;
  company!: Company;
}

const CompanySchema = new EntitySchema<Company>({
  class: Company,
  tableName: COMPANIES_TABLE,
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    name: { type: 'string', length: 100 },
    users: { kind: '1:m', entity: () => User, mappedBy: 'company' },
  },
});

const UserSchema = new EntitySchema<User>({
  class: User,
  tableName: USERS_TABLE,
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    name: { type: 'string', length: 100 },
    email: { type: 'string', length: 255 },
    company: { kind: 'm:1', entity: () => Company },
  },
});

export const createEntry: CreateEntry = async (url) => {
  const orm = await MikroORM.init({
    driver: PostgreSqlDriver,
    clientUrl: url,
    pool: { min: 1, max: 1 },
    entities: [CompanySchema, UserSchema],
    discovery: { disableDynamicFileAccess: true },
  } as Options);
  return {
    name: 'mikro-orm',
    version: packageVersion('@mikro-orm/core', 'peers'),
    how: "`orm.em.fork()` per request; `em.create` + `flush`; `findOneOrFail` + assign + `flush`; `remove` + `flush`; `find(Company, {}, { populate: ['users'] })`",
    begin(iteration) {
      const em = orm.em.fork();
      return {
        async insert() {
          const users = newUsers(iteration).map((u) =>
            em.create(User, { name: u.name, email: u.email, company: u.companyId } as never),
          );
          await em.flush();
          return users.map((u) => u.id);
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
          const found = await em.find(
            Company,
            {},
            { populate: ['users'] as never, orderBy: { id: 'asc' }, limit: COMPANIES },
          );
          return [found.length, found.reduce((n, c) => n + c.users.length, 0)] as const;
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
    close: () => orm.close(true),
  };
};

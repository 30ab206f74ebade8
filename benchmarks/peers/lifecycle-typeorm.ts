/**
 * TypeORM through its repositories (EntitySchema, no decorators), as its docs show them:
 * `save` for new rows, `find`/`findOneBy`/`findBy` to read, `update(id, …)` and `delete(id)` by
 * key, `find({ relations })` for the nested read; `poolSize: 1`. TypeORM has no unit of work: a
 * request needs nothing fresh.
 */
import { DataSource, EntitySchema } from 'typeorm';
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

interface Company {
  id: number;
  name: string;
  users: User[];
}

interface User {
  id?: number;
  name: string;
  email: string;
  company: Pick<Company, 'id'>;
}

const CompanySchema = new EntitySchema<Company>({
  name: 'LcCompany',
  tableName: COMPANIES_TABLE,
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    name: { type: String, length: 100 },
  },
  relations: { users: { type: 'one-to-many', target: 'LcUser', inverseSide: 'company' } },
});

const UserSchema = new EntitySchema<User>({
  name: 'LcUser',
  tableName: USERS_TABLE,
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    name: { type: String, length: 100 },
    email: { type: String, length: 255 },
  },
  relations: {
    company: { type: 'many-to-one', target: 'LcCompany', joinColumn: { name: 'company_id' }, nullable: false },
  },
});

export const createEntry: CreateEntry = async (url) => {
  const ds = new DataSource({ type: 'postgres', url, poolSize: 1, entities: [CompanySchema, UserSchema] });
  await ds.initialize();
  const userRepo = ds.getRepository(UserSchema);
  const companyRepo = ds.getRepository(CompanySchema);
  return {
    name: 'typeorm',
    version: packageVersion('typeorm', 'peers'),
    how: 'repositories: `save([…])`; `find({ order, take })`; `update(id, { name })`; `findOneBy({ id })`; `find({ relations: { users: true }, take })`; `delete(id)`',
    begin(iteration) {
      return {
        async insert() {
          const saved = await userRepo.save(
            newUsers(iteration).map((u) => ({ name: u.name, email: u.email, company: { id: u.companyId } })),
          );
          return saved.map((u) => u.id as number);
        },
        async read() {
          return (await userRepo.find({ order: { id: 'ASC' }, take: READ_ROWS })).length;
        },
        async update(id, name) {
          await userRepo.update(id, { name });
        },
        async readAgain(id) {
          return (await userRepo.findOneBy({ id }))?.name;
        },
        async nested() {
          const found = await companyRepo.find({ relations: { users: true }, order: { id: 'ASC' }, take: COMPANIES });
          return [found.length, found.reduce((n, c) => n + c.users.length, 0)] as const;
        },
        async delete(id) {
          await userRepo.delete(id);
        },
        async readNothing() {
          return (await userRepo.findBy({ email: NOBODY })).length;
        },
      };
    },
    close: () => ds.destroy(),
  };
};

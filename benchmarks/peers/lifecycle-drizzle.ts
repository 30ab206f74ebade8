/**
 * Drizzle ORM (node-postgres) as its docs show it: tables with `pgTable`, relations with
 * `relations()`, `db.insert().values().returning()`, `db.update()`/`db.delete()` with `eq`, the
 * core `select()` for reads and the relational `db.query.…findMany({ with })` for the nested read;
 * a `pg.Pool` of one. Drizzle has no unit of work: a request needs nothing fresh.
 */
import { asc, eq, relations } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { integer, pgTable, serial, varchar } from 'drizzle-orm/pg-core';
import pg from 'pg';
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

const companies = pgTable(COMPANIES_TABLE, {
  id: serial('id').primaryKey(),
  name: varchar('name', { length: 100 }).notNull(),
});

const users = pgTable(USERS_TABLE, {
  id: serial('id').primaryKey(),
  name: varchar('name', { length: 100 }).notNull(),
  email: varchar('email', { length: 255 }).notNull(),
  companyId: integer('company_id')
    .notNull()
    .references(() => companies.id),
});

const companiesRelations = relations(companies, ({ many }) => ({ users: many(users) }));
const usersRelations = relations(users, ({ one }) => ({
  company: one(companies, { fields: [users.companyId], references: [companies.id] }),
}));

export const createEntry: CreateEntry = async (url) => {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const db = drizzle(pool, { schema: { companies, users, companiesRelations, usersRelations } });
  return {
    name: 'drizzle',
    version: packageVersion('drizzle-orm', 'peers'),
    how: '`db.insert(users).values(…).returning()`; `select().from(users)`; `db.update`/`db.delete` `.where(eq(users.id, id))`; `db.query.companies.findMany({ with: { users: true } })`',
    begin(iteration) {
      return {
        async insert() {
          const rows = await db.insert(users).values(newUsers(iteration)).returning({ id: users.id });
          return rows.map((r) => r.id);
        },
        async read() {
          return (await db.select().from(users).orderBy(asc(users.id)).limit(READ_ROWS)).length;
        },
        async update(id, name) {
          await db.update(users).set({ name }).where(eq(users.id, id));
        },
        async readAgain(id) {
          return (await db.select().from(users).where(eq(users.id, id)))[0]?.name;
        },
        async nested() {
          const found = await db.query.companies.findMany({
            with: { users: true },
            orderBy: [asc(companies.id)],
            limit: COMPANIES,
          });
          return [found.length, found.reduce((n, c) => n + c.users.length, 0)] as const;
        },
        async delete(id) {
          await db.delete(users).where(eq(users.id, id));
        },
        async readNothing() {
          return (await db.select().from(users).where(eq(users.email, NOBODY))).length;
        },
      };
    },
    close: () => pool.end(),
  };
};

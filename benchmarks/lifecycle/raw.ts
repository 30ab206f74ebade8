/**
 * The floor: one `pg.Client` and the best hand-written SQL for each step, one statement each (the
 * nested read is one query: the 50 companies joined to their users, grouped in memory).
 */
import pg from 'pg';
import { packageVersion } from '../harness/environment';
import {
  COMPANIES,
  COMPANIES_TABLE as C,
  type CreateEntry,
  NOBODY,
  newUsers,
  READ_ROWS,
  USERS_TABLE as U,
} from './shape';

interface Company {
  id: number;
  name: string;
  users: { id: number; name: string; email: string }[];
}

const insertSql = (rows: number) =>
  `INSERT INTO ${U} (name, email, company_id) VALUES ${Array.from({ length: rows }, (_, i) => `($${3 * i + 1}, $${3 * i + 2}, $${3 * i + 3})`).join(', ')} RETURNING id`;

export const createEntry: CreateEntry = async (url) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    name: 'raw',
    version: packageVersion('pg'),
    how: 'one `pg.Client`, hand-written SQL, one statement per step, no transaction',
    begin(iteration) {
      return {
        async insert() {
          const users = newUsers(iteration);
          const { rows } = await client.query(
            insertSql(users.length),
            users.flatMap((u) => [u.name, u.email, u.companyId]),
          );
          return rows.map((r: { id: number }) => r.id);
        },
        async read() {
          const { rows } = await client.query(
            `SELECT id, name, email, company_id FROM ${U} ORDER BY id LIMIT ${READ_ROWS}`,
          );
          return rows.length;
        },
        async update(id, name) {
          await client.query(`UPDATE ${U} SET name = $1 WHERE id = $2`, [name, id]);
        },
        async readAgain(id) {
          const { rows } = await client.query(`SELECT id, name, email, company_id FROM ${U} WHERE id = $1`, [id]);
          return (rows[0] as { name: string } | undefined)?.name;
        },
        async nested() {
          const { rows } = await client.query(
            `SELECT c.id, c.name, u.id AS user_id, u.name AS user_name, u.email AS user_email FROM (SELECT id, name FROM ${C} ORDER BY id LIMIT ${COMPANIES}) c LEFT JOIN ${U} u ON u.company_id = c.id ORDER BY c.id, u.id`,
          );
          const companies: Company[] = [];
          let last: Company = { id: 0, name: '', users: [] };
          let users = 0;
          for (const r of rows) {
            if (last.id !== r.id) {
              last = { id: r.id, name: r.name, users: [] };
              companies.push(last);
            }
            if (r.user_id !== null) {
              last.users.push({ id: r.user_id, name: r.user_name, email: r.user_email });
              users++;
            }
          }
          return [companies.length, users] as const;
        },
        async delete(id) {
          await client.query(`DELETE FROM ${U} WHERE id = $1`, [id]);
        },
        async readNothing() {
          const { rows } = await client.query(`SELECT id, name, email, company_id FROM ${U} WHERE email = $1`, [
            NOBODY,
          ]);
          return rows.length;
        },
      };
    },
    close: () => client.end(),
  };
};

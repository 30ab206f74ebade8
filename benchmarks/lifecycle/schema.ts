/**
 * The lifecycle benchmark's tables, made and reset by the harness with plain SQL on its own
 * connection (untimed), so every entry maps the same tables and none creates them its own way.
 */
import type pg from 'pg';
import { COMPANIES, COMPANIES_TABLE as C, SEEDED_USERS, USERS_PER_COMPANY, USERS_TABLE as U } from './shape';

export async function createSchema(client: pg.Client): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS ${U}, ${C}`);
  await client.query(`CREATE TABLE ${C} (id serial PRIMARY KEY, name varchar(100) NOT NULL)`);
  await client.query(
    `CREATE TABLE ${U} (id serial PRIMARY KEY, name varchar(100) NOT NULL, email varchar(255) NOT NULL, company_id integer NOT NULL REFERENCES ${C} (id))`,
  );
  await client.query(`CREATE INDEX ${U}_company_id ON ${U} (company_id)`);
  await client.query(`INSERT INTO ${C} (name) SELECT 'company ' || i FROM generate_series(1, ${COMPANIES}) AS i`);
  await client.query(
    `INSERT INTO ${U} (name, email, company_id) SELECT 'seed ' || i, 'seed' || i || '@example.com', (i - 1) / ${USERS_PER_COMPANY} + 1 FROM generate_series(1, ${SEEDED_USERS}) AS i`,
  );
  await client.query(`ANALYZE ${C}, ${U}`);
}

/** Back to the seed between blocks of iterations: each iteration leaves 9 of its 10 users behind. */
export async function resetData(client: pg.Client): Promise<void> {
  await client.query(`DELETE FROM ${U} WHERE id > ${SEEDED_USERS}`);
}

export async function dropSchema(client: pg.Client): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS ${U}, ${C}`);
}

/**
 * The per-request lifecycle benchmark's shape: what one iteration (one web request) does, the
 * data it runs on, and what every entry (the raw `pg` floor, Tabula, each peer ORM) implements.
 */

/** The steps of one iteration, in the order they run. */
export const STEPS = [
  { id: 'insert', label: 'insert 10 rows' },
  { id: 'read', label: 'read 200 rows' },
  { id: 'update', label: 'update one by id' },
  { id: 'readAgain', label: 'read it again' },
  { id: 'nested', label: 'read 50 parents with their children' },
  { id: 'delete', label: 'delete one' },
  { id: 'readNothing', label: 'read nothing (a filter matching no row)' },
] as const;

export type StepId = (typeof STEPS)[number]['id'];

export const COMPANIES_TABLE = 'lc_companies';
export const USERS_TABLE = 'lc_users';
/** Seeded once: 50 companies with 4 users each, so "read 200" and "50 parents" are the seed. */
export const COMPANIES = 50;
export const USERS_PER_COMPANY = 4;
export const SEEDED_USERS = COMPANIES * USERS_PER_COMPANY;
export const INSERTED_PER_ITERATION = 10;
export const READ_ROWS = 200;
/** No user has this e-mail address: the "read nothing" filter. */
export const NOBODY = 'nobody@example.invalid';

/** The 10 users one iteration inserts: each in company 1…50 by turn. */
export function newUsers(iteration: number): { name: string; email: string; companyId: number }[] {
  return Array.from({ length: INSERTED_PER_ITERATION }, (_, k) => {
    const serial = iteration * INSERTED_PER_ITERATION + k;
    return { name: `user ${serial}`, email: `user${serial}@example.com`, companyId: (serial % COMPANIES) + 1 };
  });
}

/**
 * One request's work, on a fresh unit of work (a forked EntityManager where the ORM has one). The
 * harness times each call and checks what it returns outside the timing.
 */
export interface Iteration {
  /** Inserts the users of `newUsers(iteration)`; returns their generated ids. */
  insert(): Promise<readonly number[]>;
  /** Reads the first 200 users by id; returns how many. */
  read(): Promise<number>;
  /** Renames the user with this id. */
  update(id: number, name: string): Promise<void>;
  /** Reads the user with this id; returns its name. */
  readAgain(id: number): Promise<string | undefined>;
  /** Reads the first 50 companies by id, each with its users; returns [companies, users]. */
  nested(): Promise<readonly [number, number]>;
  /** Deletes the user with this id. */
  delete(id: number): Promise<void>;
  /** Reads the users whose e-mail is NOBODY; returns how many (0). */
  readNothing(): Promise<number>;
}

export interface LifecycleEntry {
  /** `raw`, `tabula`, `drizzle`, `typeorm`, `mikro-orm`. */
  readonly name: string;
  /** Package and version, e.g. `drizzle-orm 0.45.4`. */
  readonly version: string;
  /** How the entry is written, in one line for the report. */
  readonly how: string;
  /** The work of one request, on its own fresh unit of work. */
  begin(iteration: number): Iteration;
  close(): Promise<void>;
}

/** What each entry module exports: one connection (a pool of at most one) to `url`. */
export type CreateEntry = (url: string) => Promise<LifecycleEntry>;

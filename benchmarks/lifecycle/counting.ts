/**
 * Statements per step, counted where every entry's SQL leaves Node: `pg.Client#query`. The root
 * project's `pg` (the raw floor, Tabula) and benchmarks/peers' copy (Drizzle, TypeORM, MikroORM)
 * are separate modules, so both are wrapped. BEGIN/COMMIT are counted too: each is a round trip.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

export interface QueryCounter {
  /** Counting is off except while the untimed counting iteration runs. */
  on: boolean;
  total: number;
  /** The statements' text while counting, in order (for the report: which round trips a step makes). */
  sql: string[];
}

/** `query(text, …)` or `query({ text, … })`: pg's two call shapes. */
function textOf(first: unknown): string {
  if (typeof first === 'string') return first;
  const text = (first as { text?: unknown } | null)?.text;
  return typeof text === 'string' ? text : '(no text)';
}

const PEERS = join(__dirname, '..', 'peers', 'package.json');

type Query = (this: unknown, ...args: unknown[]) => unknown;

function wrap(proto: { query: Query }, counter: QueryCounter): void {
  const original = proto.query;
  proto.query = function counted(this: unknown, ...args: unknown[]) {
    if (counter.on) {
      counter.total++;
      counter.sql.push(textOf(args[0]));
    }
    return original.apply(this, args);
  };
}

/** Wraps `Client.prototype.query` of the root `pg` and, when installed, of benchmarks/peers' `pg`. */
export function countQueries(): QueryCounter {
  const counter: QueryCounter = { on: false, total: 0, sql: [] };
  const seen = new Set<unknown>();
  for (const from of [__filename, PEERS]) {
    try {
      const pg = createRequire(from)('pg') as { Client: { prototype: { query: Query } } };
      if (seen.has(pg.Client.prototype)) continue;
      seen.add(pg.Client.prototype);
      wrap(pg.Client.prototype, counter);
    } catch {
      // benchmarks/peers not installed: only the root's pg is used then.
    }
  }
  return counter;
}

/**
 * Subqueries share their statement's alias counter, so a correlated subquery's tables never
 * shadow the outer query's (`t0` inside would hide the outer `t0`). Builders compile synchronously
 * and subqueries are compiled inside the outer query's callbacks, so the counter of the
 * compilation in progress is kept here for exactly that call.
 */
import { AliasCounter } from '../join-scope.js';

let active: AliasCounter | undefined;

/** Runs `compile` with the counter of the statement being compiled, or a fresh one at the top. */
export function withStatementAliases<R>(compile: (aliases: AliasCounter) => R): R {
  const outer = active;
  const aliases = outer ?? new AliasCounter();
  active = aliases;
  try {
    return compile(aliases);
  } finally {
    active = outer;
  }
}

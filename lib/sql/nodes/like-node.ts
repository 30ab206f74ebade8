import { SqlNodeError } from '../../errors/index.js';
import { type Expression, hintFrom, requireExpression, toExpression } from './expression.js';
import { freezeNode } from './frozen-node.js';

/**
 * `left LIKE pattern ESCAPE 'c'`. Case-sensitive on every dialect (SQLite runs with
 * case_sensitive_like, MySQL tables use utf8mb4_bin). `caseInsensitive` is ILIKE on PostgreSQL and
 * `lower(left) LIKE lower(pattern)` elsewhere.
 */
export interface LikeNode {
  readonly kind: 'like';
  readonly left: Expression;
  readonly pattern: Expression;
  /** One character; `\` unless given. Escape user input with `escapeLikePattern`. */
  readonly escape: string;
  readonly caseInsensitive: boolean;
  readonly negated: boolean;
}

export interface LikeOptions {
  readonly escape?: string;
  readonly negated?: boolean;
}

/** `left LIKE pattern` (case-sensitive). @example like(column('name'), 'Ann%') */
export function like(left: Expression, pattern: unknown, options: LikeOptions = {}): LikeNode {
  return buildLike(left, pattern, options, false);
}

/** Case-insensitive LIKE. @example ilike(column('name'), '%ann%') */
export function ilike(left: Expression, pattern: unknown, options: LikeOptions = {}): LikeNode {
  return buildLike(left, pattern, options, true);
}

function buildLike(left: Expression, pattern: unknown, options: LikeOptions, caseInsensitive: boolean): LikeNode {
  requireExpression(left, caseInsensitive ? 'ilike' : 'like');
  const escapeChar = options.escape ?? '\\';
  // The escape character is inlined as a literal, so it must not be able to end the literal.
  if ([...escapeChar].length !== 1 || escapeChar === "'" || escapeChar === '%' || escapeChar === '_') {
    throw new SqlNodeError(`LIKE escape must be one character other than ' % _, got ${JSON.stringify(escapeChar)}.`);
  }
  return freezeNode({
    kind: 'like',
    left,
    pattern: toExpression(pattern, hintFrom(left)),
    escape: escapeChar,
    caseInsensitive,
    negated: options.negated ?? false,
  });
}

/**
 * Escapes `%`, `_` and the escape character in user input so it matches literally inside a LIKE
 * pattern. @example like(column('name'), `${escapeLikePattern(input)}%`)
 */
export function escapeLikePattern(text: string, escapeChar = '\\'): string {
  let out = '';
  for (const ch of text) out += ch === '%' || ch === '_' || ch === escapeChar ? escapeChar + ch : ch;
  return out;
}

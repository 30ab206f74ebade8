/**
 * LIKE patterns from user text: `%`, `_` and the escape character are escaped so the text matches
 * literally, and the wildcard goes only where the helper says. The filter compiler always compiles
 * `$like` / `$ilike` with `ESCAPE '\'`, the escape these helpers use.
 */
import { escapeLikePattern } from '../sql/index.js';

/**
 * Patterns that match user text literally.
 * @example
 * await find(Track, { name: op({ $like: like.contains(userInput) }) }); // '50%_off' matches only itself
 */
export const like = Object.freeze({
  /** `%text%`: the text anywhere. */
  contains: (text: string): string => `%${escapeLikePattern(text)}%`,
  /** `text%`: values beginning with the text. */
  startsWith: (text: string): string => `${escapeLikePattern(text)}%`,
  /** `%text`: values ending with the text. */
  endsWith: (text: string): string => `%${escapeLikePattern(text)}`,
  /** The text itself, as a pattern without wildcards (a case-insensitive equality with `$ilike`). */
  exactly: (text: string): string => escapeLikePattern(text),
});

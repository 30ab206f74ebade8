/** The error for a column type a dialect cannot create (found when its SQL type is asked for). */
import { ConfigError } from '../errors/index.js';

/** `typeText` is the type as written (`decimal(70,2)`), `why` a clause, `fix` a sentence. */
export function invalidType(dialect: string, typeText: string, why: string, fix?: string): ConfigError {
  const hint = fix === undefined ? '' : `\n  ${fix}`;
  return new ConfigError(`Column type ${typeText} cannot be used on ${dialect}: ${why}.${hint}`);
}

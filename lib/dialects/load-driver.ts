/**
 * Database drivers are optional peer dependencies, loaded only when a URL of their dialect is
 * opened: an application on SQLite never loads `pg` or `mysql2`, and an install compiles only the
 * driver it asked for.
 */
import { DriverNotInstalledError } from '../errors/index.js';

/** A driver package as `import()` gives it: CommonJS packages arrive as the `default` export. */
type Imported<T> = { readonly default: T };

function isMissing(error: unknown, name: string): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (!e || (e.code !== 'ERR_MODULE_NOT_FOUND' && e.code !== 'MODULE_NOT_FOUND')) return false;
  // A package that is there but fails to load one of its own files is not "missing".
  return typeof e.message === 'string' && e.message.includes(`'${name}'`);
}

/** Loads a driver package, or fails with a DriverNotInstalledError naming the package to install. */
export async function loadDriver<T>(name: string, dialect: string, load: () => Promise<Imported<T>>): Promise<T> {
  try {
    return (await load()).default;
  } catch (error) {
    if (isMissing(error, name)) throw DriverNotInstalledError.forDialect(dialect, name, error);
    throw error;
  }
}

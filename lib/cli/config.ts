/**
 * The `tabula` command's configuration: a `tabula.config.ts` (or .mts/.cts/.js/.mjs/.cjs) in the
 * working directory, or `--config <file>`, exporting the connect options, the mappers and the
 * migrations folder; or `TABULA_URL` (or `--url`) with `--mappers <module>`.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AnyEntityMapper } from '../mapping/index.js';
import { importModule } from '../schema/index.js';
import type { TabulaOptions } from '../tabula.js';

/** What a `tabula.config.ts` exports (as its default export, or a function returning it). */
export interface TabulaConfig extends Omit<TabulaOptions, 'mappers'> {
  /** The mappers of the schema (`schema`, `migration generate` and `check` need them). */
  readonly mappers?: readonly AnyEntityMapper[] | undefined;
}

/**
 * Types a `tabula.config.ts`.
 * @example
 * // tabula.config.ts
 * import { defineConfig } from 'tabula-orm';
 * import { AuthorMapper, BookMapper } from './src/mappers';
 * export default defineConfig({
 *   url: process.env.DATABASE_URL,
 *   mappers: [AuthorMapper, BookMapper],
 *   migrations: { folder: 'migrations' },
 * });
 */
export function defineConfig(config: TabulaConfig | (() => TabulaConfig | Promise<TabulaConfig>)) {
  return config;
}

export const CONFIG_FILES = [
  'tabula.config.ts',
  'tabula.config.mts',
  'tabula.config.cts',
  'tabula.config.js',
  'tabula.config.mjs',
  'tabula.config.cjs',
];

/** A mistake in how the command was called or configured: exit code 2. */
export class UsageError extends Error {}

export interface ConfigFlags {
  readonly config?: string | undefined;
  readonly url?: string | undefined;
  readonly mappers?: string | undefined;
  readonly migrations?: string | undefined;
}

export interface LoadedConfig {
  readonly options: TabulaConfig;
  /** The file it came from, if any. */
  readonly file?: string | undefined;
}

export async function loadConfig(flags: ConfigFlags, cwd = process.cwd()): Promise<LoadedConfig> {
  const file = flags.config ? resolve(cwd, flags.config) : CONFIG_FILES.map((f) => resolve(cwd, f)).find(existsSync);
  if (flags.config && !existsSync(file as string)) throw new UsageError(`No config file ${file}.`);
  let options: TabulaConfig = {};
  if (file) {
    const namespace = await importModule(file);
    // ESM: the default export; TypeScript compiled to CommonJS: module.exports.default as well.
    let value: unknown = namespace;
    for (let i = 0; i < 3 && isObject(value) && 'default' in value && !('url' in value || 'mappers' in value); i++) {
      value = value.default;
    }
    if (typeof value === 'function') value = await (value as () => unknown)();
    if (!isObject(value)) throw new UsageError(`${file} exports no configuration object.`);
    const config = value as TabulaConfig;
    options = config;
  }
  const url = flags.url ?? process.env.TABULA_URL ?? options.url;
  if (url !== undefined) options = { ...options, url };
  if (flags.mappers) options = { ...options, mappers: await loadMappers(resolve(cwd, flags.mappers)) };
  if (flags.migrations)
    options = { ...options, migrations: { ...options.migrations, folder: resolve(cwd, flags.migrations) } };
  if (options.url === undefined && options.dialect === undefined) {
    throw new UsageError(
      'No database to connect to: write a tabula.config.ts (see `tabula --help`), set TABULA_URL, or pass --url.',
    );
  }
  return { options, ...(file ? { file } : {}) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}

/** Every entity mapper a module exports (named exports, arrays of them, or a `mappers` export). */
export async function loadMappers(file: string): Promise<AnyEntityMapper[]> {
  if (!existsSync(file) && !/\.[cm]?[jt]s$/.test(file)) {
    const withExtension = ['.ts', '.js', '.mts', '.mjs'].map((e) => file + e).find(existsSync);
    if (withExtension) return loadMappers(withExtension);
  }
  if (!existsSync(file)) throw new UsageError(`No mappers module ${file}.`);
  const namespace = await importModule(file);
  const found = new Set<AnyEntityMapper>();
  const visit = (value: unknown, depth: number) => {
    if (Array.isArray(value)) for (const v of value) visit(v, depth);
    else if (isMapper(value)) found.add(value);
    else if (depth < 2 && value !== null && typeof value === 'object')
      for (const v of Object.values(value)) visit(v, depth + 1);
  };
  visit(namespace, 0);
  if (found.size === 0) throw new UsageError(`${file} exports no entity mappers (defineEntity).`);
  return [...found];
}

function isMapper(value: unknown): value is AnyEntityMapper {
  return value !== null && typeof value === 'object' && (value as { kind?: unknown }).kind === 'entity';
}

/** The migrations folder: which files are migrations, their names, checksums and modules. */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MigrationError } from '../../errors/index.js';
import { exported, importModule } from './import-module.js';
import type { Migration, MigrationSource } from './migration.js';

const EXTENSION = /\.(ts|mts|cts|js|mjs|cjs)$/;

/**
 * SHA-256 of a migration's text. Line endings are normalised first, so a checkout on Windows
 * (CRLF) does not look like an edit; anything else — a space, a comment — is an edit.
 */
export function checksumOf(text: string): string {
  return createHash('sha256').update(text.replace(/\r\n?/g, '\n')).digest('hex');
}

/** The migrations in `folder`, in name order (a missing folder has none). */
export function folderSources(folder: string): MigrationSource[] {
  if (!existsSync(folder)) return [];
  const files = readdirSync(folder, { withFileTypes: true })
    .filter((e) => e.isFile() && EXTENSION.test(e.name) && !e.name.endsWith('.d.ts') && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  const byName = new Map<string, string>();
  for (const file of files) {
    const name = file.replace(EXTENSION, '');
    const other = byName.get(name);
    if (other !== undefined) throw MigrationError.invalid(name, `two files have this name (${other} and ${file})`);
    byName.set(name, file);
  }
  return [...byName].map(([name, file]) => {
    const path = join(folder, file);
    let loaded: Promise<Migration> | undefined;
    return {
      name,
      checksum: checksumOf(readFileSync(path, 'utf8')),
      load: () => {
        loaded ??= loadMigration(name, path);
        return loaded;
      },
    };
  });
}

async function loadMigration(name: string, path: string): Promise<Migration> {
  let namespace: Record<string, unknown>;
  try {
    namespace = await importModule(path);
  } catch (e) {
    throw MigrationError.invalid(name, e instanceof Error ? e.message : String(e), e);
  }
  const migration = exported(namespace, 'up') as Partial<Migration> | undefined;
  if (typeof migration?.up !== 'function') throw MigrationError.invalid(name, 'it exports no up function');
  if (migration.down !== undefined && typeof migration.down !== 'function') {
    throw MigrationError.invalid(name, 'its down export is not a function');
  }
  return migration as Migration;
}

#!/usr/bin/env node
/** The `tabula` executable (package.json `bin`). */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runCli } from './program.js';

/** The version in the package.json of the tabula-orm this file belongs to (found upwards from the executable). */
function packageVersion(): string | undefined {
  let dir = dirname(realpathSync(process.argv[1] ?? '.'));
  for (let depth = 0; depth < 6; depth++, dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'tabula-orm') return pkg.version;
  }
  return undefined;
}

// A reader that stops early (`tabula migration status | head`) closes the pipe: not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

runCli(process.argv, packageVersion()).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`tabula: ${String(e)}\n`);
    process.exitCode = 1;
  },
);

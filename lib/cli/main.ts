#!/usr/bin/env node
/** The `tabula` executable (package.json `bin`). */
import { runCli } from './program.js';

runCli(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`tabula: ${String(e)}\n`);
    process.exitCode = 1;
  },
);

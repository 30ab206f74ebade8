/** The `tabula` command line: its commands, options and help (commander). */
import { Command, CommanderError } from 'commander';
import { TabulaError } from '../errors/index.js';
import { UsageError } from './config.js';
import { EXIT } from './context.js';
import { dbCommands } from './db-commands.js';
import { migrationCommands } from './migration-commands.js';
import { schemaCommands } from './schema-commands.js';

const CONFIG_HELP = `
Configuration: tabula.config.ts (or .mts, .cts, .js, .mjs, .cjs) in the working directory:

  import { defineConfig } from 'tabula-orm';
  import { AuthorMapper, BookMapper } from './src/mappers';
  export default defineConfig({
    url: process.env.DATABASE_URL,            // sqlite:./app.db, postgres://…, mysql://…
    mappers: [AuthorMapper, BookMapper],
    migrations: { folder: 'migrations' },     // the default
  });

or TABULA_URL=… with --mappers ./src/mappers.ts. A TypeScript config loads through tsx when it is
installed (or natively on Node >= 22.6 with type stripping).

Exit codes: 0 done; 1 an error, or a check that found a problem; 2 a usage mistake.`;

/** The program; `version` is what `tabula --version` prints (main.ts reads it from the package). */
export function buildProgram(version = 'unknown'): Command {
  const program = new Command('tabula')
    .description('The Tabula command line: the schema, its migrations, db pull')
    .version(version, '-V, --version', 'the version of tabula-orm')
    .option('-c, --config <file>', 'the configuration file (default: tabula.config.* in the working directory)')
    .option('--url <url>', 'the database URL (overrides the config and TABULA_URL)')
    .option('--mappers <module>', 'a module exporting the entity mappers (instead of, or over, the config)')
    .option('--migrations <folder>', 'the migrations folder (default: migrations)')
    .option('--no-color', 'plain text even on a terminal (NO_COLOR does the same)')
    .addHelpText('after', CONFIG_HELP)
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  schemaCommands(program);
  migrationCommands(program);
  dbCommands(program);
  for (const command of program.commands) {
    command.exitOverride();
    for (const sub of command.commands) sub.exitOverride();
  }
  return program;
}

/** Runs the command line on `argv` (node, script, args…) and resolves with the exit code. */
export async function runCli(argv: readonly string[], version?: string): Promise<number> {
  const program = buildProgram(version);
  try {
    await program.parseAsync([...argv]);
    const code = process.exitCode;
    return typeof code === 'number' ? code : EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`tabula: ${e.message}\n`);
      return EXIT.usage;
    }
    const message = e instanceof TabulaError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);
    process.stderr.write(`tabula: ${message}\n`);
    return EXIT.failed;
  }
}

/** `tabula schema create|update|drop|diff`. */
import type { Command } from 'commander';
import type { SchemaDiff } from '../schema/index.js';
import { UsageError } from './config.js';
import { EXIT, withOrm } from './context.js';
import type { Output } from './output.js';
import { script } from './output.js';

/** Prints a diff's notes (held back, rewrites, suggestions) to stderr. */
export function printNotes(out: Output, diff: SchemaDiff): void {
  const list = (title: string, lines: readonly string[], paint: (s: string) => string) => {
    if (lines.length === 0) return;
    out.info(paint(title));
    for (const line of lines) out.info(`  - ${line}`);
  };
  list(
    'Held back (destructive; --allow-destructive to include):',
    diff.heldBack.map((c) => c.description),
    out.yellow,
  );
  list('Rewrites or locks a table:', diff.warnings, out.yellow);
  list('Suggestions (not applied; say renamedFrom in the mapper to rename):', diff.suggestions, out.dim);
}

export function schemaCommands(program: Command): void {
  const schema = program
    .command('schema')
    .description('create, update, drop or compare the mapped tables directly (without migrations)');

  schema
    .command('create')
    .description('create every mapped table (in one transaction where the database allows it)')
    .option('--dry-run', 'print the SQL instead of running it')
    .option('--if-not-exists', 'leave the tables that exist as they are; create the missing ones')
    .action((opts: { dryRun?: boolean; ifNotExists?: boolean }, command: Command) =>
      withOrm(
        command,
        async ({ orm, out }) => {
          if (opts.dryRun) {
            const skip = opts.ifNotExists ? await orm.schema.existingTables() : undefined;
            out.out(script(orm.schema.createStatements(skip)));
            return EXIT.ok;
          }
          await orm.schema.create({ ifNotExists: opts.ifNotExists });
          out.info(out.green(`Created the tables of ${orm.registry.tables().length} mapped table(s).`));
          return EXIT.ok;
        },
        { needsMappers: true },
      ),
    );

  schema
    .command('update')
    .description('bring the database to the mappers now (safe changes only unless --allow-destructive)')
    .option('--dry-run', 'print the SQL instead of running it')
    .option('--allow-destructive', 'also drop tables, columns, indexes and constraints, and narrow types')
    .action((opts: { dryRun?: boolean; allowDestructive?: boolean }, command: Command) =>
      withOrm(
        command,
        async ({ orm, out }) => {
          const options = { allowDestructive: opts.allowDestructive };
          const diff = opts.dryRun ? await orm.schema.diff(options) : await orm.schema.update(options);
          if (opts.dryRun) out.out(script(diff.up));
          else if (diff.up.length === 0) out.info('The database already matches the mappers.');
          else out.info(out.green(`Applied ${diff.changes.length} change(s).`));
          printNotes(out, diff);
          return EXIT.ok;
        },
        { needsMappers: true },
      ),
    );

  schema
    .command('drop')
    .description('drop every mapped table (needs --force, or --dry-run)')
    .option('--dry-run', 'print the SQL instead of running it')
    .option('--force', 'really drop the tables and their rows')
    .action((opts: { dryRun?: boolean; force?: boolean }, command: Command) =>
      withOrm(
        command,
        async ({ orm, out }) => {
          if (opts.dryRun) {
            out.out(script(orm.schema.dropStatements()));
            return EXIT.ok;
          }
          if (!opts.force)
            throw new UsageError(
              '`schema drop` deletes every mapped table and its rows: add --force (or --dry-run to see the SQL).',
            );
          await orm.schema.drop();
          out.info(out.green('Dropped the mapped tables.'));
          return EXIT.ok;
        },
        { needsMappers: true },
      ),
    );

  schema
    .command('diff')
    .description('print the SQL that would bring the database to the mappers (changes nothing)')
    .option('--dry-run', 'the same (diff never changes anything)')
    .option('--allow-destructive', 'include drops and narrowing changes')
    .option('--exit-code', 'exit with 1 when there are differences (like git diff --exit-code)')
    .action((opts: { allowDestructive?: boolean; exitCode?: boolean }, command: Command) =>
      withOrm(
        command,
        async ({ orm, out }) => {
          const diff = await orm.schema.diff({ allowDestructive: opts.allowDestructive });
          if (diff.changes.length === 0) out.info('No differences: the database matches the mappers.');
          else {
            for (const change of diff.changes) out.info(out.dim(`-- ${change.description}`));
            out.out(script(diff.up));
          }
          printNotes(out, diff);
          return opts.exitCode && diff.changes.length > 0 ? EXIT.failed : EXIT.ok;
        },
        { needsMappers: true },
      ),
    );
}

/** `tabula migration generate|up|down|status|check`. */
import type { Command } from 'commander';
import type { MigrationEvent, Migrator } from '../schema/index.js';
import type { Tabula } from '../tabula.js';
import { UsageError } from './config.js';
import { EXIT, withOrm } from './context.js';
import type { Output } from './output.js';
import { printNotes } from './schema-commands.js';

/** Progress as the run goes: a line per migration, with its time. */
function progress(out: Output): (event: MigrationEvent) => void {
  return (event) => {
    if (event.kind === 'lock-wait') return;
    if (event.kind === 'skipped') out.info(out.dim(`  ${event.name}: skipped (${event.why})`));
    else if (event.kind === 'start') out.info(`${event.direction === 'up' ? 'Applying' : 'Reverting'} ${event.name} …`);
    else out.info(out.green(`  done in ${event.ms} ms`));
  };
}

const migratorOf = (orm: Tabula, out: Output): Migrator => orm.migrator({ onEvent: progress(out) });

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--steps takes a whole number of at least 1, not ${value}.`);
  return n;
}

export function migrationCommands(program: Command): void {
  const migration = program
    .command('migration')
    .description('generate, apply, revert and check migrations (the migrations folder, the tabula_migrations table)');

  migration
    .command('generate')
    .argument('[name]', 'what the migration does, for its file name', 'migration')
    .description('write a migration with the statements that bring the database to the mappers')
    .option('--allow-destructive', 'also drop what the mappers no longer have, and narrow types')
    .option('--dry-run', 'print the statements instead of writing the file')
    .action((name: string, opts: { allowDestructive?: boolean; dryRun?: boolean }, command: Command) =>
      withOrm(
        command,
        async ({ orm, out }) => {
          if (opts.dryRun) {
            const diff = await orm.schema.diff({ allowDestructive: opts.allowDestructive });
            for (const s of diff.up) out.out(`${s};`);
            printNotes(out, diff);
            return EXIT.ok;
          }
          const generated = await orm.migrator().generate(name, { allowDestructive: opts.allowDestructive });
          if (generated === undefined) {
            out.info('No changes: the database matches the mappers, no migration written.');
            return EXIT.ok;
          }
          out.out(generated.path);
          for (const change of generated.diff.changes) out.info(out.dim(`  ${change.description}`));
          printNotes(out, generated.diff);
          return EXIT.ok;
        },
        { needsMappers: true },
      ),
    );

  migration
    .command('up')
    .description('apply the pending migrations, in order, under a database lock')
    .option('--to <name>', 'stop after this migration')
    .option('--dry-run', 'list the migrations that would be applied')
    .action((opts: { to?: string; dryRun?: boolean }, command: Command) =>
      withOrm(command, async ({ orm, out }) => {
        if (opts.dryRun) {
          for (const name of await orm.migrator().pending()) out.out(name);
          return EXIT.ok;
        }
        const applied = await migratorOf(orm, out).up({ to: opts.to });
        out.info(
          applied.length === 0
            ? 'Nothing to apply: the database is up to date.'
            : out.green(`Applied ${applied.length} migration(s).`),
        );
        return EXIT.ok;
      }),
    );

  migration
    .command('down')
    .description('revert the last applied migration (or the last --steps N)')
    .option('--steps <n>', 'how many to revert', positiveInteger, 1)
    .option('--dry-run', 'list the migrations that would be reverted')
    .action((opts: { steps: number; dryRun?: boolean }, command: Command) =>
      withOrm(command, async ({ orm, out }) => {
        if (opts.dryRun) {
          const applied = (await orm.migrator().status()).filter((s) => s.state === 'applied');
          for (const s of applied.slice(-opts.steps).reverse()) out.out(s.name);
          return EXIT.ok;
        }
        const reverted = await migratorOf(orm, out).down({ steps: opts.steps });
        out.info(reverted.length === 0 ? 'Nothing to revert.' : out.green(`Reverted ${reverted.length} migration(s).`));
        return EXIT.ok;
      }),
    );

  migration
    .command('status')
    .description('list the migrations: applied (when), pending, failed halfway, edited or missing')
    .action((_opts: unknown, command: Command) =>
      withOrm(command, async ({ orm, out }) => {
        const status = await orm.migrator().status();
        if (status.length === 0) out.info('No migrations yet (tabula migration generate writes the first).');
        for (const s of status) {
          const when = s.appliedAt ? s.appliedAt.toISOString() : '';
          const state =
            s.state === 'applied'
              ? out.green('applied')
              : s.state === 'pending'
                ? out.yellow('pending')
                : out.red(s.state);
          out.out(`${state.padEnd(out.colour ? 17 : 8)} ${s.name}${when ? `  ${out.dim(when)}` : ''}`);
          if (s.state === 'failed') {
            out.out(
              `         failed after ${s.step} statement(s) took effect: ${s.error}\n` +
                '         fix it and run `tabula migration up` again (it resumes after them), or repair by hand and delete its row.',
            );
          }
        }
        return status.some((s) => s.state === 'failed' || s.state === 'edited' || s.state === 'missing')
          ? EXIT.failed
          : EXIT.ok;
      }),
    );

  migration
    .command('check')
    .description(
      'for CI: exit 1 when a migration is missing (the mappers differ from the database + pending migrations) or one was edited',
    )
    .action((_opts: unknown, command: Command) =>
      withOrm(
        command,
        async ({ orm, out }) => {
          const check = await orm.migrator().check();
          for (const p of check.problems) out.out(out.red(`problem: ${p}`));
          if (check.pending.length > 0)
            out.info(`${check.pending.length} pending migration(s): ${check.pending.join(', ')}`);
          for (const d of check.differences) out.out(out.red(`missing from the migrations: ${d}`));
          if (check.unverified) out.out(out.yellow(`not verified: ${check.unverified}`));
          for (const h of check.heldBack) out.info(out.dim(`held back (destructive, not required): ${h}`));
          if (check.differences.length > 0) out.info('Run `tabula migration generate <name>` and commit the file.');
          out.info(
            check.ok
              ? out.green('OK: the migrations match the mappers.')
              : out.red('The migrations do not match the mappers.'),
          );
          return check.ok ? EXIT.ok : EXIT.failed;
        },
        { needsMappers: true },
      ),
    );
}

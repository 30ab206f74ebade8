/** `tabula db pull`. */
import type { Command } from 'commander';
import { EXIT, withOrm } from './context.js';

export function dbCommands(program: Command): void {
  const db = program.command('db').description('work from an existing database');
  db.command('pull')
    .description('generate entity classes and mappers (defineEntity + p.*) from the tables of the database')
    .option('--out <folder>', 'where to write entities.ts and mappers.ts', 'src/db')
    .option('--tables <names>', 'only these tables (comma-separated)')
    .option('--dry-run', 'print the code instead of writing it')
    .action((_opts: { out: string; tables?: string; dryRun?: boolean }, command: Command) =>
      withOrm(command, async ({ out }) => {
        out.info('db pull: not yet');
        return EXIT.failed;
      }),
    );
}

/** `tabula db pull`. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { generateCode, introspectSchema } from '../schema/index.js';
import { EXIT, withOrm } from './context.js';

export function dbCommands(program: Command): void {
  const db = program.command('db').description('work from an existing database');
  db.command('pull')
    .description('generate entity classes and mappers (defineEntity + p.*) from the tables of the database')
    .option('--out <folder>', 'where to write entities.ts and mappers.ts', 'src/db')
    .option('--tables <names>', 'only these tables (comma-separated)')
    .option('--dry-run', 'print the code instead of writing it')
    .option(
      '--scalar-foreign-keys',
      "also map each many-to-one's key as a scalar beside it (albumId: p.foreignKey('album'))",
    )
    .action((opts: { out: string; tables?: string; dryRun?: boolean; scalarForeignKeys?: boolean }, command: Command) =>
      withOrm(command, async ({ orm, out }) => {
        const tables = opts.tables
          ?.split(',')
          .map((t) => t.trim())
          .filter(Boolean);
        const model = await introspectSchema(orm.db, tables ? { tables } : {});
        if (model.tables.length === 0) {
          out.info('The database has no tables to pull.');
          return EXIT.failed;
        }
        const code = generateCode(model, (t) => orm.db.dialect.schema.typeSql(t), {
          scalarForeignKeys: opts.scalarForeignKeys === true,
        });
        if (opts.dryRun) {
          out.out(`// entities.ts\n${code.entities}\n// mappers.ts\n${code.mappers}`);
          return EXIT.ok;
        }
        const folder = resolve(opts.out);
        mkdirSync(folder, { recursive: true });
        writeFileSync(join(folder, 'entities.ts'), code.entities);
        writeFileSync(join(folder, 'mappers.ts'), code.mappers);
        out.out(join(folder, 'entities.ts'));
        out.out(join(folder, 'mappers.ts'));
        out.info(
          out.green(
            `Pulled ${model.tables.length} table(s). Review the names, then add the relations' inverse sides you want.`,
          ),
        );
        return EXIT.ok;
      }),
    );
}

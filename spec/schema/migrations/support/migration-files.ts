/** Writes migration files into a temporary folder, as a user's project would hold them. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class MigrationFolder {
  readonly path = mkdtempSync(join(tmpdir(), 'tabula-migrations-'));

  /** Writes `<name>.ts` whose up and down run `up` and `down` (statements, or a body of code). */
  write(name: string, up: readonly string[] | string, down: readonly string[] | string = []): string {
    const body = (s: readonly string[] | string) =>
      typeof s === 'string' ? s : s.map((x) => `    await m.execute(${JSON.stringify(x)});\n`).join('');
    const file = join(this.path, `${name}.ts`);
    writeFileSync(
      file,
      "import type { Migration } from '../../lib/index';\n\n" +
        `export default {\n  async up(m) {\n${body(up)}  },\n  async down(m) {\n${body(down)}  },\n} satisfies Migration;\n`,
    );
    return file;
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

/**
 * The package as users get it: `npm pack` (which runs `prepare`, so `dist/` is built fresh), then
 * two scratch applications in a temp folder — one ESM, one CommonJS, both type-checked by
 * TypeScript with `module: nodenext` — install the tarball with npm and run: connect to SQLite,
 * persist, flush, find, and one HTTP request through the inversify request scope. The ESM app
 * uses inversify 8 and the CommonJS app inversify 7. The ESM app also runs the README's example,
 * twice. Slow (it builds and installs), so it runs in `npm run test:package`, from `.ci/run`.
 *
 * To keep the run offline-friendly and fast, the native sqlite3 and TypeScript come from this
 * repository's node_modules (linked), the way a monorepo would share them.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const LINKED = ['sqlite3', 'typescript', '@types/node'];

function run(cmd: string, args: readonly string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: withoutCi() });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${cmd} ${args.join(' ')} (in ${cwd}) failed:\n${err.stdout ?? ''}\n${err.stderr ?? ''}\n${err.message}`,
    );
  }
}

/** npm's own environment: a test must not inherit `npm_config_*` of the npm that started mocha. */
function withoutCi(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_')));
}

const ENTITIES = `
export class Note {
  id?: number;
  constructor(public text: string) {}
}
`;

/** The same program in both module systems, differing only in how it imports. */
function appSource(importLines: string): string {
  return `${importLines}
import { createServer } from 'node:http';
import { Note } from './note.js';

const NoteMapper = defineEntity(Note, {
  table: 'notes',
  properties: { id: p.integer().primaryKey().generated(), text: p.text() },
});

async function main(): Promise<void> {
  const orm = await Tabula.connect({ url: 'sqlite:' + process.argv[2], mappers: [NoteMapper] });
  await orm.schema.create({ ifNotExists: true });
  const em = orm.em.fork();
  em.persist(new Note('first'));
  const plan = em.plan();
  await em.flush();
  const found = await orm.em.fork().find(Note, { text: 'first' });

  const container = new Container();
  await container.load(tabulaModule(orm, { repositories: [Note] }));
  const server = createServer(
    httpUnitOfWork(container, async ({ body, scope }) => {
      const note = new Note((body as { text: string }).text);
      scope.get(repositoryToken(Note)).persist(note);
      return { status: 201, body: () => ({ id: note.id, text: note.text }) };
    }),
  );
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  const response = await fetch('http://127.0.0.1:' + port + '/notes', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: 'over http' }),
  });
  const created = await response.json();
  server.close();
  const texts = (await orm.em.fork().find(Note, {}, { orderBy: { id: 'asc' } })).map((n) => n.text);
  await orm.close();
  console.log(JSON.stringify({ steps: planSummary(plan), found: found.length, status: response.status, created, texts }));
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
`;
}

interface App {
  readonly dir: string;
  readonly type: 'module' | 'commonjs';
  readonly inversify: string;
  readonly imports: string;
}

describe('the packed tarball, installed in an ESM and a CommonJS application', function () {
  this.timeout(600_000);
  let work = '';
  let tarball = '';
  const apps: App[] = [];

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'tabula-package-'));
    const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], ROOT)) as {
      filename: string;
    }[];
    tarball = join(work, (packed[0] as { filename: string }).filename);
    apps.push(
      {
        dir: join(work, 'esm-app'),
        type: 'module',
        inversify: 'inversify@^8',
        imports: [
          "import { Container } from 'inversify';",
          "import { defineEntity, p, Tabula } from 'tabula-orm';",
          "import { httpUnitOfWork, repositoryToken, tabulaModule } from 'tabula-orm/di';",
          "import { planSummary } from 'tabula-orm/testing';",
        ].join('\n'),
      },
      {
        dir: join(work, 'cjs-app'),
        type: 'commonjs',
        inversify: 'inversify@^7.8',
        imports: [
          "import inversify = require('inversify');",
          "import tabula = require('tabula-orm');",
          "import di = require('tabula-orm/di');",
          "import testing = require('tabula-orm/testing');",
          'const { planSummary } = testing;',
          'const { Container } = inversify;',
          'const { defineEntity, p, Tabula } = tabula;',
          'const { httpUnitOfWork, repositoryToken, tabulaModule } = di;',
        ].join('\n'),
      },
    );
    for (const app of apps) {
      mkdirSync(app.dir);
      writeFileSync(
        join(app.dir, 'package.json'),
        JSON.stringify({ name: `tabula-${app.type}-app`, private: true, type: app.type }, null, 2),
      );
      writeFileSync(
        join(app.dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            module: 'nodenext',
            moduleResolution: 'nodenext',
            strict: true,
            skipLibCheck: false,
            types: ['node'],
            outDir: 'out',
          },
          include: ['*.ts'],
        }),
      );
      writeFileSync(join(app.dir, 'note.ts'), ENTITIES);
      writeFileSync(join(app.dir, 'main.ts'), appSource(app.imports));
      run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball, app.inversify], app.dir);
      for (const name of LINKED) {
        mkdirSync(join(app.dir, 'node_modules', name, '..'), { recursive: true });
        symlinkSync(join(ROOT, 'node_modules', name), join(app.dir, 'node_modules', name));
      }
    }
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ships dist/ (both builds), LICENSE and package.json, and no sources, specs or databases', () => {
    const listing = run('tar', ['-tzf', tarball], work).trim().split('\n');
    const top = new Set(listing.map((f) => f.split('/').slice(1, 3).join('/')));
    expect([...top].filter((f) => !f.startsWith('dist/')).sort()).to.deep.equal([
      'LICENSE',
      'README.md',
      'package.json',
    ]);
    expect(top.has('dist/cjs') && top.has('dist/esm')).to.equal(true);
    expect(listing.filter((f) => /\.db$|\/spec\/|\/lib\/.*\.ts$/.test(f))).to.deep.equal([]);
  });

  for (const type of ['module', 'commonjs'] as const) {
    it(`type-checks and runs a ${type === 'module' ? 'ESM' : 'CommonJS'} app: a flush, a find, and one request through the DI scope`, () => {
      const app = apps.find((a) => a.type === type) as App;
      run(process.execPath, [join(app.dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], app.dir);
      const db = join(app.dir, 'app.db');
      const out = run(process.execPath, [join('out', 'main.js'), db], app.dir)
        .trim()
        .split('\n')
        .pop() as string;
      expect(JSON.parse(out)).to.deep.equal({
        steps: [{ kind: 'insert', table: 'notes', rows: 1 }],
        found: 1,
        status: 201,
        created: { id: 2, text: 'over http' },
        texts: ['first', 'over http'],
      });
      const version = JSON.parse(
        readFileSync(join(app.dir, 'node_modules', 'inversify', 'package.json'), 'utf8'),
      ).version;
      expect(version.split('.')[0]).to.equal(type === 'module' ? '8' : '7');
    });
  }

  it('runs the README example as written, twice (the second run updates instead of failing)', () => {
    const app = apps.find((a) => a.type === 'module') as App;
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const example = /## Example\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example, 'README has an ## Example section with a ts block').to.be.a('string');
    const dir = join(work, 'readme-app');
    cpSync(app.dir, dir, { recursive: true, verbatimSymlinks: true });
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.ts') || f === 'out'))
      rmSync(join(dir, f), { recursive: true });
    writeFileSync(join(dir, 'readme.ts'), example as string);
    run(process.execPath, [join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], dir);
    const first = run(process.execPath, [join('out', 'readme.js')], dir);
    const second = run(process.execPath, [join('out', 'readme.js')], dir);
    const third = run(process.execPath, [join('out', 'readme.js')], dir);
    expect(first).to.match(/insert/i);
    expect(second).to.match(/update/i);
    expect(second).to.contain("name: 'Ann B.'");
    expect(third).to.contain("name: 'Ann B.'");
  });
});

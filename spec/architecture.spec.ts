import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { boundaryViolations, type LayerTable, readLayerTable } from './support/boundaries';

const ROOT = resolve(__dirname, '..');
const table = () => readLayerTable(readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8'));

describe('architecture', () => {
  it('reads its layer table from docs/architecture.md', () => {
    const layers = table();
    expect(layers.get('errors')).to.deep.equal(new Set());
    expect(layers.get('flush')).to.deep.equal(new Set(['errors', 'types', 'mapping', 'sql', 'unit-of-work']));
    expect(layers.get('index')).to.equal('*');
  });

  it('lib/ keeps the layer table and the rules beside it', () => {
    expect(boundaryViolations(join(ROOT, 'lib'), table())).to.deep.equal([]);
  });

  describe('each rule can fail (a small lib/ tree with one violation)', () => {
    const fixtureTable: LayerTable = new Map<string, ReadonlySet<string> | '*'>([
      ['errors', new Set()],
      ['low', new Set(['errors'])],
      ['high', new Set(['errors', 'low'])],
      ['dialects', new Set(['low'])],
      ['index', '*'],
    ]);
    let lib = '';
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(lib, path)), { recursive: true });
      writeFileSync(join(lib, path), text);
    };
    const violations = () => boundaryViolations(lib, fixtureTable);

    beforeEach(() => {
      lib = join(mkdtempSync(join(tmpdir(), 'tabula-boundaries-')), 'lib');
      write('errors.ts', 'export class E extends Error {}\n');
      write('low/index.ts', "export { part } from './part.js';\n");
      write('low/part.ts', "import { E } from '../errors.js';\nexport const part = () => new E();\n");
      write('high/index.ts', "import { part } from '../low/index.js';\nexport const top = part;\n");
      write('dialects/a/index.ts', 'export const a = 1;\n');
      write('dialects/b/index.ts', 'export const b = 2;\n');
      write('index.ts', "export { top } from './high/index.js';\nexport { part } from './low/part.js';\n");
    });
    afterEach(() => rmSync(dirname(lib), { recursive: true, force: true }));

    it('passes the clean tree', () => {
      expect(violations()).to.deep.equal([]);
    });

    it('fails a static import that points up', () => {
      write('low/up.ts', "import { top } from '../high/index.js';\nexport const up = top;\n");
      expect(violations()).to.deep.equal([
        'low/up.ts: imports ../high/index.js (low -> high, not in its row of the layer table)',
      ]);
    });

    it('fails an import type, a re-export, an import() and a require that point up', () => {
      write('low/t.ts', "import type { top } from '../high/index.js';\nexport type T = typeof top;\n");
      write('low/r.ts', "export { top } from '../high/index.js';\n");
      write('low/d.ts', "export const lazy = () => import('../high/index.js');\n");
      write('low/q.ts', "export const eager = require('../high/index.js');\n");
      expect(violations().sort()).to.deep.equal([
        'low/d.ts: imports ../high/index.js (low -> high, not in its row of the layer table)',
        'low/q.ts: imports ../high/index.js (low -> high, not in its row of the layer table)',
        'low/r.ts: imports ../high/index.js (low -> high, not in its row of the layer table)',
        'low/t.ts: imports ../high/index.js (low -> high, not in its row of the layer table)',
      ]);
    });

    it('fails an import past another room’s index.ts (but not from the public entry)', () => {
      write('high/deep.ts', "import { part } from '../low/part.js';\nexport const deep = part;\n");
      expect(violations()).to.deep.equal(['high/deep.ts: imports ../low/part.js, past low/index.ts']);
    });

    it('fails dialects/<a> importing dialects/<b>', () => {
      write('dialects/a/x.ts', "import { b } from '../b/index.js';\nexport const x = b;\n");
      expect(violations()).to.deep.equal(['dialects/a/x.ts: imports ../b/index.js (dialects/a -> dialects/b)']);
    });

    it('fails new Function outside the generated-source module', () => {
      write('high/gen.ts', "export const f = new Function('x', 'return x');\n");
      expect(violations()).to.deep.equal([
        'high/gen.ts: calls new Function (generated code goes through mapping/hot-paths/generated-source.ts)',
      ]);
    });

    it('fails a relative import without the .js extension the ESM build needs', () => {
      write('high/bare.ts', "import { part } from '../low';\nexport const bare = part;\n");
      expect(violations()).to.deep.equal([
        'high/bare.ts: imports ../low without .js (the ESM build runs these specifiers as written)',
      ]);
    });

    it('fails a room missing from the table, and a branch on the database outside dialects/', () => {
      write('stray/index.ts', 'export const s = 1;\n');
      write('high/which.ts', "export const isMysql = (name: string) => name === 'mysql';\n");
      expect(violations().sort()).to.deep.equal([
        'high/which.ts: branches on which database it is (that belongs in lib/dialects/)',
        'stray/index.ts: room "stray" is not in the layer table of docs/architecture.md',
      ]);
    });
  });
});

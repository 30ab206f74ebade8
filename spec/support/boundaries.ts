/**
 * The boundary check behind spec/architecture.spec.ts: reads the layer table of
 * docs/architecture.md and lists every import in a lib/ tree that breaks it. Imports are read by
 * TypeScript's own pre-processor, so static imports, `import type`, re-exports, `import()` and
 * `require` all count. Relative specifiers are written as the ESM build runs them (`./x.js`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** Room name (`errors`, `flush`, `tabula`, `index`…) → the rooms it may import, or '*' for any. */
export type LayerTable = ReadonlyMap<string, ReadonlySet<string> | '*'>;

const START = '<!-- layer-table:start -->';
const END = '<!-- layer-table:end -->';

/** `errors.ts` → `errors`, `flush/` → `flush`. */
const roomName = (cell: string) => cell.replace(/`/g, '').trim().replace(/\/$/, '').replace(/\.ts$/, '');

/** The layer table between the markers of an architecture page. */
export function readLayerTable(markdown: string): LayerTable {
  const start = markdown.indexOf(START);
  const end = markdown.indexOf(END);
  if (start < 0 || end < start) throw new Error(`architecture page: no table between ${START} and ${END}`);
  const table = new Map<string, ReadonlySet<string> | '*'>();
  for (const line of markdown.slice(start + START.length, end).split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    // | room | what | may import |  → ['', room, what, imports, '']
    if (cells.length < 5 || !cells[1]?.startsWith('`')) continue;
    const room = roomName(cells[1]);
    const imports = cells[3] as string;
    table.set(
      room,
      imports === '*'
        ? '*'
        : new Set(
            imports === '—' || imports === '-' || imports === '' ? [] : imports.split(',').map((s) => roomName(s)),
          ),
    );
  }
  if (table.size === 0) throw new Error('architecture page: the layer table has no rows');
  return table;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.[cm]?ts$/.test(name) ? [p] : [];
  });
}

/** The file a relative specifier names (`x.ts`, or `x/index.ts`), or undefined. */
function resolveImport(from: string, specifier: string): string | undefined {
  // Sources name their imports as the emitted ESM will (`./x.js`, `../room/index.js`).
  const base = resolve(dirname(from), specifier.replace(/\.js$/, ''));
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

const ENTRY_ROOMS = new Set(['index', 'entry-points']);
const GENERATED_SOURCE = ['mapping', 'hot-paths', 'generated-source.ts'].join(sep);

/** Every way `lib` breaks the table and the rules beside it, one line each (empty when it keeps them). */
export function boundaryViolations(lib: string, table: LayerTable): string[] {
  const out: string[] = [];
  for (const file of sourceFiles(lib)) {
    const path = relative(lib, file);
    const parts = path.split(sep);
    const room = roomName(parts[0] as string);
    const allowed = table.get(room);
    if (allowed === undefined) {
      out.push(`${path}: room "${room}" is not in the layer table of docs/architecture.md`);
      continue;
    }
    const source = readFileSync(file, 'utf8');
    const { importedFiles } = ts.preProcessFile(source, true, true);
    for (const { fileName: specifier } of importedFiles) {
      if (!specifier.startsWith('.')) continue;
      if (!specifier.endsWith('.js'))
        out.push(`${path}: imports ${specifier} without .js (the ESM build runs these specifiers as written)`);
      const target = resolveImport(file, specifier);
      if (!target) {
        out.push(`${path}: imports ${specifier}, which names no file`);
        continue;
      }
      const targetPath = relative(lib, target);
      if (targetPath.startsWith('..')) {
        out.push(`${path}: imports ${specifier}, outside lib/`);
        continue;
      }
      const targetParts = targetPath.split(sep);
      const targetRoom = roomName(targetParts[0] as string);
      if (targetRoom === room) {
        // dialects/<a> never imports dialects/<b>: each dialect's differences live in its own folder.
        if (room === 'dialects' && parts.length > 2 && targetParts.length > 2 && parts[1] !== targetParts[1])
          out.push(`${path}: imports ${specifier} (dialects/${parts[1]} -> dialects/${targetParts[1]})`);
        continue;
      }
      if (allowed !== '*' && !allowed.has(targetRoom))
        out.push(`${path}: imports ${specifier} (${room} -> ${targetRoom}, not in its row of the layer table)`);
      const isFolder = targetParts.length > 1;
      if (isFolder && !ENTRY_ROOMS.has(room) && targetPath !== join(targetRoom, 'index.ts'))
        out.push(`${path}: imports ${specifier}, past ${targetRoom}/index.ts`);
    }
    if (path !== GENERATED_SOURCE && /\bnew\s+Function\s*\(/.test(source))
      out.push(`${path}: calls new Function (generated code goes through mapping/hot-paths/generated-source.ts)`);
    if (
      room !== 'dialects' &&
      /===?\s*['"](sqlite|postgres|mysql)['"]|case\s+['"](sqlite|postgres|mysql)['"]/.test(source)
    )
      out.push(`${path}: branches on which database it is (that belongs in lib/dialects/)`);
  }
  return out;
}

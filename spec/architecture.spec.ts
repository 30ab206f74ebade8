import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const LIB = resolve(__dirname, '..', 'lib');

/**
 * Which lib/ areas each area may import (DESIGN.md's layer table: dependencies point down).
 * `types` sits below `mapping` because mappers are built from column types.
 */
const ALLOWED: Record<string, readonly string[]> = {
  errors: [],
  types: ['errors'],
  mapping: ['errors', 'types'],
  sql: ['errors', 'types', 'mapping'],
  connection: ['errors'],
  dialects: ['errors', 'types', 'sql', 'connection'],
  'unit-of-work': ['errors', 'types', 'mapping', 'sql', 'connection', 'dialects'],
  query: ['errors', 'types', 'mapping', 'sql', 'connection', 'dialects'],
  'entity-manager': ['errors', 'types', 'mapping', 'sql', 'connection', 'dialects', 'unit-of-work', 'query', 'schema'],
  schema: ['errors', 'types', 'mapping', 'sql', 'connection', 'dialects'],
  di: ['errors', 'types', 'mapping', 'sql', 'connection', 'dialects', 'unit-of-work', 'query', 'entity-manager'],
  cli: [],
  index: [],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function area(file: string): string {
  const first = relative(LIB, file).split('/')[0] as string;
  return first.replace(/\.ts$/, '');
}

function imports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)].map((m) => m[1] as string);
}

describe('architecture', () => {
  it('lib/ imports only point down the layer table of DESIGN.md', () => {
    const violations: string[] = [];
    for (const file of files(LIB)) {
      const from = area(file);
      if (from === 'index' || from === 'cli') continue;
      const allowed = ALLOWED[from];
      if (!allowed) {
        violations.push(`${relative(LIB, file)}: area "${from}" is not in the layer table`);
        continue;
      }
      for (const spec of imports(file)) {
        const to = area(resolve(dirname(file), spec));
        if (to !== from && !allowed.includes(to))
          violations.push(`${relative(LIB, file)} imports ${spec} (${from} -> ${to})`);
      }
    }
    expect(violations).to.deep.equal([]);
  });

  it('nothing outside lib/dialects/ branches on which database it is', () => {
    const offenders = files(LIB)
      .filter((f) => area(f) !== 'dialects')
      .filter((f) =>
        /===?\s*['"](sqlite|postgres|mysql)['"]|case\s+['"](sqlite|postgres|mysql)['"]/.test(readFileSync(f, 'utf8')),
      )
      .map((f) => relative(LIB, f));
    expect(offenders).to.deep.equal([]);
  });
});

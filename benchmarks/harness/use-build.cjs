/**
 * Runs Tabula as its users do: every module of `lib/` (the TypeScript source, which tsx compiles on
 * the fly) is answered by the same module of `dist/cjs/`, the build that `npm run build` makes and
 * the package ships. Preloaded beside tsx (`node --import tsx --require ./benchmarks/harness/use-build.cjs …`),
 * so the benchmarks' own TypeScript still runs through tsx; the package is CommonJS, so tsx turns
 * their imports into `require` calls, which this redirects.
 *
 * Why it matters: tsx keeps function names by wrapping every function it creates at run time
 * (`__name`, an `Object.defineProperty` per closure), and it does the same to an ES module it is
 * asked to `require`, so the CommonJS build is the one that runs untouched. On a web request's path
 * those wrappers cost µs that no user pays.
 *
 * A build older than any file of `lib/` is refused, so a figure never comes from code other than
 * the checkout's (the provenance records the commit and whether it was dirty).
 */
const Module = require('node:module');
const { existsSync, readdirSync, statSync } = require('node:fs');
const path = require('node:path');

const LIB = path.resolve(__dirname, '../../lib') + path.sep;
const DIST = path.resolve(__dirname, '../../dist/cjs') + path.sep;

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

const index = `${DIST}index.js`;
if (!existsSync(index)) throw new Error(`${index} is missing: run \`npm run build\` first`);
if (newestSource(LIB) > statSync(index).mtimeMs) {
  throw new Error('dist/ is older than lib/: run `npm run build` first (the benchmark runs the build)');
}
// Workers spawned by the harness preload this file too (harness/spawn-run.ts), and the report says so.
process.env.TABULA_BENCH_BUILD = __filename;

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveToBuild(request, parent, ...rest) {
  const resolved = resolveFilename.call(this, request, parent, ...rest);
  if (!resolved.startsWith(LIB) || !resolved.endsWith('.ts')) return resolved;
  const built = `${DIST}${resolved.slice(LIB.length, -'.ts'.length)}.js`;
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first`);
  return built;
};

/**
 * Imports a user's module (a migration, a `tabula.config.ts`) the way users expect TypeScript to
 * load: natively when the running Node can (a .js file, or a .ts file under `node --import tsx`,
 * or Node ≥ 22.6 stripping types), else through `tsx`'s `tsImport` when tsx is installed.
 */
import { pathToFileURL } from 'node:url';

const TYPESCRIPT = /\.(c|m)?tsx?$/;
/** Named in a variable so that a bundler of an application does not pull tsx (and esbuild) in. */
const TSX_API = 'tsx/esm/api';

/** The module's namespace object. */
export async function importModule(file: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href;
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (e) {
    if (!TYPESCRIPT.test(file) || !isUnknownExtension(e)) throw e;
  }
  let tsImport: (specifier: string, parent: string) => Promise<unknown>;
  try {
    ({ tsImport } = (await import(TSX_API)) as { tsImport: typeof tsImport });
  } catch (cause) {
    throw new Error(
      `${file} is TypeScript, and this Node (${process.version}) cannot load TypeScript by itself. ` +
        'Install tsx (npm install -D tsx), run on Node ≥ 22.6 with --experimental-strip-types, or compile the file to .js.',
      { cause },
    );
  }
  return (await tsImport(url, pathToFileURL(`${process.cwd()}/`).href)) as Record<string, unknown>;
}

function isUnknownExtension(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'ERR_UNKNOWN_FILE_EXTENSION' || code === 'ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING';
}

/**
 * The exported object that has `key`: the namespace itself (named exports), its default export,
 * or — for a TypeScript file compiled to CommonJS — the default export's own `default`.
 */
export function exported<K extends string>(namespace: Record<string, unknown>, key: K): Record<K, unknown> | undefined {
  let candidate: unknown = namespace;
  for (let depth = 0; depth < 3 && candidate !== null && typeof candidate === 'object'; depth++) {
    if (typeof (candidate as Record<string, unknown>)[key] !== 'undefined') return candidate as Record<K, unknown>;
    candidate = (candidate as Record<string, unknown>).default;
  }
  return undefined;
}

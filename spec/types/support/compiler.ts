/** The TypeScript compiler API as the type specs use it: a tsconfig read, and diagnostics as lines. */
import * as ts from 'typescript';

/** The parsed tsconfig at `path` (with `extends` followed); a problem reading it throws. */
export function readTsconfig(path: string): ts.ParsedCommandLine {
  const config = ts.getParsedCommandLineOfConfigFile(
    path,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error(`cannot read ${path}`);
  return config;
}

/** `line: message` of a diagnostic, 1-based; only the message's first line with `firstLine`. */
export function describeDiagnostic(d: ts.Diagnostic, options: { readonly firstLine?: boolean } = {}): string {
  const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  const message = options.firstLine ? (text.split('\n')[0] ?? '') : text;
  const line = d.file ? d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1 : 0;
  return `${line}: ${message}`;
}

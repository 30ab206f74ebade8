/** The names an entry point exports, read by the TypeScript compiler: values and types apart. */
import ts from 'typescript';

export interface PublicNames {
  readonly values: string[];
  readonly types: string[];
}

export function publicNames(entry: string): PublicNames {
  const program = ts.createProgram([entry], {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  const module = source && checker.getSymbolAtLocation(source);
  if (!module) throw new Error(`${entry}: not a module`);
  const values: string[] = [];
  const types: string[] = [];
  for (const exported of checker.getExportsOfModule(module)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    // `export { type X }` of a class is a type-only name to the importer, though the symbol is a value.
    const declaration = exported.declarations?.[0];
    const typeOnly =
      declaration !== undefined &&
      ts.isExportSpecifier(declaration) &&
      (declaration.isTypeOnly || declaration.parent.parent.isTypeOnly);
    (symbol.flags & ts.SymbolFlags.Value && !typeOnly ? values : types).push(exported.name);
  }
  return { values: values.sort(), types: types.sort() };
}

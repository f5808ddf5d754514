// Loads a TypeScript spec: the module is imported with tsx's `tsImport` and its default export is the
// spec. The TypeScript compiler (slow to load, ~2 s here) is only required when it is needed: to give
// line:col for a module that fails to import, and to locate fields once validation has issues to place.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type ts from 'typescript';
import { SpecError } from './issues.ts';
import type { SpecIssue } from './issues.ts';
import { isPlainObject } from './json-pointer.ts';
import type { LoadedSpec, SourcePosition } from './loaded-spec.ts';
import { createTsLocator } from './locate-ts.ts';

const requireTypeScript = (): typeof ts => createRequire(import.meta.url)('typescript') as typeof ts;

export async function loadTsSpec(text: string, absolutePath: string, file: string): Promise<LoadedSpec> {
  const exported = await importDefault(text, absolutePath, file);
  let locator: ((pointer: string) => SourcePosition | undefined) | undefined;
  return {
    file,
    format: 'ts',
    raw: withoutUndefined(exported),
    locate(pointer) {
      locator ??= createTsLocator(requireTypeScript(), absolutePath, text);
      return locator(pointer);
    },
  };
}

async function importDefault(text: string, absolutePath: string, file: string): Promise<unknown> {
  const { tsImport } = await import('tsx/esm/api');
  let module: unknown;
  try {
    module = await tsImport(pathToFileURL(absolutePath).href, import.meta.url);
  } catch (error) {
    const syntaxIssues = syntaxErrors(text, absolutePath, file);
    if (syntaxIssues.length > 0) throw new SpecError(syntaxIssues);
    const reason = error instanceof Error ? error.message : String(error);
    throw new SpecError([{ file, path: '', message: `could not import the spec module: ${reason}` }]);
  }
  const exported = defaultExport(module);
  if (exported === undefined) {
    throw new SpecError([{ file, path: '', message: 'no default export; write `export default defineExperiment({ ... })`' }]);
  }
  return exported;
}

/** The default export; outside a "type": "module" package tsx compiles to CommonJS, which nests it once more. */
function defaultExport(module: unknown): unknown {
  if (!isPlainObject(module) || !('default' in module)) return undefined;
  const exported = module.default;
  const isCommonJsInterop = isPlainObject(exported) && (exported as { __esModule?: unknown }).__esModule === true;
  return isCommonJsInterop ? exported.default : exported;
}

/** Syntax errors with positions, from the TypeScript parser (esbuild's messages are harder to map). */
function syntaxErrors(text: string, absolutePath: string, file: string): SpecIssue[] {
  const tsApi = requireTypeScript();
  const { diagnostics = [] } = tsApi.transpileModule(text, { fileName: absolutePath, reportDiagnostics: true });
  return diagnostics
    .filter((diagnostic) => diagnostic.category === tsApi.DiagnosticCategory.Error)
    .map((diagnostic) => {
      const position = diagnostic.file?.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      return {
        file,
        ...(position === undefined ? {} : { line: position.line + 1, column: position.character + 1 }),
        path: '',
        message: `TypeScript syntax error: ${tsApi.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`,
      };
    });
}

/** Drops `undefined`-valued properties, which TS writes for "not set" but JSON Schema would call a type error. */
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (!isPlainObject(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (child !== undefined) result[key] = withoutUndefined(child);
  }
  return result;
}

// Entry point for reading a spec file: dispatches on the extension (.yaml/.yml/.json → YAML parser,
// .ts/.mts → tsx import) and reports a missing file or unsupported extension as a SpecError.
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import { SpecError } from './issues.ts';
import type { LoadedSpec } from './loaded-spec.ts';
import { loadTsSpec } from './load-ts.ts';
import { loadYamlSpec } from './load-yaml.ts';

export type { LoadedSpec, SourcePosition } from './loaded-spec.ts';

const YAML_EXTENSIONS = ['.yaml', '.yml', '.json'];
const TS_EXTENSIONS = ['.ts', '.mts'];

export async function loadSpecFile(path: string): Promise<LoadedSpec> {
  const absolutePath = resolve(path);
  const file = displayName(absolutePath);
  const extension = extname(absolutePath).toLowerCase();
  if (!YAML_EXTENSIONS.includes(extension) && !TS_EXTENSIONS.includes(extension)) {
    const supported = [...YAML_EXTENSIONS, ...TS_EXTENSIONS].join(', ');
    throw new SpecError([{ file, path: '', message: `unsupported spec extension "${extension}" (supported: ${supported})` }]);
  }
  const text = await readText(absolutePath, file);
  return TS_EXTENSIONS.includes(extension) ? loadTsSpec(text, absolutePath, file) : loadYamlSpec(text, file);
}

async function readText(absolutePath: string, file: string): Promise<string> {
  try {
    return await readFile(absolutePath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'spec file not found' : code === 'EISDIR' ? 'is a directory, not a spec file' : String(error);
    throw new SpecError([{ file, path: '', message: reason }]);
  }
}

/** Relative to the working directory when the file is inside it, as users typed it; absolute otherwise. */
function displayName(absolutePath: string): string {
  const fromCwd = relative(process.cwd(), absolutePath);
  return fromCwd.startsWith('..') || isAbsolute(fromCwd) ? absolutePath : fromCwd;
}

import { createRequire } from 'node:module';
import { join } from 'node:path';
import type ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const tsApi = createRequire(import.meta.url)('typescript') as typeof ts;

describe('defineExperiment typing', () => {
  it('type-checks the typing fixture: valid specs compile and each @ts-expect-error is a real error', () => {
    const config = tsApi.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, {
      ...tsApi.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(tsApi.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    });
    // Only the fixture, dsl/define.ts and dsl/types.ts, without Node's or the DOM's typings, to keep this fast;
    // valid.ts and the rest of the project are type-checked by `npm test` (tsc --noEmit).
    const options = { ...config!.options, types: [], lib: ['lib.es2022.d.ts'] };
    const program = tsApi.createProgram([join(ROOT, 'tests', 'fixtures', 'specs', 'typing.ts')], options);
    expect(program.getSourceFiles().map((f) => f.fileName).filter((f) => !f.includes('node_modules')).length).toBe(3);
    const diagnostics = tsApi.getPreEmitDiagnostics(program).map((d) => tsApi.flattenDiagnosticMessageText(d.messageText, ' '));
    expect(diagnostics).toEqual([]);
  });
});

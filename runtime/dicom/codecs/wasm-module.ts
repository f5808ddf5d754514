// Loads the cornerstone WASM codecs synchronously, so readDicom can stay synchronous (the data loader is).
// Emscripten's documented `instantiateWasm` hook lets us instantiate with WebAssembly.Instance (synchronous in
// Node for any size); the factory then runs its start-up before returning, attaching the decoder classes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { CodecError } from './decoded-frame.ts';

const require = createRequire(import.meta.url);

type InstantiateWasm = (imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => WebAssembly.Exports;
interface ModuleArg {
  instantiateWasm: InstantiateWasm;
  print: (text: string) => void;
  printErr: (text: string) => void;
}
type EmscriptenFactory = (moduleArg: ModuleArg) => Promise<unknown>;

export interface WasmModule {
  /** The emscripten module object, holding the decoder classes. */
  exports: object;
  /** Error lines the codec printed (OpenJPEG reports a damaged stream this way, not by throwing); callers clear it. */
  errors: string[];
}

const loaded = new Map<string, WasmModule>();

/** The module of `jsEntry` (an exported path of the package), loaded once per process. */
export function loadWasmModule(jsEntry: string, wasmEntry: string): WasmModule {
  const cached = loaded.get(jsEntry);
  if (cached) return cached;
  const factory = require(jsEntry) as EmscriptenFactory;
  const compiled = new WebAssembly.Module(readFileSync(require.resolve(wasmEntry)));
  const errors: string[] = [];
  const moduleArg: ModuleArg = {
    // OpenJPEG logs [INFO] progress on stdout, which would break progress bars; only errors are kept.
    print: (text) => {
      if (text.startsWith('[ERROR]')) errors.push(text);
    },
    printErr: (text) => errors.push(text),
    instantiateWasm: (imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => {
      const instance = new WebAssembly.Instance(compiled, imports);
      done(instance, compiled);
      return instance.exports;
    },
  };
  let failure: unknown;
  factory(moduleArg).catch((error: unknown) => {
    failure = error;
  });
  if (failure !== undefined) throw new CodecError(`${jsEntry} failed to start: ${String(failure)}`);
  const module = { exports: moduleArg, errors };
  loaded.set(jsEntry, module);
  return module;
}

/** A decoder class the module must export; missing means the package changed how it starts up. */
export function getDecoderClass<T>(module: object, name: string, jsEntry: string): new () => T {
  const value: unknown = (module as Record<string, unknown>)[name];
  if (typeof value !== 'function') throw new CodecError(`${jsEntry} did not provide ${name} synchronously (codec package changed?)`);
  return value as new () => T;
}

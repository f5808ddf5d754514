// Chooses the TensorFlow.js backend: native TensorFlow (tfjs-node[-gpu]) when it is installed, else WASM
// (XNNPACK, SIMD), else the pure-JS cpu backend. Imports are dynamic so that absent packages cost nothing.
import * as tf from '@tensorflow/tfjs';
import { installHeapViewSlice } from './model/kernels/heap-view-slice.ts';
import { installZeroCopyIdentity } from './model/kernels/zero-copy-identity.ts';

export type BackendChoice = 'auto' | 'wasm' | 'cpu' | 'tensorflow';

export interface BackendInfo {
  /** The tfjs backend name now active ('tensorflow', 'wasm' or 'cpu'). */
  name: string;
  /** One line for logs: which package, SIMD/threads, why a fallback was taken. */
  detail: string;
}

const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

/** Imports a package that may not be installed; the specifier is a variable so tsc does not resolve it. */
async function tryImport(specifier: string): Promise<unknown> {
  try {
    const module: unknown = await import(specifier);
    return module;
  } catch {
    return undefined;
  }
}

async function initNative(): Promise<BackendInfo | undefined> {
  for (const pkg of NATIVE_PACKAGES) {
    if ((await tryImport(pkg)) === undefined) continue;
    if (await tf.setBackend('tensorflow')) {
      await tf.ready();
      return { name: 'tensorflow', detail: `${pkg} (native TensorFlow)` };
    }
  }
  return undefined;
}

async function initWasm(): Promise<BackendInfo> {
  await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs WASM backend failed to initialise');
  await tf.ready();
  installZeroCopyIdentity();
  installHeapViewSlice();
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
  const threads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
  return { name: 'wasm', detail: `@tensorflow/tfjs-backend-wasm (XNNPACK, SIMD ${simd ? 'on' : 'off'}, ${threads ? 'threaded' : '1 thread'})` };
}

async function initCpu(): Promise<BackendInfo> {
  // silences tfjs's "install tfjs-node" banner: initBackend has already looked for it
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
  await tf.ready();
  return { name: 'cpu', detail: '@tensorflow/tfjs-backend-cpu (pure JavaScript)' };
}

/** Activates the requested backend; 'auto' prefers native TensorFlow, then WASM, then cpu. */
export async function initBackend(choice: BackendChoice): Promise<BackendInfo> {
  switch (choice) {
    case 'cpu':
      return initCpu();
    case 'wasm':
      return initWasm();
    case 'tensorflow': {
      const native = await initNative();
      if (native) return native;
      throw new Error(`backend 'tensorflow' needs ${NATIVE_PACKAGES.join(' or ')}, and neither is installed`);
    }
    case 'auto': {
      const native = await initNative();
      if (native) return native;
      try {
        const wasm = await initWasm();
        return { ...wasm, detail: `${wasm.detail}; tfjs-node not installed` };
      } catch (error) {
        const cpu = await initCpu();
        return { ...cpu, detail: `${cpu.detail}; WASM unavailable: ${String(error)}` };
      }
    }
  }
}

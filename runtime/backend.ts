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
  /** How it was chosen: named in the spec, or picked by 'auto' (and why). */
  reason: string;
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

type Initialised = Omit<BackendInfo, 'reason'>;

async function initNative(): Promise<Initialised | undefined> {
  for (const pkg of NATIVE_PACKAGES) {
    if ((await tryImport(pkg)) === undefined) continue;
    if (await tf.setBackend('tensorflow')) {
      await tf.ready();
      return { name: 'tensorflow', detail: `${pkg} (native TensorFlow)` };
    }
  }
  return undefined;
}

async function initWasm(): Promise<Initialised> {
  await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs WASM backend failed to initialise');
  await tf.ready();
  installZeroCopyIdentity();
  installHeapViewSlice();
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
  const threads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
  return { name: 'wasm', detail: `@tensorflow/tfjs-backend-wasm (XNNPACK, SIMD ${simd ? 'on' : 'off'}, ${threads ? 'threaded' : '1 thread'})` };
}

async function initCpu(): Promise<Initialised> {
  // silences tfjs's "install tfjs-node" banner: initBackend has already looked for it
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
  await tf.ready();
  return { name: 'cpu', detail: '@tensorflow/tfjs-backend-cpu (pure JavaScript)' };
}

/**
 * Activates the requested backend; 'auto' prefers native TensorFlow, then WASM, then cpu, and says in `reason`
 * (also appended to `detail`, which the CLI logs) which one it took and why.
 */
export async function initBackend(choice: BackendChoice): Promise<BackendInfo> {
  const requested = (info: Initialised): BackendInfo => ({ ...info, reason: `requested '${choice}'` });
  const chosen = (info: Initialised, why: string): BackendInfo => {
    const reason = `auto chose ${info.name}: ${why}`;
    return { ...info, detail: `${info.detail}; ${reason}`, reason };
  };
  switch (choice) {
    case 'cpu':
      return requested(await initCpu());
    case 'wasm':
      return requested(await initWasm());
    case 'tensorflow': {
      const native = await initNative();
      if (native) return requested(native);
      throw new Error(`backend 'tensorflow' needs ${NATIVE_PACKAGES.join(' or ')}, and neither is installed`);
    }
    case 'auto': {
      const native = await initNative();
      if (native) return chosen(native, 'native TensorFlow is installed (fastest)');
      try {
        return chosen(await initWasm(), `${NATIVE_PACKAGES.join(' / ')} not installed`);
      } catch (error) {
        return chosen(await initCpu(), `tfjs-node not installed and WASM unavailable (${String(error)})`);
      }
    }
  }
}

// Glue between tfjs kernels and the SIMD kernel module: copy a kernel's inputs into the module's arena,
// run it, copy the outputs into tensors of the calling backend (wasm heap or cpu arrays). Registered for
// the wasm and cpu backends; on others the callers use plain tfjs ops.
import * as tf from '@tensorflow/tfjs';
import { simdKernels, type SimdKernels } from './simd-module.ts';

export const SIMD_KERNEL_BACKENDS = ['wasm', 'cpu'] as const;

interface HeapBackend {
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
}

function isHeapBackend(backend: object): backend is HeapBackend {
  return 'typedArrayFromHeap' in backend && 'makeOutput' in backend;
}

function readInput(backend: tf.KernelBackend, info: tf.TensorInfo): Float32Array {
  if (isHeapBackend(backend)) return backend.typedArrayFromHeap(info);
  return backend.readSync(info.dataId) as Float32Array;
}

function writeOutput(backend: tf.KernelBackend, shape: number[], src: Float32Array): tf.TensorInfo {
  if (isHeapBackend(backend)) {
    const out = backend.makeOutput(shape, 'float32');
    backend.typedArrayFromHeap(out).set(src);
    return out;
  }
  return { dataId: backend.write(src.slice(), shape, 'float32'), shape, dtype: 'float32' };
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * Copies `inputs` into the arena, reserves `outputShapes` and `scratchFloats`, calls `run` with the byte
 * offsets, and returns the outputs as backend tensors. Inputs are copied before any output is allocated
 * on the backend, since allocation may grow (and detach) the wasm heap.
 */
export function runInArena(
  backend: tf.KernelBackend, inputs: tf.TensorInfo[], outputShapes: number[][], scratchFloats: number,
  run: (kernels: SimdKernels['exports'], inputAt: number[], outputAt: number[], scratchAt: number) => void,
): tf.TensorInfo[] {
  const k = requireSimdKernels();
  const inSizes = inputs.map((i) => size(i.shape));
  const outSizes = outputShapes.map(size);
  const total = [...inSizes, ...outSizes].reduce((a, b) => a + b, 0) + scratchFloats;
  let at = k.reserve(total);
  const place = (n: number): number => {
    const offset = at;
    at += n * 4;
    return offset;
  };
  const inputAt = inSizes.map(place);
  const outputAt = outSizes.map(place);
  const scratchAt = place(scratchFloats);
  const heap = k.heap();
  inputs.forEach((info, i) => heap.set(readInput(backend, info), inputAt[i] / 4));
  run(k.exports, inputAt, outputAt, scratchAt);
  const after = k.heap();
  return outputShapes.map((shape, i) => writeOutput(backend, shape, after.subarray(outputAt[i] / 4, outputAt[i] / 4 + outSizes[i])));
}

export function requireSimdKernels(): SimdKernels {
  const k = simdKernels();
  if (!k) throw new Error('WebAssembly SIMD kernels are unavailable');
  return k;
}

export type SimdKernelFunc = (inputs: tf.TensorInfo[], attrs: tf.NamedAttrMap, backend: tf.KernelBackend) => tf.TensorInfo | tf.TensorInfo[];

const registered = new Set<string>();

/** Registers a kernel (inputs passed positionally as x0, x1, …) for every SIMD-capable backend, once. */
export function registerSimdKernel(name: string, inputCount: number, fn: SimdKernelFunc): void {
  if (registered.has(name)) return;
  registered.add(name);
  const kernelFunc = (args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }) => {
    const inputs = Array.from({ length: inputCount }, (_, i) => args.inputs[`x${i}`] as tf.TensorInfo);
    const out = fn(inputs, args.attrs ?? {}, args.backend);
    return Array.isArray(out) && out.length === 1 ? out[0] : out;
  };
  for (const backendName of SIMD_KERNEL_BACKENDS) {
    tf.registerKernel({ kernelName: name, backendName, kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  }
}

/** Runs a registered SIMD kernel on tensors. */
export function runSimdKernel(name: string, inputs: tf.Tensor[], attrs: tf.NamedAttrMap = {}): tf.Tensor | tf.Tensor[] {
  const map: tf.NamedTensorMap = {};
  inputs.forEach((t, i) => (map[`x${i}`] = t));
  return tf.engine().runKernel(name, map, attrs) as tf.Tensor | tf.Tensor[];
}

/** True when the SIMD kernels can run on the active backend. */
export function simdKernelsUsable(): boolean {
  return (SIMD_KERNEL_BACKENDS as readonly string[]).includes(tf.getBackend()) && simdKernels() !== undefined;
}

// tfjs-wasm's Slice (and SplitV, which calls it) starts with backend.readSync(x): a copy of the whole input
// into a fresh JS ArrayBuffer (≈ 12 ms for a 2 MB row slice here, ~90 ms per DINO step). These replacements
// copy straight from a view of the wasm heap, in contiguous runs. Installed for wasm only; tfjs pinned 4.22.0.
import * as tf from '@tensorflow/tfjs';

interface HeapBackend {
  typedArrayFromHeap(info: tf.TensorInfo): ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

function isHeapBackend(backend: object): backend is HeapBackend {
  return 'typedArrayFromHeap' in backend && 'makeOutput' in backend;
}

type Copyable = { set(src: ArrayLike<number>, offset: number): void };

/** Copies the box [begin, begin + size) of x into a new output, as runs of the innermost contiguous extent. */
function sliceFromHeap(backend: HeapBackend, x: tf.TensorInfo, begin: number[], size: number[]): tf.TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  const total = size.reduce((a, b) => a * b, 1);
  if (total === 0) return out;
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out) as unknown as Copyable;
  const rank = x.shape.length;
  const strides = tf.util.computeStrides(x.shape);
  // merge trailing dimensions that are taken whole into one contiguous run
  let inner = rank - 1;
  let run = size[inner];
  while (inner > 0 && size[inner] === x.shape[inner] && begin[inner] === 0) {
    inner--;
    run *= size[inner];
  }
  const index = new Array<number>(inner).fill(0);
  for (let written = 0; written < total; written += run) {
    let offset = begin[inner] * (inner < rank - 1 ? strides[inner] : 1);
    for (let d = 0; d < inner; d++) offset += (begin[d] + index[d]) * strides[d];
    dst.set(src.subarray(offset, offset + run), written);
    for (let d = inner - 1; d >= 0; d--) {
      if (++index[d] < size[d]) break;
      index[d] = 0;
    }
  }
  return out;
}

let installed = false;

export function installHeapViewSlice(): void {
  if (installed) return;
  const originalSlice = tf.getKernel('Slice', 'wasm');
  const originalSplit = tf.getKernel('SplitV', 'wasm');
  if (!originalSlice || !originalSplit) return;
  tf.unregisterKernel('Slice', 'wasm');
  tf.registerKernel({
    kernelName: 'Slice',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      if (x.dtype === 'string' || !isHeapBackend(args.backend)) return originalSlice.kernelFunc(args);
      const { begin, size } = args.attrs as { begin: number | number[]; size: number | number[] };
      const [b, s] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size);
      return sliceFromHeap(args.backend, x, b, s);
    },
  });
  tf.unregisterKernel('SplitV', 'wasm');
  tf.registerKernel({
    kernelName: 'SplitV',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      if (x.dtype === 'string' || !isHeapBackend(args.backend)) return originalSplit.kernelFunc(args);
      const { numOrSizeSplits, axis } = args.attrs as { numOrSizeSplits: number | number[]; axis: number | number[] };
      const ax = tf.util.parseAxisParam(axis, x.shape)[0];
      const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, numOrSizeSplits, ax);
      const begin = new Array<number>(x.shape.length).fill(0);
      return sizes.map((s) => {
        const size = [...x.shape];
        size[ax] = s;
        const part = sliceFromHeap(args.backend as HeapBackend, x, [...begin], size);
        begin[ax] += s;
        return part;
      });
    },
  });
  installed = true;
}

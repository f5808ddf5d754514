// One flat float32 layout over the parameters of several ParamStores, so that gradients can be summed
// across data-parallel replicas and fed to the optimiser as a single array.
import * as tf from '@tensorflow/tfjs';
import type { ParamStore } from '../model/param-store.ts';

export interface LayoutEntry {
  variable: tf.Variable;
  store: ParamStore;
  /** Short parameter name inside its store (e.g. `blocks.0.attn.qkv.weight`). */
  name: string;
  offset: number;
  size: number;
}

export class ParamLayout {
  readonly entries: LayoutEntry[] = [];
  readonly size: number;

  constructor(stores: readonly ParamStore[]) {
    let offset = 0;
    for (const store of stores) {
      for (const [name, variable] of store.entries()) {
        this.entries.push({ variable, store, name, offset, size: variable.size });
        offset += variable.size;
      }
    }
    this.size = offset;
  }

  variables(): tf.Variable[] {
    return this.entries.map((e) => e.variable);
  }
}

interface HeapBackend {
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

/** Copies a float32 tensor into out[offset …]; on wasm straight from the heap, without a temporary array. */
export function readTensorInto(t: tf.Tensor, out: Float32Array, offset: number, scale = 1): void {
  const backend = tf.backend() as unknown as Partial<HeapBackend>;
  const values = typeof backend.typedArrayFromHeap === 'function' ? backend.typedArrayFromHeap(t) : (t.dataSync() as Float32Array);
  if (scale === 1) {
    out.set(values, offset);
  } else {
    for (let i = 0; i < values.length; i++) out[offset + i] = values[i] * scale;
  }
}

/** Writes every gradient of `grads` (keyed by variable name, tf.variableGrads) into its slot, times `scale`. */
export function gatherGradients(grads: tf.NamedTensorMap, layout: ParamLayout, out: Float32Array, scale = 1): void {
  for (const e of layout.entries) {
    const g = grads[e.variable.name];
    if (g) readTensorInto(g, out, e.offset, scale);
    else out.fill(0, e.offset, e.offset + e.size);
  }
}

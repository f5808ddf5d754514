// AdamW (Loshchilov & Hutter 2019; torch.optim.AdamW semantics) on host-side master copies of the weights,
// with DINO's per-tensor gradient clipping (`utils.clip_gradients`) and no decay on biases, 1-D (norm)
// parameters, the CLS token and the positional embedding. About 1M parameters: a JS loop costs a few ms,
// less than dispatching a dozen tfjs ops per tensor, and it runs identically in every data-parallel replica.
import type * as tf from '@tensorflow/tfjs';
import { adamwUpdate, type AdamWMoments } from '../../benchmarks/optim/adamw-update.ts';
import type { ParamLayout } from './param-layout.ts';

export interface AdamWOptions {
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** Per-tensor L2 norm limit of gradients; 0 disables clipping. */
  clipGrad?: number;
}

/** Whether decoupled weight decay applies to a parameter (DINO `get_params_groups` plus tokens). */
export function isDecayed(name: string, shape: readonly number[]): boolean {
  if (name.endsWith('.bias') || shape.length === 1) return false;
  return !(name.endsWith('cls_token') || name.endsWith('pos_embed'));
}

/** Scales g in place to L2 norm ≤ maxNorm (coefficient maxNorm / (‖g‖ + 1e-6), as DINO); returns ‖g‖. */
export function clipGradientNorm(g: Float32Array, maxNorm: number): number {
  let sq = 0;
  for (let i = 0; i < g.length; i++) sq += g[i] * g[i];
  const norm = Math.sqrt(sq);
  const coef = maxNorm / (norm + 1e-6);
  if (maxNorm > 0 && coef < 1) for (let i = 0; i < g.length; i++) g[i] *= coef;
  return norm;
}

export type AdamWState = AdamWMoments<Float32Array>;

/** Everything an AdamW resumes from besides the parameter values (a checkpoint's optimiser part). */
export interface AdamWSnapshot {
  /** Parameter names in layout order, to refuse a snapshot taken over another layout. */
  names: string[];
  /** First and second moments, flat in layout order. */
  m: Float32Array;
  v: Float32Array;
  /** Per-parameter step counts (bias correction), layout order. */
  steps: number[];
}

export { adamwUpdate } from '../../benchmarks/optim/adamw-update.ts';

/** AdamW over a ParamLayout, keeping float32 master copies on the host and writing variables back. */
export class AdamW {
  private readonly layout: ParamLayout;
  private readonly options: Required<AdamWOptions>;
  private readonly values: Float32Array;
  private readonly state: AdamWState;
  private readonly scratch: Float32Array;
  private readonly decay: boolean[];
  private readonly byVariable = new Map<tf.Variable, number>();
  /** Per-parameter step counts, as torch: a frozen parameter's bias correction does not advance. */
  private readonly steps: number[];

  constructor(layout: ParamLayout, options: AdamWOptions = {}) {
    this.layout = layout;
    this.options = { beta1: 0.9, beta2: 0.999, eps: 1e-8, clipGrad: 0, ...options };
    this.values = new Float32Array(layout.size);
    this.state = { m: new Float32Array(layout.size), v: new Float32Array(layout.size) };
    this.scratch = new Float32Array(Math.max(0, ...layout.entries.map((e) => e.size)));
    this.decay = layout.entries.map((e) => isDecayed(e.name, e.variable.shape));
    this.steps = layout.entries.map(() => 0);
    layout.entries.forEach((e, i) => {
      this.values.set(e.variable.dataSync(), e.offset);
      this.byVariable.set(e.variable, i);
    });
  }

  variables(): tf.Variable[] {
    return this.layout.variables();
  }

  /** The host copy of a parameter's current value (read-only by convention). */
  valuesOf(variable: tf.Variable): Float32Array {
    const i = this.byVariable.get(variable);
    if (i === undefined) throw new Error(`variable ${variable.name} is not optimised here`);
    const e = this.layout.entries[i];
    return this.values.subarray(e.offset, e.offset + e.size);
  }

  /** A copy of the moments and step counts; the values are the variables themselves. */
  snapshot(): AdamWSnapshot {
    return { names: this.layout.entries.map((e) => e.name), m: this.state.m.slice(), v: this.state.v.slice(), steps: [...this.steps] };
  }

  /** Continues from a snapshot taken over the same layout (the values were loaded into the variables). */
  restore(snapshot: AdamWSnapshot): void {
    const names = this.layout.entries.map((e) => e.name);
    const mismatch = names.findIndex((name, i) => snapshot.names[i] !== name);
    if (mismatch >= 0 || snapshot.names.length !== names.length) {
      throw new Error(`optimiser state is for other parameters (${snapshot.names[mismatch] ?? '(none)'} where ${names[mismatch] ?? '(none)'} was expected)`);
    }
    if (snapshot.m.length !== this.layout.size || snapshot.v.length !== this.layout.size) {
      throw new Error(`optimiser moments hold ${snapshot.m.length} values, the parameters ${this.layout.size}`);
    }
    this.state.m.set(snapshot.m);
    this.state.v.set(snapshot.v);
    snapshot.steps.forEach((s, i) => {
      this.steps[i] = s;
    });
  }

  /**
   * One step from a flat gradient in the layout's order (left unmodified: clipping works on a copy);
   * parameters named in `frozen` (e.g. DINO's last layer during the first epoch) are not touched.
   */
  step(grads: Float32Array, lr: number, weightDecay: number, frozen: ReadonlySet<string> = new Set()): void {
    const { beta1, beta2, eps, clipGrad } = this.options;
    this.layout.entries.forEach((e, i) => {
      if (frozen.has(e.name)) return;
      const g = this.scratch.subarray(0, e.size);
      g.set(grads.subarray(e.offset, e.offset + e.size));
      if (clipGrad > 0) clipGradientNorm(g, clipGrad);
      const values = this.values.subarray(e.offset, e.offset + e.size);
      const state = { m: this.state.m.subarray(e.offset, e.offset + e.size), v: this.state.v.subarray(e.offset, e.offset + e.size) };
      adamwUpdate(values, g, state, ++this.steps[i], lr, this.decay[i] ? weightDecay : 0, beta1, beta2, eps);
      e.store.assign(e.name, values);
    });
  }
}

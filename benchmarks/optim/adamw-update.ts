// The AdamW update (Loshchilov & Hutter 2019) as torch.optim.AdamW computes it — decoupled weight decay, then the
// bias-corrected Adam step, amsgrad off — on flat parameter arrays in place. One kernel for float32 weights
// (the ViT's host-side master copies, runtime/train/adamw.ts) and float64 ones (ITM's head).
export type FloatArray = Float32Array | Float64Array;

/** First and second moments of one flat parameter array, the same length and precision as it. */
export interface AdamWMoments<T extends FloatArray> {
  m: T;
  v: T;
}

/** One AdamW update of `values` in place; `step` counts from 1. Each value is rounded once, to its array's precision. */
export function adamwUpdate<T extends FloatArray>(
  values: T, grad: ArrayLike<number>, state: AdamWMoments<T>, step: number, lr: number, weightDecay: number,
  beta1 = 0.9, beta2 = 0.999, eps = 1e-8,
): void {
  const { m, v } = state;
  const c1 = 1 - beta1 ** step;
  const sqrtC2 = Math.sqrt(1 - beta2 ** step);
  const stepSize = lr / c1;
  const shrink = 1 - lr * weightDecay;
  for (let i = 0; i < values.length; i++) {
    const g = grad[i];
    m[i] = beta1 * m[i] + (1 - beta1) * g;
    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
    values[i] = values[i] * shrink - (stepSize * m[i]) / (Math.sqrt(v[i]) / sqrtC2 + eps);
  }
}

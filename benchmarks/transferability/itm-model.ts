// ITM's trainable part: W_z, the linear map D → C that implicitly carries the model–task transferability latent z
// (its unit-normalised outputs are each subspace's synthetic posterior conditions Θ = f(E; W_z)), and the linear
// head C → C that reads the DVA-evolved embeddings out as class logits. Forward, cross-entropy and hand-derived
// gradients for one mini-batch; the evolution operator is treated as a constant, as the authors detach it.
import type { Rng } from '../rng.ts';
import type { DenseMatrix } from './dense.ts';
import { applyEvolutionOperator, evolveSubspace, normalizeRows, normalizeRowsBackward } from './itm-evolution.ts';
import { accumulateOuterProducts, projectRows } from './itm-projection.ts';

export interface ItmParameters {
  numClasses: number;
  dims: number;
  /** W_z, C × D row-major. */
  projection: Float64Array;
  projectionBias: Float64Array;
  /** The head, C × C row-major (out × in). */
  head: Float64Array;
  headBias: Float64Array;
}

export interface EvolutionSettings {
  /** η, the deparametric step rate (their `coeff`). */
  rate: number;
  /** m, the number of deparametric steps. */
  steps: number;
}

/** torch.nn.Linear's default initialisation: weights and biases U(−1/√fan_in, 1/√fan_in). */
export function initItmParameters(numClasses: number, dims: number, rng: Rng): ItmParameters {
  const uniform = (length: number, fanIn: number) => Float64Array.from({ length }, () => rng.uniform(-1, 1) / Math.sqrt(fanIn));
  return {
    numClasses,
    dims,
    projection: uniform(numClasses * dims, dims),
    projectionBias: uniform(numClasses, dims),
    head: uniform(numClasses * numClasses, numClasses),
    headBias: uniform(numClasses, numClasses),
  };
}

/** The tensors in a fixed order, for the optimiser. */
export function parameterTensors(p: ItmParameters): Float64Array[] {
  return [p.projection, p.projectionBias, p.head, p.headBias];
}

interface BatchForward {
  unit: Float64Array;
  divisors: Float64Array;
  evolved: Float64Array;
  logits: Float64Array;
}

/** Logits (B × C) of the rows `batch` of Z, each evolved within the batch towards its own label's one-hot centre. */
function forward(p: ItmParameters, Z: DenseMatrix, batch: ArrayLike<number>, labels: Int32Array, evolution: EvolutionSettings): BatchForward {
  const c = p.numClasses;
  const size = batch.length;
  const projected = projectRows(p.projection, p.projectionBias, Z, batch);
  const centres = new Float64Array(size * c);
  for (let r = 0; r < size; r++) centres[r * c + labels[batch[r]]] = 1;
  const { unit, divisors } = normalizeRows(projected, size, c);
  const evolved = evolveSubspace(unit, centres, size, c, evolution.rate, evolution.steps);
  const logits = new Float64Array(size * c);
  for (let r = 0; r < size; r++) {
    for (let k = 0; k < c; k++) {
      let sum = p.headBias[k];
      for (let l = 0; l < c; l++) sum += p.head[k * c + l] * evolved[r * c + l];
      logits[r * c + k] = sum;
    }
  }
  return { unit, divisors, evolved, logits };
}

/** Predicted class of each row of the batch (first maximum, as torch.argmax). */
export function predictBatch(p: ItmParameters, Z: DenseMatrix, batch: ArrayLike<number>, labels: Int32Array, evolution: EvolutionSettings): Int32Array {
  const { logits } = forward(p, Z, batch, labels, evolution);
  const c = p.numClasses;
  return Int32Array.from({ length: batch.length }, (_, r) => {
    let best = 0;
    for (let k = 1; k < c; k++) if (logits[r * c + k] > logits[r * c + best]) best = k;
    return best;
  });
}

export interface BatchGradients {
  /** Mean cross-entropy over the batch. */
  loss: number;
  /** In parameterTensors order. */
  gradients: Float64Array[];
}

export function batchLossAndGradients(p: ItmParameters, Z: DenseMatrix, batch: ArrayLike<number>, labels: Int32Array, evolution: EvolutionSettings): BatchGradients {
  const { numClasses: c, dims: d } = p;
  const size = batch.length;
  const { unit, divisors, evolved, logits } = forward(p, Z, batch, labels, evolution);
  let loss = 0;
  const dLogits = new Float64Array(size * c);
  for (let r = 0; r < size; r++) {
    let max = -Infinity;
    for (let k = 0; k < c; k++) max = Math.max(max, logits[r * c + k]);
    let total = 0;
    for (let k = 0; k < c; k++) total += Math.exp(logits[r * c + k] - max);
    const label = labels[batch[r]];
    loss += max + Math.log(total) - logits[r * c + label];
    for (let k = 0; k < c; k++) dLogits[r * c + k] = (Math.exp(logits[r * c + k] - max) / total - (k === label ? 1 : 0)) / size;
  }
  const dHead = new Float64Array(c * c);
  const dHeadBias = new Float64Array(c);
  const dEvolved = new Float64Array(size * c);
  for (let r = 0; r < size; r++) {
    for (let k = 0; k < c; k++) {
      const g = dLogits[r * c + k];
      dHeadBias[k] += g;
      for (let l = 0; l < c; l++) {
        dHead[k * c + l] += g * evolved[r * c + l];
        dEvolved[r * c + l] += g * p.head[k * c + l];
      }
    }
  }
  // The operator Aᵐ is detached and symmetric, so the gradient reaches Θ through Aᵐ itself (Θ − Ê has Jacobian I).
  const dUnit = applyEvolutionOperator(unit, dEvolved, size, c, evolution.rate, evolution.steps);
  const dProjected = normalizeRowsBackward(unit, divisors, dUnit, c);
  const dProjection = new Float64Array(c * d);
  const dProjectionBias = new Float64Array(c);
  for (let r = 0; r < size; r++) for (let k = 0; k < c; k++) dProjectionBias[k] += dProjected[r * c + k];
  accumulateOuterProducts(dProjection, dProjected, Z, batch, c);
  return { loss: loss / size, gradients: [dProjection, dProjectionBias, dHead, dHeadBias] };
}

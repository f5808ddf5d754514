// ITM's steps, one at a time: the DVA evolution on hand-checkable subspaces and as the gradient descent it stands
// for, then standardisation, the evolution, a mini-batch's loss and gradients, and two AdamW steps against the numpy
// restatement of scripts/fixtures/generate_itm_fixtures.py (explicit B × B operator and matrix_power, finite-
// difference gradients with the operator frozen, torch's AdamW formula).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adamWStep, createAdamWState, scheduledLearningRate } from '../../../benchmarks/transferability/adamw.ts';
import { evolveSubspace } from '../../../benchmarks/transferability/itm-evolution.ts';
import { batchLossAndGradients, parameterTensors, predictBatch, type ItmParameters } from '../../../benchmarks/transferability/itm-model.ts';
import { standardizeColumns } from '../../../benchmarks/transferability/itm.ts';
import { Rng } from '../../../benchmarks/rng.ts';

interface ItmReference {
  standardisation: { X: number[][]; Z: number[][] };
  evolution: { theta: number[][]; labels: number[]; cases: { rate: number; steps: number; evolved: number[][] }[] };
  minibatch: {
    Z: number[][];
    labels: number[];
    rate: number;
    steps: number;
    parameters: number[][];
    logits: number[][];
    predicted: number[];
    loss: number;
    gradients: number[][];
    optimiser: { learningRate: number; weightDecay: number; scheduleIterations: number };
    adamwSteps: { learningRate: number; parameters: number[][] }[];
  };
}

const reference = JSON.parse(readFileSync(new URL('./itm-reference.json', import.meta.url), 'utf8')) as ItmReference;

const flat = (rows: number[][]) => Float64Array.from(rows.flat());
const oneHot = (labels: readonly number[], width: number) => flat(labels.map((label) => Array.from({ length: width }, (_, k) => (k === label ? 1 : 0))));

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(tolerance);
}

describe('DVA evolution on hand-checkable subspaces', () => {
  it('moves a one-member subspace the fraction η of the way to its centre, (1 − η)ᵐ after m steps', () => {
    // B = 1, ‖θ‖ = 1: C = θθᵀ = 1, so E⁽ᵐ⁾ = (1 − η)ᵐ(θ − ê) + ê. θ = (0.6, 0.8), ê = (1, 0).
    const theta = Float64Array.of(0.6, 0.8);
    const centre = Float64Array.of(1, 0);
    expectClose(evolveSubspace(theta, centre, 1, 2, 0.5, 1), [0.8, 0.4], 1e-15);
    expectClose(evolveSubspace(theta, centre, 1, 2, 0.5, 2), [0.9, 0.2], 1e-15);
  });

  it('leaves a subspace unchanged for η = 0 or m = 0, and one already at its centres', () => {
    const theta = Float64Array.of(0.6, 0.8, 0, 1);
    const centres = Float64Array.of(1, 0, 0, 1);
    expect([...evolveSubspace(theta, centres, 2, 2, 0, 3)]).toEqual([...theta]);
    expect([...evolveSubspace(theta, centres, 2, 2, 0.5, 0)]).toEqual([...theta]);
    expect([...evolveSubspace(centres, centres, 2, 2, 0.5, 4)]).toEqual([...centres]);
  });

  it('couples the members of a subspace: two orthogonal members each move by η/B of their offset', () => {
    // Θ = (e₀; e₁), C = I/2: E⁽¹⁾ = Θ − (η/2)(Θ − Ê). Member 1 sits on its centre; member 0 (centre e₁) moves.
    const theta = Float64Array.of(1, 0, 0, 1);
    const centres = Float64Array.of(0, 1, 0, 1);
    expectClose(evolveSubspace(theta, centres, 2, 2, 0.5, 1), [0.75, 0.25, 0, 1], 1e-15);
  });

  it('is m gradient-descent steps on the MSE fit of a linear map g from the identity (the deparametric derivation)', () => {
    const rng = new Rng(5);
    const [batch, width, rate, steps] = [7, 4, 0.8, 3];
    const theta = Float64Array.from({ length: batch * width }, () => rng.normal());
    const centres = oneHot(Array.from({ length: batch }, () => rng.int(width)), width);
    let g = Float64Array.from({ length: width * width }, (_, i) => (i % (width + 1) === 0 ? 1 : 0));
    for (let step = 0; step < steps; step++) {
      // g ← g − η Θᵀ(Θg − Ê) / B
      const residual = Float64Array.from({ length: batch * width }, (_, i) => {
        const [r, b] = [Math.floor(i / width), i % width];
        let sum = -centres[i];
        for (let a = 0; a < width; a++) sum += theta[r * width + a] * g[a * width + b];
        return sum;
      });
      g = g.map((value, i) => {
        const [a, b] = [Math.floor(i / width), i % width];
        let sum = 0;
        for (let r = 0; r < batch; r++) sum += theta[r * width + a] * residual[r * width + b];
        return value - (rate * sum) / batch;
      });
    }
    const mapped = Float64Array.from({ length: batch * width }, (_, i) => {
      const [r, b] = [Math.floor(i / width), i % width];
      let sum = 0;
      for (let a = 0; a < width; a++) sum += theta[r * width + a] * g[a * width + b];
      return sum;
    });
    expectClose(evolveSubspace(theta, centres, batch, width, rate, steps), mapped, 1e-12);
  });
});

describe('ITM steps against the numpy restatement', () => {
  it('standardises columns as torch (sd with N − 1, a constant column to 0)', () => {
    const { X, Z } = reference.standardisation;
    const standardized = standardizeColumns({ rows: X.length, cols: X[0].length, data: flat(X) });
    expectClose(standardized.data, flat(Z), 1e-12);
  });

  it.each(reference.evolution.cases)('evolves a subspace as matrix_power((I − ηΘΘᵀ/B), m) with η = $rate, m = $steps', (c) => {
    const { theta, labels } = reference.evolution;
    const width = theta[0].length;
    expectClose(evolveSubspace(flat(theta), oneHot(labels, width), theta.length, width, c.rate, c.steps), flat(c.evolved), 1e-12);
  });

  const m = reference.minibatch;
  const Z = { rows: m.Z.length, cols: m.Z[0].length, data: flat(m.Z) };
  const labels = Int32Array.from(m.labels);
  const batch = m.labels.map((_, i) => i);
  const evolution = { rate: m.rate, steps: m.steps };
  const parametersFrom = (tensors: number[][]): ItmParameters => ({
    numClasses: m.logits[0].length,
    dims: Z.cols,
    projection: Float64Array.from(tensors[0]),
    projectionBias: Float64Array.from(tensors[1]),
    head: Float64Array.from(tensors[2]),
    headBias: Float64Array.from(tensors[3]),
  });

  it('gives the mini-batch loss and predictions of the DVA forward', () => {
    const parameters = parametersFrom(m.parameters);
    expect(Math.abs(batchLossAndGradients(parameters, Z, batch, labels, evolution).loss - m.loss)).toBeLessThanOrEqual(1e-12);
    expect([...predictBatch(parameters, Z, batch, labels, evolution)]).toEqual(m.predicted);
  });

  it('has hand-derived gradients equal to finite differences with the operator detached (|Δ| ≤ 1e-7)', () => {
    const { gradients } = batchLossAndGradients(parametersFrom(m.parameters), Z, batch, labels, evolution);
    gradients.forEach((gradient, k) => expectClose(gradient, m.gradients[k], 1e-7));
  });

  it('takes two AdamW steps on the scheduled learning rate as torch does (|Δ| ≤ 1e-8)', () => {
    const parameters = parametersFrom(m.parameters);
    const tensors = parameterTensors(parameters);
    const state = createAdamWState(tensors);
    m.adamwSteps.forEach((expected, t) => {
      expect(scheduledLearningRate(m.optimiser, t)).toBeCloseTo(expected.learningRate, 15);
      adamWStep(tensors, batchLossAndGradients(parameters, Z, batch, labels, evolution).gradients, state, m.optimiser);
      tensors.forEach((tensor, k) => expectClose(tensor, expected.parameters[k], 1e-8));
    });
  });
});

// PED's feature dynamics (Li et al., ICCV 2023 "Exploring model transferability through the lens of potential
// energy"; code lixiaotong97/PED `One_Step_PED`, `PED_Score`): in standardised coordinates each class is a ball of
// radius R_c = √Σ_d var_cd around its mean; overlapping pairs repel along the line of their means by
// min(½·Δt²·k·F, F), F = max(nσ(R_a + R_b) − ‖μ_a − μ_b‖, 0), and every sample moves with its class. Steps repeat
// (at most 6) while the total displacement stays above exitRatio × the first one.
// Deviation: the reference standardises with the source model's ImageNet-val feature statistics, which we do not
// have; we use the target features' own mean and sd (sd floored at eps), fixed across steps as theirs are.
import { classMeans, columnMeans, type DenseMatrix } from './dense.ts';

export interface PotentialEnergyOptions {
  /** Δt (reference script default 0.1). */
  timeStep?: number;
  /** nσ scaling the class radii (reference script default 0.6). */
  nsigma?: number;
  /** Stop once a step's displacement falls to ≤ this fraction of the first step's (default 0.5). */
  exitRatio?: number;
  /** Step cap (reference: 6). */
  maxSteps?: number;
  /** Force constant k (default 1). */
  constant?: number;
  /** Floor of the standardising sd (default 1e-3). */
  eps?: number;
}

export interface PotentialEnergyResult {
  X: DenseMatrix;
  /** Steps applied. */
  steps: number;
}

export function simulatePotentialEnergy(X: DenseMatrix, labels: Int32Array, numClasses: number, options: PotentialEnergyOptions = {}): PotentialEnergyResult {
  const { timeStep = 0.1, nsigma = 0.6, exitRatio = 0.5, maxSteps = 6, constant = 1, eps = 1e-3 } = options;
  const { rows: n, cols: d } = X;
  const mean = columnMeans(X);
  const scale = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) scale[j] += (X.data[i * d + j] - mean[j]) ** 2;
  for (let j = 0; j < d; j++) scale[j] = Math.max(Math.sqrt(scale[j] / n), eps);
  let current = X;
  let firstChange = 0;
  let steps = 0;
  while (steps < maxSteps) {
    const standardized = current.data.map((value, index) => (value - mean[index % d]) / scale[index % d]);
    const shifts = classShifts({ rows: n, cols: d, data: standardized }, labels, numClasses, { timeStep, nsigma, constant });
    const change = shifts.reduce((sum, value) => sum + Math.abs(value), 0);
    if (steps === 0) firstChange = change;
    // The reference's 0/0 on a first step without overlap is NaN, and NaN > ratio is false: it stops unmoved.
    if (!(change / firstChange > exitRatio)) break;
    const moved = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const c = labels[i];
      for (let j = 0; j < d; j++) moved[i * d + j] = (standardized[i * d + j] + shifts[c * d + j]) * scale[j] + mean[j];
    }
    current = { rows: n, cols: d, data: moved };
    steps += 1;
  }
  return { X: current, steps };
}

/** C × D displacement of each class for one step, in standardised coordinates. */
function classShifts(Z: DenseMatrix, labels: Int32Array, numClasses: number, force: { timeStep: number; nsigma: number; constant: number }): Float64Array {
  const d = Z.cols;
  const means = classMeans(Z, labels, numClasses);
  const radii = classRadii(Z, labels, numClasses, means);
  const shifts = new Float64Array(numClasses * d);
  const nsigma = Math.abs(force.nsigma);
  for (let a = 0; a < numClasses; a++) {
    for (let b = a + 1; b < numClasses; b++) {
      let distance = 0;
      for (let j = 0; j < d; j++) distance += (means[b * d + j] - means[a * d + j]) ** 2;
      distance = Math.sqrt(distance);
      // Coincident means have no direction to repel along (the reference divides by zero here).
      if (distance === 0) continue;
      const overlap = Math.max(nsigma * (radii[a] + radii[b]) - distance, 0);
      const displacement = Math.min(0.5 * force.timeStep ** 2 * force.constant * overlap, overlap);
      for (let j = 0; j < d; j++) {
        const unit = (means[b * d + j] - means[a * d + j]) / distance;
        shifts[a * d + j] -= unit * displacement;
        shifts[b * d + j] += unit * displacement;
      }
    }
  }
  return shifts;
}

/** √(Σ_d population variance of class c along d). */
function classRadii(Z: DenseMatrix, labels: Int32Array, numClasses: number, means: Float64Array): Float64Array {
  const d = Z.cols;
  const sums = new Float64Array(numClasses);
  const counts = new Float64Array(numClasses);
  for (let i = 0; i < Z.rows; i++) {
    const c = labels[i];
    counts[c] += 1;
    for (let j = 0; j < d; j++) sums[c] += (Z.data[i * d + j] - means[c * d + j]) ** 2;
  }
  return sums.map((sum, c) => Math.sqrt(sum / counts[c]));
}

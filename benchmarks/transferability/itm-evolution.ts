// ITM's Divide-and-conquer Variational Approximation (DVA) of embedding evolution, in its deparametric closed form
// (Zheng et al., NeurIPS 2025, §3). One mini-batch is one independent subspace: its B unit-normalised embeddings Θ
// evolve towards their pseudo-cluster centres Ê as m gradient-descent steps of rate η on the MSE fit of a linear
// map g (initialised to the identity, loss ‖Θg − Ê‖² / 2B) would move them; eliminating g leaves
//   E⁽ⁿ⁺¹⁾ = (I − ηC)·E⁽ⁿ⁾ + ηC·Ê,  C = ΘΘᵀ / B,  so  E⁽ᵐ⁾ = (I − ηC)ᵐ(Θ − Ê) + Ê.
// C is held fixed (the authors detach it). C·V = Θ(ΘᵀV)/B is applied without forming the B × B matrix: ΘᵀV is only
// width × width, so a step costs O(B · width²) instead of O(B² · width).

/** Rows of `h` (rows × width) divided by max(‖row‖, eps), as torch.nn.functional.normalize; also the divisors. */
export function normalizeRows(h: Float64Array, rows: number, width: number, eps = 1e-12): { unit: Float64Array; divisors: Float64Array } {
  const unit = new Float64Array(rows * width);
  const divisors = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let squared = 0;
    for (let k = 0; k < width; k++) squared += h[r * width + k] ** 2;
    const divisor = Math.max(Math.sqrt(squared), eps);
    divisors[r] = divisor;
    for (let k = 0; k < width; k++) unit[r * width + k] = h[r * width + k] / divisor;
  }
  return { unit, divisors };
}

/** The gradient through normalizeRows: (g − u(u·g)) / ‖h‖ where ‖h‖ > eps, g / eps where the norm was floored. */
export function normalizeRowsBackward(unit: Float64Array, divisors: Float64Array, gradient: Float64Array, width: number, eps = 1e-12): Float64Array {
  const out = new Float64Array(gradient.length);
  for (let r = 0; r < divisors.length; r++) {
    const floored = divisors[r] <= eps;
    let along = 0;
    if (!floored) for (let k = 0; k < width; k++) along += unit[r * width + k] * gradient[r * width + k];
    for (let k = 0; k < width; k++) out[r * width + k] = (gradient[r * width + k] - along * unit[r * width + k]) / divisors[r];
  }
  return out;
}

/** (I − η·ΘΘᵀ/B)ᵐ · V for Θ and V both B × width, row-major. The operator is symmetric, so this is also its adjoint. */
export function applyEvolutionOperator(theta: Float64Array, values: Float64Array, batch: number, width: number, rate: number, steps: number): Float64Array {
  let current = values;
  const moments = new Float64Array(width * width);
  for (let step = 0; step < steps; step++) {
    moments.fill(0);
    // moments = Θᵀ · current (width × width)
    for (let r = 0; r < batch; r++) {
      for (let a = 0; a < width; a++) {
        const t = theta[r * width + a];
        for (let b = 0; b < width; b++) moments[a * width + b] += t * current[r * width + b];
      }
    }
    const next = new Float64Array(batch * width);
    const scale = rate / batch;
    for (let r = 0; r < batch; r++) {
      for (let b = 0; b < width; b++) {
        let projected = 0;
        for (let a = 0; a < width; a++) projected += theta[r * width + a] * moments[a * width + b];
        next[r * width + b] = current[r * width + b] - scale * projected;
      }
    }
    current = next;
  }
  return current;
}

/** The subspace after m deparametric steps: (I − ηC)ᵐ(Θ − Ê) + Ê. */
export function evolveSubspace(theta: Float64Array, centres: Float64Array, batch: number, width: number, rate: number, steps: number): Float64Array {
  const offsets = theta.map((value, index) => value - centres[index]);
  const evolved = applyEvolutionOperator(theta, offsets, batch, width, rate, steps);
  for (let index = 0; index < evolved.length; index++) evolved[index] += centres[index];
  return evolved;
}

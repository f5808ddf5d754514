// LEEP (Nguyen et al., ICML 2020): the mean log of the expected empirical prediction Σ_z P̂(yᵢ | z) θ(xᵢ)_z, with the
// empirical conditional P̂(y | z) from the joint of labels and soft source assignments θ. As the Google stable_transfer
// code: a source class without mass gives P̂(y | z) = 0, and an EEP of 0 counts as a uniform guess, log(1 / C).

/** posteriors: N × S row-major soft assignments θ(xᵢ); labels: compact 0..C-1. */
export function logExpectedEmpiricalPrediction(posteriors: Float64Array, sources: number, labels: Int32Array, numClasses: number): number {
  const n = labels.length;
  const S = sources;
  const joint = new Float64Array(numClasses * S);
  const sourceMass = new Float64Array(S);
  for (let i = 0; i < n; i++) {
    for (let z = 0; z < S; z++) {
      joint[labels[i] * S + z] += posteriors[i * S + z] / n;
      sourceMass[z] += posteriors[i * S + z] / n;
    }
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    let eep = 0;
    for (let z = 0; z < S; z++) {
      if (sourceMass[z] > 0) eep += (joint[labels[i] * S + z] / sourceMass[z]) * posteriors[i * S + z];
    }
    total += eep > 0 ? Math.log(eep) : -Math.log(numClasses);
  }
  return total / n;
}

// Argument checks for the score-based metrics (AUROC, AP, Brier, ECE). Malformed input throws; an empty or
// single-class input is valid and handled by each metric as a Degenerate result instead.

/** Throws unless every label is 0 or 1. */
export function checkBinaryLabels(yTrue: readonly number[]): void {
  for (let i = 0; i < yTrue.length; i++) {
    if (yTrue[i] !== 0 && yTrue[i] !== 1) throw new RangeError(`yTrue[${i}] = ${yTrue[i]} is not a binary label (0 or 1)`);
  }
}

/** Throws unless scores has one finite value per label. */
export function checkScores(scores: readonly number[], n: number, name = 'scores'): void {
  if (scores.length !== n) throw new RangeError(`${name} has ${scores.length} entries but yTrue has ${n}`);
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i])) throw new RangeError(`${name}[${i}] = ${scores[i]} is not a finite number`);
  }
}

/** Throws unless every value is a probability in [0, 1]. */
export function checkProbabilities(probabilities: readonly number[], n: number, name = 'probabilities'): void {
  checkScores(probabilities, n, name);
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i];
    if (p < 0 || p > 1) throw new RangeError(`${name}[${i}] = ${p} is not a probability in [0, 1]`);
  }
}

/** Row-sum tolerance: float32 softmax outputs sum to 1 only to ~1e-7. */
const ROW_SUM_TOLERANCE = 1e-6;

/** Throws unless proba is n × k with rows of probabilities that sum to 1. */
export function checkProbabilityMatrix(proba: ReadonlyArray<readonly number[]>, n: number, numClasses: number): void {
  if (proba.length !== n) throw new RangeError(`proba has ${proba.length} rows but yTrue has ${n} labels`);
  proba.forEach((row, i) => {
    if (row.length !== numClasses) throw new RangeError(`proba[${i}] has ${row.length} entries, expected ${numClasses}`);
    checkProbabilities(row, numClasses, `proba[${i}]`);
    const sum = row.reduce((total, p) => total + p, 0);
    if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) throw new RangeError(`proba[${i}] sums to ${sum}, not 1`);
  });
}

/** Throws unless proba is n × k with finite entries (one-vs-rest scores need not be probabilities). */
export function checkScoreMatrix(scores: ReadonlyArray<readonly number[]>, n: number, numClasses: number): void {
  if (scores.length !== n) throw new RangeError(`scores has ${scores.length} rows but yTrue has ${n} labels`);
  scores.forEach((row, i) => {
    if (row.length !== numClasses) throw new RangeError(`scores[${i}] has ${row.length} entries, expected ${numClasses}`);
    checkScores(row, numClasses, `scores[${i}]`);
  });
}

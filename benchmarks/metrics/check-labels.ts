// Argument checks shared by the classification metrics (torchmetrics style: validation lives apart from the math).
// Every metric calls one of these first, so degenerate input fails loudly instead of returning a silent NaN.

/** Throws unless `numClasses` is a positive integer. */
export function checkNumClasses(numClasses: number): void {
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new RangeError(`numClasses must be a positive integer (got ${numClasses})`);
  }
}

/** Throws unless both label arrays are non-empty and of equal length. */
export function checkPairedLengths(yTrue: readonly number[], yPred: readonly number[]): void {
  if (yTrue.length === 0) throw new RangeError('yTrue is empty: a metric needs at least one sample');
  if (yTrue.length !== yPred.length) {
    throw new RangeError(`yTrue and yPred differ in length (${yTrue.length} vs ${yPred.length})`);
  }
}

/** Throws unless every label is an integer in [0, numClasses). */
export function checkLabelRange(labels: readonly number[], numClasses: number, name: string): void {
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
      throw new RangeError(`${name}[${i}] = ${label} is not a class index in [0, ${numClasses})`);
    }
  }
}

/** All checks for a (yTrue, yPred, numClasses) metric call. */
export function checkClassificationArgs(yTrue: readonly number[], yPred: readonly number[], numClasses: number): void {
  checkNumClasses(numClasses);
  checkPairedLengths(yTrue, yPred);
  checkLabelRange(yTrue, numClasses, 'yTrue');
  checkLabelRange(yPred, numClasses, 'yPred');
}

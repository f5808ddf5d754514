// Entry point of the classification metrics: pure functions of (yTrue, yPred, k), each checked against sklearn.
export { checkClassificationArgs } from './check-labels.ts';
export { confusionMatrix } from './confusion-matrix.ts';
export { accuracy, balancedAccuracy } from './accuracy.ts';
export { macroF1, perClassF1, type MacroAverageOver, type MacroF1Options } from './f1.ts';
export { quadraticWeightedKappa, type KappaOptions } from './kappa.ts';

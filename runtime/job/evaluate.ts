// Stage 3: patient-grouped stratified k-fold cross-validation at nested label fractions, for every model the spec's
// protocols name (./fold-predictors.ts). Each (model, fold, fraction) writes its out-of-fold predictions, with any
// hyper-parameters chosen on its training part, as soon as it finishes, so an interrupted run resumes there.
// With a data set's fixed split, cross-validation runs on its train part, and each model is also trained on the
// whole train part at each fraction and scored once on the test part.
import { HELD_OUT_FOLD, type FoldPredictions, type ModelKind } from '../../dsl/results.ts';
import type { Rng } from '../../benchmarks/rng.ts';
import { patientGroupedStratifiedKFold, type Fold } from '../../benchmarks/splits/grouped-kfold.ts';
import type { HeldOutSplit } from '../../benchmarks/splits/held-out-split.ts';
import { nestedLabelFractions } from '../../benchmarks/splits/label-fractions.ts';
import type { JobEvents } from './events.ts';
import { evaluatedModels, modelFolder, predictFold, type FoldPredictorContext } from './fold-predictors.ts';
import type { JobStore } from './store.ts';

export type { FoldOutcome, FoldTrainer } from './fold-predictors.ts';

export interface EvaluationInput extends FoldPredictorContext {
  /** Task id: its folds and predictions live under eval/<task>/. */
  task: string;
  /** The data set's fixed train/test split, if it has one. */
  heldOut?: HeldOutSplit;
  rng: Rng;
  store: JobStore;
  events: JobEvents;
}

export interface EvaluationOutput {
  /** Folds in dataset indices; with a held-out split they cover its train part only. */
  folds: Fold[];
  predictions: FoldPredictions[];
  /** Predictions on the held-out test part (fold HELD_OUT_FOLD); empty without a split. */
  heldOutPredictions: FoldPredictions[];
}

function argmax(row: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

function fractionTag(fraction: number): string {
  return String(fraction).replace('.', '_');
}

/** k folds of the whole data set, or of the held-out split's train part with indices mapped back to the data set. */
function crossValidationFolds(labels: readonly number[], groups: readonly string[], k: number, rng: Rng, heldOut?: HeldOutSplit): Fold[] {
  if (!heldOut) return patientGroupedStratifiedKFold(labels, groups, k, rng);
  const { train } = heldOut;
  const folds = patientGroupedStratifiedKFold(train.map((i) => labels[i]), train.map((i) => groups[i]), k, rng);
  return folds.map((fold) => ({ train: fold.train.map((i) => train[i]), test: fold.test.map((i) => train[i]) }));
}

interface PredictionUnit {
  model: ModelKind;
  fraction: number;
  fold: number;
  train: number[];
  test: number[];
  /** The file name under eval/<task>/<model>/, and the run and inner-split labels. */
  file: string;
  label: string;
  innerSplit: string;
}

/** The stored predictions of one unit, or fits and predicts it and stores them. */
async function predictUnit(input: EvaluationInput, unit: PredictionUnit): Promise<FoldPredictions> {
  const file = ['eval', input.task, modelFolder(unit.model), unit.file];
  const stored = await input.store.tryReadJson<FoldPredictions>(...file);
  if (stored) return stored;
  const outcome = await predictFold(input, unit.model, unit.train, unit.test, unit.label, input.rng.fork(unit.innerSplit));
  const result: FoldPredictions = {
    model: unit.model,
    fraction: unit.fraction,
    fold: unit.fold,
    testIndices: unit.test,
    trainCount: unit.train.length,
    predicted: outcome.probabilities.map(argmax),
    probabilities: outcome.probabilities,
    ...(outcome.selection ? { selection: outcome.selection } : {}),
  };
  await input.store.writeJson(result, ...file);
  return result;
}

export async function evaluateCrossValidated(input: EvaluationInput): Promise<EvaluationOutput> {
  const { spec, labels, groups, store, events, heldOut } = input;
  const folds: Fold[] =
    (await store.tryReadJson<Fold[]>('eval', input.task, 'folds.json')) ??
    crossValidationFolds(labels, groups, spec.eval.folds, input.rng.fork('folds'), heldOut);
  await store.writeJson(folds, 'eval', input.task, 'folds.json');

  const models = evaluatedModels(spec);
  const fractions = [...spec.eval.labelFractions].sort((a, b) => a - b);
  const units = (folds.length + (heldOut ? 1 : 0)) * fractions.length * models.length;
  const predictions: FoldPredictions[] = [];
  events.stageStart(`evaluation ${input.task}`, units);
  let done = 0;
  for (const [foldIndex, fold] of folds.entries()) {
    const subsets = nestedLabelFractions(fold.train, labels, groups, fractions, input.rng.fork(`fractions:${foldIndex}`));
    for (const fraction of fractions) {
      const train = subsets.get(fraction)!;
      for (const model of models) {
        predictions.push(await predictUnit(input, {
          model, fraction, fold: foldIndex, train, test: fold.test,
          file: `fold${foldIndex}-f${fractionTag(fraction)}.json`, label: `${model}:${foldIndex}:${fraction}`, innerSplit: `inner-split:${foldIndex}:${fraction}`,
        }));
        events.stageTick(++done, { fold: foldIndex, labels: fraction, model });
      }
    }
  }
  const heldOutPredictions: FoldPredictions[] = [];
  if (heldOut) {
    const subsets = nestedLabelFractions(heldOut.train, labels, groups, fractions, input.rng.fork('fractions:held-out'));
    for (const fraction of fractions) {
      for (const model of models) {
        heldOutPredictions.push(await predictUnit(input, {
          model, fraction, fold: HELD_OUT_FOLD, train: subsets.get(fraction)!, test: heldOut.test,
          file: `held-out-f${fractionTag(fraction)}.json`, label: `${model}:held-out:${fraction}`, innerSplit: `inner-split:held-out:${fraction}`,
        }));
        events.stageTick(++done, { fold: 'held-out', labels: fraction, model });
      }
    }
  }
  events.stageEnd();
  return { folds, predictions, heldOutPredictions };
}

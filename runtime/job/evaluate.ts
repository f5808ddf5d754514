// Stage 3: patient-grouped stratified k-fold cross-validation at nested label fractions, for every model the spec's
// protocols name (./fold-predictors.ts). Each (model, fold, fraction) writes its out-of-fold predictions, with any
// hyper-parameters chosen on its training part, as soon as it finishes, so an interrupted run resumes there.
import type { FoldPredictions } from '../../dsl/results.ts';
import type { Rng } from '../../benchmarks/rng.ts';
import { patientGroupedStratifiedKFold, type Fold } from '../../benchmarks/splits/grouped-kfold.ts';
import { nestedLabelFractions } from '../../benchmarks/splits/label-fractions.ts';
import type { JobEvents } from './events.ts';
import { evaluatedModels, modelFolder, predictFold, type FoldPredictorContext } from './fold-predictors.ts';
import type { JobStore } from './store.ts';

export type { FoldOutcome, FoldTrainer } from './fold-predictors.ts';

export interface EvaluationInput extends FoldPredictorContext {
  /** Task id: its folds and predictions live under eval/<task>/. */
  task: string;
  rng: Rng;
  store: JobStore;
  events: JobEvents;
}

export interface EvaluationOutput {
  folds: Fold[];
  predictions: FoldPredictions[];
}

function argmax(row: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

function fractionTag(fraction: number): string {
  return String(fraction).replace('.', '_');
}

export async function evaluateCrossValidated(input: EvaluationInput): Promise<EvaluationOutput> {
  const { spec, labels, groups, store, events } = input;
  const folds: Fold[] =
    (await store.tryReadJson<Fold[]>('eval', input.task, 'folds.json')) ??
    patientGroupedStratifiedKFold(labels, groups, spec.eval.folds, input.rng.fork('folds'));
  await store.writeJson(folds, 'eval', input.task, 'folds.json');

  const models = evaluatedModels(spec);
  const fractions = [...spec.eval.labelFractions].sort((a, b) => a - b);
  const units = folds.length * fractions.length * models.length;
  const predictions: FoldPredictions[] = [];
  events.stageStart(`evaluation ${input.task}`, units);
  let done = 0;
  for (const [foldIndex, fold] of folds.entries()) {
    const subsets = nestedLabelFractions(fold.train, labels, groups, fractions, input.rng.fork(`fractions:${foldIndex}`));
    for (const fraction of fractions) {
      const train = subsets.get(fraction)!;
      for (const model of models) {
        const file = ['eval', input.task, modelFolder(model), `fold${foldIndex}-f${fractionTag(fraction)}.json`];
        let result = await store.tryReadJson<FoldPredictions>(...file);
        if (!result) {
          const innerRng = input.rng.fork(`inner-split:${foldIndex}:${fraction}`);
          const outcome = await predictFold(input, model, train, fold.test, `${model}:${foldIndex}:${fraction}`, innerRng);
          result = {
            model,
            fraction,
            fold: foldIndex,
            testIndices: fold.test,
            trainCount: train.length,
            predicted: outcome.probabilities.map(argmax),
            probabilities: outcome.probabilities,
            ...(outcome.selection ? { selection: outcome.selection } : {}),
          };
          await store.writeJson(result, ...file);
        }
        predictions.push(result);
        events.stageTick(++done, { fold: foldIndex, labels: fraction, model });
      }
    }
  }
  events.stageEnd();
  return { folds, predictions };
}

// Stage 3: patient-grouped stratified k-fold cross-validation at nested label fractions. Each (model, fold,
// fraction) writes its out-of-fold predictions as soon as it finishes, so an interrupted run resumes there.
import type { FoldPredictions, ModelKind } from '../../dsl/results.ts';
import type { ResolvedExperiment } from '../../dsl/types.ts';
import type { Rng } from '../../benchmarks/rng.ts';
import { patientGroupedStratifiedKFold, type Fold } from '../../benchmarks/splits/grouped-kfold.ts';
import { nestedLabelFractions } from '../../benchmarks/splits/label-fractions.ts';
import { fitLogisticRegression, predictProba } from '../../benchmarks/probe/logistic-regression.ts';
import type { JobEvents } from './events.ts';
import type { JobStore } from './store.ts';

/** Trains a model on `train` and returns class probabilities for `test` (both dataset indices). */
export type SupervisedTrainer = (train: number[], test: number[], label: string) => Promise<number[][]>;

export interface EvaluationInput {
  /** Task id: its folds and predictions live under eval/<task>/. */
  task: string;
  spec: ResolvedExperiment;
  labels: readonly number[];
  groups: readonly string[];
  numClasses: number;
  /** Frozen features per linear-probed model. */
  features: Partial<Record<ModelKind, readonly Float64Array[]>>;
  supervised?: SupervisedTrainer;
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
  const { spec, labels, groups, numClasses, store, events } = input;
  const folds: Fold[] =
    (await store.tryReadJson<Fold[]>('eval', input.task, 'folds.json')) ??
    patientGroupedStratifiedKFold(labels, groups, spec.eval.folds, input.rng.fork('folds'));
  await store.writeJson(folds, 'eval', input.task, 'folds.json');

  const models: ModelKind[] = ['pretrained', ...spec.eval.baselines];
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
        const file = ['eval', input.task, model, `fold${foldIndex}-f${fractionTag(fraction)}.json`];
        let result = await store.tryReadJson<FoldPredictions>(...file);
        if (!result) {
          const probabilities = await predictFold(input, model, train, fold.test, `${model}:${foldIndex}:${fraction}`);
          result = {
            model,
            fraction,
            fold: foldIndex,
            testIndices: fold.test,
            trainCount: train.length,
            predicted: probabilities.map(argmax),
            probabilities,
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

async function predictFold(input: EvaluationInput, model: ModelKind, train: number[], test: number[], label: string): Promise<number[][]> {
  if (model === 'supervised') {
    if (!input.supervised) throw new Error('the supervised baseline was requested but no trainer was given');
    return input.supervised(train, test, label);
  }
  const features = input.features[model];
  if (!features) throw new Error(`no features for model "${model}"`);
  const probe = fitLogisticRegression(
    train.map((i) => features[i]),
    train.map((i) => input.labels[i]),
    { numClasses: input.numClasses, l2: input.spec.eval.probe.l2, maxIter: input.spec.eval.probe.maxIter },
  );
  return predictProba(probe, test.map((i) => features[i]));
}

// The models a spec evaluates (a backbone with its protocol) and how each is fitted on one fold's training part and
// predicts its test part: the linear probe (λ from the grid on an inner split), the k-NN vote on frozen features,
// and the trained models (supervised from scratch, fine-tuned), which run-job supplies as trainers.
import type { FoldSelection, ModelKind } from '../../dsl/results.ts';
import type { ResolvedExperiment } from '../../dsl/types.ts';
import type { Rng } from '../../benchmarks/rng.ts';
import { knnPredictProba } from '../../benchmarks/knn/knn-classifier.ts';
import { fitGridProbe } from '../../benchmarks/probe/grid-probe.ts';
import { predictProba } from '../../benchmarks/probe/logistic-regression.ts';

/** Backbones whose frozen features are probed. */
export type FrozenBackbone = 'pretrained' | 'random-init';

export interface FoldOutcome {
  probabilities: number[][];
  selection?: FoldSelection;
}

/** Trains a model on `train` and predicts `test` (both dataset indices); `label` names the run for its seed. */
export type FoldTrainer = (train: number[], test: number[], label: string) => Promise<FoldOutcome>;

export interface FoldPredictorContext {
  spec: ResolvedExperiment;
  labels: readonly number[];
  groups: readonly string[];
  numClasses: number;
  features: Partial<Record<FrozenBackbone, readonly Float64Array[]>>;
  supervised?: FoldTrainer;
  fineTune?: FoldTrainer;
}

/**
 * Every protocol on the pretrained backbone; the frozen-feature protocols also on the random-init baseline, and the
 * supervised-from-scratch baseline once. With protocols ['linear-probe'] this is the historical list and order.
 */
export function evaluatedModels(spec: ResolvedExperiment): ModelKind[] {
  const { protocols, baselines } = spec.eval;
  const withRandomInit = baselines.includes('random-init');
  const models: ModelKind[] = [];
  if (protocols.includes('linear-probe')) models.push('pretrained', ...baselines);
  else if (baselines.includes('supervised')) models.push('supervised');
  if (protocols.includes('knn')) models.push('pretrained:knn', ...(withRandomInit ? (['random-init:knn'] as const) : []));
  if (protocols.includes('fine-tune')) models.push('pretrained:fine-tune');
  return models;
}

/** The folder a model's predictions are stored in (':' is not portable in file names). */
export function modelFolder(model: ModelKind): string {
  return model.replace(':', '_');
}

/**
 * Out-of-fold probabilities of one model. `innerRng` draws the inner validation split, and is shared by the models
 * of one fold and fraction so that their hyper-parameters are chosen on the same held-out patients.
 */
export async function predictFold(
  context: FoldPredictorContext, model: ModelKind, train: number[], test: number[], label: string, innerRng: Rng,
): Promise<FoldOutcome> {
  if (model === 'supervised') return requireTrainer(context.supervised, model)(train, test, label);
  if (model === 'pretrained:fine-tune') return requireTrainer(context.fineTune, model)(train, test, label);
  const [backbone, protocol] = model.split(':') as [FrozenBackbone, 'knn' | undefined];
  const features = context.features[backbone];
  if (!features) throw new Error(`no frozen features for backbone "${backbone}" (model ${model})`);
  const { spec } = context;
  if (protocol === 'knn') {
    const probabilities = knnPredictProba(train.map((i) => features[i]), train.map((i) => context.labels[i]), test.map((i) => features[i]), {
      numClasses: context.numClasses, k: spec.eval.knn.k, temperature: spec.eval.knn.temperature,
    });
    return { probabilities };
  }
  const { probe, choice } = fitGridProbe(features, context.labels, context.groups, train, {
    numClasses: context.numClasses,
    grid: spec.eval.probe.l2Grid,
    l2: spec.eval.probe.l2,
    validationFraction: spec.eval.probe.validationFraction,
    maxIter: spec.eval.probe.maxIter,
    rng: innerRng,
  });
  const selection: FoldSelection = {
    chosen: { l2: choice.l2 },
    criterion: 'validation log-loss',
    candidates: choice.candidates.map((c) => ({ value: c.l2, score: c.validationLoss })),
    fitCount: choice.fitCount,
    validationCount: choice.validationCount,
    ...(choice.note ? { note: choice.note } : {}),
  };
  return { probabilities: predictProba(probe, test.map((i) => features[i])), selection };
}

function requireTrainer(trainer: FoldTrainer | undefined, model: ModelKind): FoldTrainer {
  if (!trainer) throw new Error(`model "${model}" was requested but no trainer was given`);
  return trainer;
}

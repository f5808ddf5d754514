// The fine-tuning protocol for one fold (BEiT/DINOv2-style full fine-tuning): the pretrained backbone plus a new
// linear head trained end to end with layer-wise lr decay and optional label smoothing, stopped early on a
// patient-grouped validation split carved from the fold's training part, keeping the best epoch's weights.
import type { FoldSelection } from '../../dsl/results.ts';
import type { ResolvedExperiment } from '../../dsl/types.ts';
import type { Rng } from '../../benchmarks/rng.ts';
import { innerValidationSplit } from '../../benchmarks/probe/inner-validation-split.ts';
import type { VitConfig } from '../model/vit-config.ts';
import type { WeightMap } from '../model/weights.ts';
import { trainSupervised } from './supervised.ts';

export interface FineTuneFoldInput {
  /** Dataset images, labels and patient ids, by sample index. */
  images: readonly Float32Array[];
  labels: readonly number[];
  groups: readonly string[];
  numClasses: number;
  train: readonly number[];
  test: readonly number[];
  config: VitConfig;
  backbone: WeightMap;
  settings: ResolvedExperiment['eval']['fineTune'];
  rng: Rng;
  replicas?: number | 'auto';
  onProgress?: (step: number, steps: number, info?: Record<string, number>) => void;
}

export interface FineTuneFoldOutput {
  probabilities: number[][];
  selection: FoldSelection;
}

export async function fineTuneFold(input: FineTuneFoldInput): Promise<FineTuneFoldOutput> {
  const { images, labels, settings } = input;
  const split = innerValidationSplit(input.train, labels, input.groups, settings.validationFraction, input.rng.fork('validation'));
  // Without a validation patient to spare, train on the whole training part for every epoch and keep the last.
  const fit = split.validation.length > 0 ? split.fit : [...input.train];
  const pick = <T>(values: readonly T[], indices: readonly number[]) => indices.map((i) => values[i]);
  const model = await trainSupervised({
    images: pick(images, fit),
    labels: pick(labels, fit),
    numClasses: input.numClasses,
    config: input.config,
    settings: { epochs: settings.epochs, batchSize: settings.batchSize, lr: settings.lr },
    backbone: input.backbone,
    layerDecay: settings.layerDecay,
    labelSmoothing: settings.labelSmoothing,
    validation: split.validation.length > 0
      ? { images: pick(images, split.validation), labels: pick(labels, split.validation), patience: settings.patience }
      : undefined,
    rng: input.rng.fork('train'),
    replicas: input.replicas,
    onProgress: input.onProgress,
  });
  try {
    const probabilities = await model.predictProba(pick(images, input.test));
    return {
      probabilities,
      selection: {
        chosen: { epoch: model.keptEpoch },
        criterion: 'validation log-loss (early stopping)',
        candidates: model.validationLosses.map((score, e) => ({ value: e + 1, score })),
        fitCount: fit.length,
        validationCount: split.validation.length,
        ...(split.validation.length === 0 ? { note: 'training part too small for a validation split: all epochs, last weights' } : {}),
      },
    };
  } finally {
    model.dispose();
  }
}

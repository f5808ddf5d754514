// The cross-validation stage with every protocol, in process on synthetic frozen features and stub trainers: which
// models a spec evaluates, what each stores, and that no model's training part ever holds a test-fold sample.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { DEFAULTS } from '../../dsl/defaults.ts';
import type { ResolvedExperiment } from '../../dsl/types.ts';
import { SILENT_EVENTS } from '../../runtime/job/events.ts';
import { evaluateCrossValidated, type FoldTrainer } from '../../runtime/job/evaluate.ts';
import { evaluatedModels, modelFolder } from '../../runtime/job/fold-predictors.ts';
import { JobStore } from '../../runtime/job/store.ts';

function spec(evalOverrides: Partial<ResolvedExperiment['eval']>): ResolvedExperiment {
  return { ...DEFAULTS, name: 'protocols', description: '', eval: { ...DEFAULTS.eval, ...evalOverrides } };
}

describe('evaluatedModels', () => {
  it('keeps the historical models and order for the default linear probe', () => {
    expect(evaluatedModels(spec({}))).toEqual(['pretrained', 'random-init', 'supervised']);
  });

  it('adds k-NN on both frozen backbones and fine-tuning of the pretrained one', () => {
    expect(evaluatedModels(spec({ protocols: ['linear-probe', 'knn', 'fine-tune'] }))).toEqual([
      'pretrained', 'random-init', 'supervised', 'pretrained:knn', 'random-init:knn', 'pretrained:fine-tune',
    ]);
    expect(evaluatedModels(spec({ protocols: ['knn'], baselines: ['supervised'] }))).toEqual(['supervised', 'pretrained:knn']);
    expect(modelFolder('random-init:knn')).toBe('random-init_knn');
  });
});

describe('evaluateCrossValidated with every protocol', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'orthobench-protocols-eval-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('stores each model with its choices and never trains on a test-fold sample', async () => {
    const rng = new Rng(1);
    const n = 60;
    const labels = Array.from({ length: n }, (_, i) => (i >> 1) % 3);
    const groups = labels.map((_, i) => `patient-${i >> 1}`);
    const feature = (label: number, signal: number) => Float64Array.from({ length: 8 }, (_, d) => (d === label ? signal : 0) + rng.normal(0, 1));
    const features = { pretrained: labels.map((l) => feature(l, 4)), 'random-init': labels.map((l) => feature(l, 0)) };
    const trainedOn: Array<{ train: number[]; test: number[] }> = [];
    const stub: FoldTrainer = async (train, test) => {
      trainedOn.push({ train, test });
      return { probabilities: test.map(() => [1 / 3, 1 / 3, 1 / 3]), selection: { chosen: { epoch: 1 }, criterion: 'stub', candidates: [], fitCount: train.length, validationCount: 0 } };
    };
    const s = spec({ protocols: ['linear-probe', 'knn', 'fine-tune'], folds: 3, labelFractions: [0.5, 1], knn: { k: 5, temperature: 0.07 } });
    const { folds, predictions } = await evaluateCrossValidated({
      task: 'kl-grade', spec: s, labels, groups, numClasses: 3, features, supervised: stub, fineTune: stub,
      rng: new Rng(2), store: new JobStore(dir, 'job'), events: SILENT_EVENTS,
    });
    expect(predictions).toHaveLength(3 * 2 * 6);
    for (const { train, test } of trainedOn) expect(train.filter((i) => test.includes(i))).toEqual([]);
    expect(trainedOn).toHaveLength(3 * 2 * 2);
    for (const p of predictions.filter((q) => q.model === 'pretrained' || q.model === 'random-init')) {
      expect(s.eval.probe.l2Grid).toContain(p.selection!.chosen.l2);
      expect(p.selection!.fitCount + p.selection!.validationCount).toBe(p.trainCount);
    }
    // k-NN on informative features beats chance; on noise features it does not have to
    const pooledAccuracy = (model: string) => {
      const rows = predictions.filter((p) => p.model === model && p.fraction === 1);
      const hits = rows.flatMap((p) => p.predicted.map((c, i) => c === labels[p.testIndices[i]]));
      return hits.filter(Boolean).length / hits.length;
    };
    expect(pooledAccuracy('pretrained:knn')).toBeGreaterThan(0.8);
    expect(pooledAccuracy('pretrained')).toBeGreaterThan(0.8);
    // the same inner split for both probed backbones: equal fit/validation counts fold by fold
    for (const [f] of folds.entries()) {
      const counts = (model: string) => predictions.filter((p) => p.model === model && p.fold === f).map((p) => p.selection!.validationCount);
      expect(counts('random-init')).toEqual(counts('pretrained'));
    }
  });
});

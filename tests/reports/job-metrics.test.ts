// The pretraining curves a job sends to MLflow: one series per TrainingLogEntry field, the optional collapse
// diagnostics and regulariser terms only when the log has them (older results and runs with the term off).
import { describe, expect, it } from 'vitest';
import type { TrainingLogEntry } from '../../dsl/results.ts';
import { jobMetrics } from '../../reports/track-job.ts';
import { alternatingLabels, correctExcept, makeRun } from './make-run.ts';

const BASE: TrainingLogEntry = {
  step: 0, loss: 5.1, teacherEntropy: 3.2, featureStd: 0.08, lr: 1e-4, momentum: 0.99, teacherTemp: 0.01, imagesPerSec: 40,
};

function pretrainSeries(log: TrainingLogEntry[]): Map<string, Array<[number, number]>> {
  const run = makeRun('j', [{ id: 'kl', labels: alternatingLabels(4), correct: correctExcept(4, []) }]);
  run.result.pretraining = { method: 'dino', steps: log.length, wallSec: 1, imagesPerSec: 40, log };
  const series = new Map<string, Array<[number, number]>>();
  for (const m of jobMetrics(run.result, 0)) {
    if (!m.key.startsWith('pretrain/')) continue;
    series.set(m.key, [...(series.get(m.key) ?? []), [m.step, m.value]]);
  }
  return series;
}

describe('pretraining metrics for MLflow', () => {
  it('logs every field of every log entry at its step, with the diagnostics and the KoLeo and iBOT terms', () => {
    const series = pretrainSeries([
      { ...BASE, step: 0, klDivergence: 1.6, prototypeUsage: 0.05, koleoLoss: -1.2, ibotLoss: 0.9, weightDecay: 0.04 },
      { ...BASE, step: 10, loss: 4.9, klDivergence: 1.5, prototypeUsage: 0.06, koleoLoss: -1.3, ibotLoss: 0.7, weightDecay: 0.04 },
    ]);
    expect([...series.keys()].sort()).toEqual([
      'pretrain/ema_momentum', 'pretrain/feature_std', 'pretrain/ibot_loss', 'pretrain/images_per_sec', 'pretrain/kl_teacher_student',
      'pretrain/koleo_loss', 'pretrain/loss', 'pretrain/lr', 'pretrain/prototype_usage', 'pretrain/teacher_entropy', 'pretrain/teacher_temp',
    ]);
    expect(series.get('pretrain/loss')).toEqual([[0, 5.1], [10, 4.9]]);
    expect(series.get('pretrain/ibot_loss')).toEqual([[0, 0.9], [10, 0.7]]);
    expect(series.get('pretrain/kl_teacher_student')).toEqual([[0, 1.6], [10, 1.5]]);
    expect(series.get('pretrain/prototype_usage')).toEqual([[0, 0.05], [10, 0.06]]);
  });

  it('leaves out the optional series an older log or a run without KoLeo/iBOT does not have', () => {
    const keys = [...pretrainSeries([BASE]).keys()];
    for (const key of ['pretrain/ibot_loss', 'pretrain/koleo_loss', 'pretrain/kl_teacher_student', 'pretrain/prototype_usage']) expect(keys).not.toContain(key);
    expect(keys).toContain('pretrain/loss');
  });
});
